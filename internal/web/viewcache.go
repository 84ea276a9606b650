package web

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// viewCache keeps what the web builds from the store's figures (view
// models, encoded answers) until the data under them changes. An entry
// belongs to a scope (the agency whose subtree it shows) and is keyed by
// everything else it depends on (the user's scope, state, period, language,
// parameters). The store tells of every commit (store.DB.OnChange) which
// agencies changed: the entries of those agencies and of every scope above
// them go stale, and no other. Identical loads at the same time are one
// load (singleflight, keyed by the view alone, so there is at most one load
// of a view at a time however fast commits come); a caller takes a load's
// result only if the load started after the caller saw the data's
// generation, else it joins the next load. So a save is seen by the next
// read of every scope above it, and under a stream of saves each load
// serves every request that queued while the one before ran. A load that a
// change of its scope overtook is not kept.
type viewCache struct {
	db      *store.DB
	mu      sync.Mutex
	gens    map[string]uint64 // per scope: moves on every change below it
	all     uint64            // moves on changes of everything (tree, targets)
	entries map[string]viewEntry
	flight  singleflight.Group
}

type viewEntry struct {
	scope    string
	gen, all uint64
	val      any
}

// maxViews bounds memory: a crawler walking every agency and year empties
// the cache instead of growing it.
const maxViews = 4096

func newViewCache(db *store.DB) *viewCache {
	c := &viewCache{db: db, gens: map[string]uint64{}, entries: map[string]viewEntry{}}
	db.OnChange(c.changed)
	return c
}

// changed makes stale what a commit touched: the changed agencies and every
// scope above them.
func (c *viewCache) changed(ch store.Change) {
	var tree *kpi.Tree
	if !ch.All {
		var err error
		if tree, err = c.db.Tree(context.Background()); err != nil {
			ch.All = true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch.All {
		c.all++
		clear(c.entries)
		return
	}
	stale := map[string]bool{}
	for _, id := range ch.Agencies {
		a := tree.ByID(id)
		if a == nil {
			continue
		}
		for _, code := range append([]string{a.Code}, tree.Ancestors(a.Code)...) {
			if !stale[code] {
				stale[code] = true
				c.gens[code]++
			}
		}
	}
	for key, e := range c.entries {
		if stale[e.scope] {
			delete(c.entries, key)
		}
	}
}

// stamped is a load's result with the generations it started at.
type stamped struct {
	val      any
	gen, all uint64
}

// cachedView answers from the cache or loads and keeps the value. The value
// is shared with every caller: read it, never change it. load runs on a
// context of its own, since its result may serve callers other than the
// one whose request started it.
func cachedView[T any](ctx context.Context, c *viewCache, scope, key string, load func(ctx context.Context) (T, error)) (T, error) {
	if err := c.db.CheckChanges(ctx); err != nil { // commits of other processes
		return load(ctx)
	}
	c.mu.Lock()
	gen, all := c.gens[scope], c.all
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.gen == gen && e.all == all {
		return e.val.(T), nil
	}
	for {
		v, err, _ := c.flight.Do(key, func() (any, error) {
			return c.load(ctx, scope, key, func(ctx context.Context) (any, error) { return load(ctx) })
		})
		if err != nil {
			var zero T
			return zero, err
		}
		st := v.(stamped)
		if st.gen >= gen && st.all >= all { // started after this caller looked
			return st.val.(T), nil
		}
	}
}

// load runs one load of a view and keeps its result if nothing under it
// changed meanwhile.
func (c *viewCache) load(ctx context.Context, scope, key string, load func(ctx context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	gen, all := c.gens[scope], c.all
	c.mu.Unlock()
	val, err := load(context.WithoutCancel(ctx))
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gens[scope] == gen && c.all == all {
		if len(c.entries) >= maxViews {
			clear(c.entries)
		}
		c.entries[key] = viewEntry{scope: scope, gen: gen, all: all, val: val}
	}
	return stamped{val: val, gen: gen, all: all}, nil
}
