package store

import (
	"context"
	"database/sql"
	"sync"

	"parkpi/internal/kpi"
)

// treeCache holds the agency tree with the tree_version it was loaded at.
// Reading the version is one primary-key lookup; the tree is reloaded only
// when a transaction that changed agencies has moved it (bumpTreeVersion).
// In a request that has seen the store's changes (Synced), not even the
// version is read while no change of everything was heard since the tree
// was last checked: every change of the tree says All.
type treeCache struct {
	mu      sync.Mutex
	version int64
	gen     uint64 // the changes of everything told when the version was read
	tree    *kpi.Tree
}

func (c *treeCache) get(ctx context.Context, db *DB) (*kpi.Tree, error) {
	c.mu.Lock()
	if c.tree != nil && db.trusted(ctx, c.gen) {
		defer c.mu.Unlock()
		return c.tree, nil
	}
	c.mu.Unlock()
	gen := db.changes.allGen.Load()
	var v int64
	if err := db.r.GetContext(ctx, &v, "SELECT version FROM tree_version WHERE id = 1"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tree != nil && c.version == v {
		c.gen = max(c.gen, gen)
		return c.tree, nil
	}
	tree, err := loadTree(ctx, db.r)
	if err != nil {
		return nil, err
	}
	c.tree, c.version, c.gen = tree, v, gen
	return tree, nil
}

// last is the tree loaded last, whatever the version now (nil: none yet),
// for work that checks what it took from it again inside its write.
func (c *treeCache) last() *kpi.Tree {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tree
}

// at is the cached tree if it was loaded at version v, else nil.
func (c *treeCache) at(v int64) *kpi.Tree {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tree != nil && c.version == v {
		return c.tree
	}
	return nil
}

// loadTree reads the tree with plain Scan and the parents' codes resolved
// in Go instead of by a self-join: 5,000 rows nationally, read again only
// when the tree changes.
func loadTree(ctx context.Context, q queryer) (*kpi.Tree, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, code, parent_id, kind, name FROM agencies ORDER BY sort_order, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []kpi.Agency
	var parents []sql.NullInt64
	codes := map[int64]string{}
	for rows.Next() {
		var a kpi.Agency
		var parent sql.NullInt64
		var kind string
		if err := rows.Scan(&a.ID, &a.Code, &parent, &kind, &a.Name); err != nil {
			return nil, err
		}
		a.Kind = kpi.Kind(kind)
		codes[a.ID] = a.Code
		list, parents = append(list, a), append(parents, parent)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, p := range parents {
		if p.Valid {
			list[i].ParentCode = codes[p.Int64]
		}
	}
	return kpi.NewTree(list)
}
