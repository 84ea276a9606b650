package store

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
)

// CheckDerived compares the derived tables, as the writes have kept them,
// with what a rebuild makes of the entered values and reports, computed in
// a transaction that is rolled back. It returns the differences (at most
// maxDiffs), none when they agree: `parkpi rebuild --check`, and the tests
// that incremental equals rebuild. It holds the tree exclusive, so no
// write runs between the two looks.
func (db *DB) CheckDerived(ctx context.Context) ([]string, error) {
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := db.lockTx(ctx, tx, Locks{Tree: TreeExclusive}); err != nil {
		return nil, err
	}
	t := db.newStmtTx(tx)
	kept, err := snapshotDerived(ctx, t)
	if err != nil {
		return nil, err
	}
	if err := db.rebuildTx(ctx, t); err != nil {
		return nil, err
	}
	rebuilt, err := snapshotDerived(ctx, t)
	if err != nil {
		return nil, err
	}
	return diffSnapshots(kept, rebuilt), nil
}

const maxDiffs = 50

// derivedKeys are each derived table's key columns and value columns.
var derivedKeys = map[string][2]string{
	"own_figures":   {"agency_id, year, period, indicator_id, option_id, bucket", "value, n"},
	"rollups":       {"scope_id, year, period, indicator_id, option_id, kind, bucket", "sum, n"},
	"rank_entries":  {"scope_id, indicator_id, year, period, value, agency_id", "levels"},
	"report_counts": {"scope_id, dataset_id, year, period, kind, state", "n"},
}

// snapshot is a table's rows by key.
type snapshot map[string][]float64

func snapshotDerived(ctx context.Context, q queryer) (map[string]snapshot, error) {
	out := map[string]snapshot{}
	for table, cols := range derivedKeys {
		// table and columns are the constants above, never input.
		rows, err := q.QueryxContext(ctx, "SELECT "+cols[0]+", "+cols[1]+" FROM "+table)
		if err != nil {
			return nil, err
		}
		nkey := len(strings.Split(cols[0], ","))
		snap := snapshot{}
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				rows.Close()
				return nil, err
			}
			key := fmt.Sprint(vals[:nkey]...)
			nums := make([]float64, 0, len(vals)-nkey)
			for _, v := range vals[nkey:] {
				nums = append(nums, toFloat(v))
			}
			snap[key] = nums
		}
		rows.Close()
		out[table] = snap
	}
	return out, nil
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}

func diffSnapshots(kept, rebuilt map[string]snapshot) []string {
	var out []string
	tables := make([]string, 0, len(kept))
	for t := range kept {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, table := range tables {
		k, r := kept[table], rebuilt[table]
		for key, want := range r {
			if got, ok := k[key]; !ok || !closeTo(got, want) {
				out = append(out, fmt.Sprintf("%s %s: kept %v, rebuilt %v", table, key, got, want))
			}
		}
		for key, got := range k {
			if _, ok := r[key]; !ok {
				out = append(out, fmt.Sprintf("%s %s: kept %v, rebuilt nothing", table, key, got))
			}
		}
		if len(out) > maxDiffs {
			return out[:maxDiffs]
		}
	}
	return out
}

func closeTo(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-6*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

// countedTables are the tables TableRows counts.
var countedTables = map[string]bool{"agencies": true, "kpi_values": true, "submissions": true, "targets": true,
	"own_figures": true, "rollups": true, "rank_entries": true, "report_counts": true, "audit_log": true, "users": true}

// TableRows counts the rows of some of the store's tables, by name: what a
// load or a copy reports.
func (db *DB) TableRows(ctx context.Context, tables ...string) (map[string]int, error) {
	out := make(map[string]int, len(tables))
	for _, t := range tables {
		if !countedTables[t] {
			return nil, fmt.Errorf("TableRows: no table %q", t)
		}
		var n int
		// t is one of the names above, never input.
		if err := db.r.GetContext(ctx, &n, "SELECT COUNT(*) FROM "+t); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}
