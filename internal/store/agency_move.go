package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// moveSubtree re-parents moved under parent and moves every derived row
// the move changes, by deltas. A change of the tree runs alone, holding the
// tree exclusive: no other write's deltas are pending or running, so the
// moved root's sums read here are whole.
func (x *writeTx) moveSubtree(ctx context.Context, moved, parent kpi.Agency) error {
	if moved.ParentCode == "" {
		// A root's subtree has no rank entries outside itself to copy from:
		// joining two trees is a reorganisation for parkpi rebuild.
		return AgencyFieldErrors{AgencyFieldParent: kpi.Errorf(kpi.EINVALID,
			"%s là cơ quan gốc của cây, không chuyển được vào dưới cơ quan khác.",
			"%s is a root of the tree and cannot be moved under another agency.", moved.Code)}
	}
	oldParent, err := agencyByCode(ctx, x, moved.ParentCode)
	if err != nil {
		return err
	}
	oldUp, err := ancestorsOrSelf(ctx, x, oldParent.ID)
	if err != nil {
		return err
	}
	newUp, err := ancestorsOrSelf(ctx, x, parent.ID)
	if err != nil {
		return err
	}
	leave, join := minus(oldUp, newUp), minus(newUp, oldUp)
	sums, counts, err := x.subtreeContribution(ctx, moved)
	if err != nil {
		return err
	}
	for _, scope := range leave {
		sums.addTo(x.sums, scope, -1)
		counts.addTo(x.counts, scope, -1)
	}
	for _, scope := range join {
		sums.addTo(x.sums, scope, 1)
		counts.addTo(x.counts, scope, 1)
	}
	if err := x.moveRanks(ctx, moved, oldParent, leave, join); err != nil {
		return err
	}
	newParentWasLeaf, err := isLeaf(ctx, x, parent.ID)
	if err != nil {
		return err
	}
	if _, err := x.ExecContext(ctx, x.Rebind("UPDATE agencies SET parent_id = ? WHERE id = ?"), parent.ID, moved.ID); err != nil {
		return err
	}
	if err := rewriteClosure(ctx, x, moved.ID, parent.ID); err != nil {
		return err
	}
	if newParentWasLeaf {
		if err := x.promote(ctx, parent); err != nil {
			return err
		}
	}
	if leaf, err := isLeaf(ctx, x, oldParent.ID); err != nil || !leaf {
		return err
	}
	return x.demote(ctx, oldParent)
}

// yearSums are a subtree's sums and counts by year, to move between scopes.
type yearSums map[int][]kpi.SumRow

type yearCounts map[int][]kpi.CountRow

func (s yearSums) addTo(acc scopeSums, scope int64, sign int) {
	for year, rows := range s {
		for _, r := range rows {
			acc.add(scope, year, kpi.SumRow{SumKey: r.SumKey, Sum: float64(sign) * r.Sum, N: sign * r.N})
		}
	}
}

func (c yearCounts) addTo(acc scopeCounts, scope int64, sign int) {
	for year, rows := range c {
		for _, r := range rows {
			acc.add(scope, year, kpi.CountRow{CountKey: r.CountKey, N: sign * r.N})
		}
	}
}

