package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// placement is where an agency's contribution goes: rank entries under its
// proper ancestors, sums and counts to those and to itself if it has
// children (a leaf's figures are its own rows).
type placement struct {
	agency    kpi.Agency
	above     []int64
	sumScopes []int64
}

func placementOf(ctx context.Context, q queryer, a kpi.Agency) (placement, error) {
	var rows []struct {
		ID    int64 `db:"ancestor_id"`
		Depth int   `db:"depth"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, q.Rebind(`SELECT ancestor_id, depth FROM agency_closure WHERE descendant_id = ?`), a.ID); err != nil {
		return placement{}, err
	}
	var children int
	if err := sqlx.GetContext(ctx, q, &children, q.Rebind(`SELECT COUNT(*) FROM agencies WHERE parent_id = ?`), a.ID); err != nil {
		return placement{}, err
	}
	p := placement{agency: a}
	for _, r := range rows {
		if r.Depth > 0 {
			p.above = append(p.above, r.ID)
		}
	}
	p.sumScopes = append(p.sumScopes, p.above...)
	if children > 0 {
		p.sumScopes = append(p.sumScopes, a.ID)
	}
	return p, nil
}

// useCachedTree lets the write look agencies and placements up in the
// cached tree when it is the tree this transaction sees (version, read
// inside the transaction, which holds the tree shared, so no change of it
// commits meanwhile); otherwise they are read by queries.
func (w *writeTx) useCachedTree(version int64) {
	w.tree = w.db.trees.at(version)
}

// agency finds an agency inside the write.
func (w *writeTx) agency(ctx context.Context, code string) (kpi.Agency, error) {
	if w.tree == nil {
		return agencyByCode(ctx, w, code)
	}
	a := w.tree.Get(code)
	if a == nil {
		return kpi.Agency{}, kpi.NoAgency(code)
	}
	return *a, nil
}

// placement is where a's contribution goes, inside the write.
func (w *writeTx) placement(ctx context.Context, a kpi.Agency) (placement, error) {
	if w.tree == nil {
		return placementOf(ctx, w, a)
	}
	p := placement{agency: a}
	for _, up := range w.tree.Ancestors(a.Code) {
		p.above = append(p.above, w.tree.Get(up).ID)
	}
	p.sumScopes = append(p.sumScopes, p.above...)
	if w.tree.HasChildren(a.Code) {
		p.sumScopes = append(p.sumScopes, a.ID)
	}
	return p, nil
}
