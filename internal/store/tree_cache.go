package store

import (
	"context"
	"sync"

	"parkpi/internal/kpi"
)

// treeCache holds the agency tree with the tree_version it was loaded at.
// Reading the version is one primary-key lookup; the tree is reloaded only
// when a transaction that changed agencies has moved it (bumpTreeVersion).
type treeCache struct {
	mu      sync.Mutex
	version int64
	tree    *kpi.Tree
}

func (c *treeCache) get(ctx context.Context, db *DB) (*kpi.Tree, error) {
	var v int64
	if err := db.r.GetContext(ctx, &v, "SELECT version FROM tree_version WHERE id = 1"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tree != nil && c.version == v {
		return c.tree, nil
	}
	tree, err := db.loadTree(ctx)
	if err != nil {
		return nil, err
	}
	c.tree, c.version = tree, v
	return tree, nil
}