// subtreeContribution is what the subtree of a adds to every scope above
// it: a's own sums and counts when it has children, else its own rows run
// through the contribution function.
func (x *writeTx) subtreeContribution(ctx context.Context, a kpi.Agency) (yearSums, yearCounts, error) {
	sums, counts := yearSums{}, yearCounts{}
	leaf, err := isLeaf(ctx, x, a.ID)
	if err != nil {
		return nil, nil, err
	}
	if leaf {
		cat, err := x.catalogue(ctx)
		if err != nil {
			return nil, nil, err
		}
		err = x.eachOwnYear(ctx, a, func(y kpi.AgencyYear) error {
			c := kpi.Contribute(cat, y)
			sums[y.Year], counts[y.Year] = c.Sums, c.Counts
			return nil
		})
		return sums, counts, err
	}
	rows, err := x.QueryxContext(ctx, x.Rebind(`SELECT year, period, indicator_id, option_id, kind, bucket, sum, n
		FROM rollups WHERE scope_id = ?`), a.ID)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var year, bucket int
		var ind int64
		var r kpi.SumRow
		var kind string
		if err := rows.Scan(&year, &r.Period, &ind, &r.Option, &kind, &bucket, &r.Sum, &r.N); err != nil {
			rows.Close()
			return nil, nil, err
		}
		r.Indicator, r.Kind, r.Bucket = x.registry().code(ind), kpi.Kind(kind), kpi.Level(bucket)
		sums[year] = append(sums[year], r)
	}
	rows.Close()
	var crows []struct {
		Year   int    `db:"year"`
		Period string `db:"period"`
		Kind   string `db:"kind"`
		State  string `db:"state"`
		N      int    `db:"n"`
	}
	if err := x.SelectContext(ctx, &crows, x.Rebind(`SELECT year, period, kind, state, n FROM report_counts
		WHERE scope_id = ? AND dataset_id = ?`), a.ID, mainDataset); err != nil {
		return nil, nil, err
	}
	for _, r := range crows {
		counts[r.Year] = append(counts[r.Year], kpi.CountRow{CountKey: kpi.CountKey{Period: r.Period, Kind: kpi.Kind(r.Kind), State: r.State}, N: r.N})
	}
	return sums, counts, nil
}

// moveRanks copies the subtree's rank entries from under the old parent
// (an ancestor of every agency of the subtree) to each scope it joins, and
// removes them from each scope it leaves.
func (x *writeTx) moveRanks(ctx context.Context, moved, oldParent kpi.Agency, leave, join []int64) error {
	const subtree = `agency_id IN (SELECT descendant_id FROM agency_closure WHERE ancestor_id = ?)`
	for _, scope := range join {
		if _, err := x.ExecContext(ctx, x.Rebind(`INSERT INTO rank_entries (scope_id, indicator_id, year, period, value, agency_id, levels)
			SELECT ?, indicator_id, year, period, value, agency_id, levels FROM rank_entries
			WHERE scope_id = ? AND `+subtree), scope, oldParent.ID, moved.ID); err != nil {
			return err
		}
	}
	for _, scope := range leave {
		if _, err := x.ExecContext(ctx, x.Rebind(`DELETE FROM rank_entries WHERE scope_id = ? AND `+subtree), scope, moved.ID); err != nil {
			return err
		}
	}
	return nil
}

// demote stops keeping sums for an agency left without children: its own
// rows are its figures again. Its pending deltas go too.
func (x *writeTx) demote(ctx context.Context, a kpi.Agency) error {
	for k := range x.sums {
		if k.scope == a.ID {
			delete(x.sums, k)
		}
	}
	for k := range x.counts {
		if k.scope == a.ID {
			delete(x.counts, k)
		}
	}
	for _, table := range []string{"rollups", "report_counts"} {
		// table is one of two constants, never input.
		if _, err := x.ExecContext(ctx, x.Rebind("DELETE FROM "+table+" WHERE scope_id = ?"), a.ID); err != nil {
			return err
		}
	}
	return nil
}

func ancestorsOrSelf(ctx context.Context, q queryer, id int64) ([]int64, error) {
	var ids []int64
	err := sqlx.SelectContext(ctx, q, &ids, q.Rebind("SELECT ancestor_id FROM agency_closure WHERE descendant_id = ?"), id)
	return ids, err
}

func minus(a, b []int64) []int64 {
	in := make(map[int64]bool, len(b))
	for _, id := range b {
		in[id] = true
	}
	var out []int64
	for _, id := range a {
		if !in[id] {
			out = append(out, id)
		}
	}
	return out
}
