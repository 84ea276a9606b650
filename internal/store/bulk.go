package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// Bulk is a whole dataset loaded at once: the demo seed or a synthetic
// national dataset. Entry goes through SaveValues; this is for loads only.
type Bulk struct {
	Agencies    []kpi.Agency // added first, parents before children
	Values      []kpi.Value
	Submissions []kpi.Submission
	Targets     []kpi.Target
	Actor       string
	Source      string
}

// BulkLoad inserts a dataset (and its agencies, when given) and rebuilds every
// year figure and rollup, in one transaction, with one audit row per kind
// of thing loaded.
func (db *DB) BulkLoad(ctx context.Context, b Bulk) error {
	for _, a := range b.Agencies {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		for i, a := range b.Agencies {
			if err := insertAgency(ctx, tx, a, i); err != nil {
				return err
			}
		}
		ids, err := agencyIDs(ctx, tx)
		if err != nil {
			return err
		}
		if err := db.insertValues(ctx, tx, ids, b); err != nil {
			return err
		}
		if err := db.insertSubmissions(ctx, tx, ids, b); err != nil {
			return err
		}
		if err := db.insertTargets(ctx, tx, ids, b); err != nil {
			return err
		}
		if err := db.rebuildRollups(ctx, tx); err != nil {
			return err
		}
		for _, what := range []struct {
			entity string
			n      int
		}{{"value", len(b.Values)}, {"submission", len(b.Submissions)}, {"target", len(b.Targets)}} {
			e := AuditEntry{Actor: b.Actor, Action: "bulk.load", Entity: what.entity, New: fmt.Sprint(what.n), Source: b.Source}
			if err := db.audit(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

func agencyIDs(ctx context.Context, q queryer) (map[string]int64, error) {
	var rows []struct {
		ID   int64  `db:"id"`
		Code string `db:"code"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, "SELECT id, code FROM agencies"); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Code] = r.ID
	}
	return out, nil
}

func lookup(ids map[string]int64, code string) (int64, error) {
	id, ok := ids[code]
	if !ok {
		return 0, kpi.Errorf(kpi.ENOTFOUND, "Không có cơ quan mã %s.", "There is no agency with code %s.", code)
	}
	return id, nil
}

// insertValues uses multi-row INSERTs: one statement per few hundred
// values is what makes millions of rows load in seconds.
func (db *DB) insertValues(ctx context.Context, tx *sqlx.Tx, ids map[string]int64, b Bulk) error {
	const cols = 7
	rows := make([][]any, 0, len(b.Values))
	now := db.now()
	for _, v := range b.Values {
		if _, ok := db.cat.Get(v.Indicator); !ok {
			return kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", v.Indicator)
		}
		id, err := lookup(ids, v.Agency)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, v.Indicator, v.Period.Year, v.Period.Quarter, v.Value, b.Actor, now})
	}
	return insertRows(ctx, tx, "INSERT INTO kpi_values (agency_id, indicator, year, quarter, value, updated_by, updated_at) VALUES ", cols, rows)
}

func (db *DB) insertSubmissions(ctx context.Context, tx *sqlx.Tx, ids map[string]int64, b Bulk) error {
	rows := make([][]any, 0, len(b.Submissions))
	now := db.now()
	for _, s := range b.Submissions {
		id, err := lookup(ids, s.Agency)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, s.Period.Year, s.Period.Quarter, s.State, s.Reason, 1, b.Actor, now})
	}
	return insertRows(ctx, tx, "INSERT INTO submissions (agency_id, year, quarter, state, reason, version, updated_by, updated_at) VALUES ", 8, rows)
}

func (db *DB) insertTargets(ctx context.Context, tx *sqlx.Tx, ids map[string]int64, b Bulk) error {
	rows := make([][]any, 0, len(b.Targets))
	now := db.now()
	for _, t := range b.Targets {
		id, err := lookup(ids, t.AgencyCode)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, t.Indicator, t.Year, t.Value, b.Actor, now})
	}
	return insertRows(ctx, tx, "INSERT INTO targets (agency_id, indicator, year, value, updated_by, updated_at) VALUES ", 6, rows)
}

// insertRows sends rows in chunks that stay under SQLite's limit of 32,766
// bound parameters per statement.
func insertRows(ctx context.Context, tx *sqlx.Tx, prefix string, cols int, rows [][]any) error {
	return execRows(ctx, tx, rowsStmt{prefix: prefix, cols: cols}, rows)
}

// rowsStmt is a multi-row statement: prefix, one tuple per row, suffix (an
// ON CONFLICT clause, or nothing).
type rowsStmt struct {
	prefix string
	suffix string
	cols   int
}

// execRows runs s over rows in chunks that stay under SQLite's limit of
// 32,766 bound parameters per statement.
func execRows(ctx context.Context, tx *sqlx.Tx, s rowsStmt, rows [][]any) error {
	chunk := 30000 / s.cols
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", s.cols), ", ") + ")"
	for start := 0; start < len(rows); start += chunk {
		end := min(start+chunk, len(rows))
		args := make([]any, 0, (end-start)*s.cols)
		var b strings.Builder
		b.Grow(len(s.prefix) + len(s.suffix) + (end-start)*(len(tuple)+2))
		b.WriteString(s.prefix)
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, r...)
		}
		b.WriteString(s.suffix)
		if _, err := tx.ExecContext(ctx, tx.Rebind(b.String()), args...); err != nil {
			return err
		}
	}
	return nil
}
