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
// agencies changed, and of which years: the entries of those agencies and of
// every scope above them go stale, and no other — and an entry of one
// year's figures only when that year changed. Identical loads at the same time are one
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
	gens    map[string]uint64    // per scope: moves on every change below it
	anyYear map[string]uint64    // per scope: moves on changes below it whose years are not known
	years   map[scopeYear]uint64 // per scope and year: moves on changes below it of that year
	all     uint64               // moves on changes of everything (tree, targets)
	entries map[string]viewEntry
	flight  singleflight.Group
}

// view is one cached thing: its key, the scope whose figures it shows and
// the year of those figures it depends on (0: every year).
type view struct {
	scope string
	year  int
	key   string
}

type scopeYear struct {
	scope string
	year  int
}

// stamp is what a view's data was at: the generations it depends on.
type stamp struct{ gen, any, all uint64 }

// atLeast reports whether s is as new as o, generation by generation.
func (s stamp) atLeast(o stamp) bool { return s.gen >= o.gen && s.any >= o.any && s.all >= o.all }

type viewEntry struct {
	view
	at  stamp
	val any
}

// maxViews bounds memory: a crawler walking every agency and year empties
// the cache instead of growing it.
const maxViews = 4096

func newViewCache(db *store.DB) *viewCache {
	c := &viewCache{db: db, gens: map[string]uint64{}, anyYear: map[string]uint64{}, years: map[scopeYear]uint64{},
		entries: map[string]viewEntry{}}
	db.OnChange(c.changed)
	return c
}

// stampOf is the view's generations now; the caller holds mu.
func (c *viewCache) stampOf(v view) stamp {
	if v.year == 0 {
		return stamp{gen: c.gens[v.scope], all: c.all}
	}
	return stamp{gen: c.years[scopeYear{v.scope, v.year}], any: c.anyYear[v.scope], all: c.all}
}

// changed makes stale what a commit touched: the changed agencies and every
// scope above them, for the years the commit names (every year when it
// names none).
func (c *viewCache) changed(ch store.Change) {
	if !ch.All && len(ch.Agencies) == 0 {
		return // sessions only
	}
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
				c.staleScope(code, ch.Years)
			}
		}
	}
	for key, e := range c.entries {
		if stale[e.scope] && (e.year == 0 || ch.HasYear(e.year)) {
			delete(c.entries, key)
		}
	}
}

// staleScope moves a scope's generations for the years changed (nil: any).
func (c *viewCache) staleScope(scope string, years []int) {
	c.gens[scope]++
	if years == nil {
		c.anyYear[scope]++
	}
	for _, y := range years {
		c.years[scopeYear{scope, y}]++
	}
}

// stamped is a load's result with the generations it started at.
type stamped struct {
	val any
	at  stamp
}

// cachedView answers a view of a scope's figures of every year from the
// cache, or loads and keeps it (cachedYearView).
func cachedView[T any](ctx context.Context, c *viewCache, scope, key string, load func(ctx context.Context) (T, error)) (T, error) {
	return cachedYearView(ctx, c, view{scope: scope, key: key}, load)
}

// cachedYearView answers from the cache or loads and keeps the value. The
// value is shared with every caller: read it, never change it. load runs on
// a context of its own, since its result may serve callers other than the
// one whose request started it.
func cachedYearView[T any](ctx context.Context, c *viewCache, v view, load func(ctx context.Context) (T, error)) (T, error) {
	if err := c.db.CheckChanges(ctx); err != nil { // commits of other processes
		return load(ctx)
	}
	c.mu.Lock()
	now := c.stampOf(v)
	e, ok := c.entries[v.key]
	c.mu.Unlock()
	if ok && e.at == now {
		return e.val.(T), nil
	}
	for {
		res, err, _ := c.flight.Do(v.key, func() (any, error) {
			return c.load(ctx, v, func(ctx context.Context) (any, error) { return load(ctx) })
		})
		if err != nil {
			var zero T
			return zero, err
		}
		st := res.(stamped)
		if st.at.atLeast(now) { // started after this caller looked
			return st.val.(T), nil
		}
	}
}

// load runs one load of a view and keeps its result if nothing under it
// changed meanwhile.
func (c *viewCache) load(ctx context.Context, v view, load func(ctx context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	at := c.stampOf(v)
	c.mu.Unlock()
	val, err := load(context.WithoutCancel(ctx))
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stampOf(v) == at {
		if len(c.entries) >= maxViews {
			clear(c.entries)
		}
		c.entries[v.key] = viewEntry{view: v, at: at, val: val}
	}
	return stamped{val: val, at: at}, nil
}
