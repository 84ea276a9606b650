package web

import (
	"context"
	"sync"
	"time"

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
//
// A server deployment may let the totals of a scope lag behind the saves
// below it by at most lag (PostgreSQL, where many instances save at once):
// a view marked lagged (the overview, whose page says when its totals were
// read) is then served for up to lag after its load began while agencies
// below its scope change, and a load overtaken by such a change is kept.
// A change of the scope's own agency, or of everything, still makes it
// stale at once: an agency's own figures are exact on the next request.
// With lag 0 (the embedded engine) every view is exact.
type viewCache struct {
	db      *store.DB
	lag     time.Duration
	mu      sync.Mutex
	self    map[string]uint64    // per scope: moves on a change of the scope's own agency
	gens    map[string]uint64    // per scope: moves on every change below it
	anyYear map[string]uint64    // per scope: moves on changes below it whose years are not known
	years   map[scopeYear]uint64 // per scope and year: moves on changes below it of that year
	all     uint64               // moves on changes of everything (tree, targets)
	entries map[string]viewEntry
	flight  singleflight.Group
	// refreshing are the lagged views being loaded again ahead of their lag.
	refreshing map[string]bool
}

// view is one cached thing: its key, the scope whose figures it shows,
// the year of those figures it depends on (0: every year), and whether
// its totals may lag behind the changes below its scope (viewCache.lag).
type view struct {
	scope  string
	year   int
	key    string
	lagged bool
}

type scopeYear struct {
	scope string
	year  int
}

// stamp is what a view's data was at: the generations it depends on.
type stamp struct{ gen, any, all, self uint64 }

// exactOnTop reports whether s is as new as o for what a lagged view may
// not lag on: the scope's own agency and the whole.
func (s stamp) exactOnTop(o stamp) bool { return s.self >= o.self && s.all >= o.all }

// atLeast reports whether s is as new as o, generation by generation.
func (s stamp) atLeast(o stamp) bool { return s.gen >= o.gen && s.any >= o.any && s.all >= o.all }

type viewEntry struct {
	view
	at     stamp
	loaded time.Time // when its load began: its totals hold every commit before
	val    any
}

// maxViews bounds memory: a crawler walking every agency and year empties
// the cache instead of growing it.
const maxViews = 4096

func newViewCache(db *store.DB, lag time.Duration) *viewCache {
	c := &viewCache{db: db, lag: lag, self: map[string]uint64{}, gens: map[string]uint64{}, anyYear: map[string]uint64{},
		years: map[scopeYear]uint64{}, entries: map[string]viewEntry{}, refreshing: map[string]bool{}}
	db.OnChange(c.changed)
	return c
}

// stampOf is the view's generations now; the caller holds mu.
func (c *viewCache) stampOf(v view) stamp {
	if v.year == 0 {
		return stamp{gen: c.gens[v.scope], all: c.all, self: c.self[v.scope]}
	}
	return stamp{gen: c.years[scopeYear{v.scope, v.year}], any: c.anyYear[v.scope], all: c.all, self: c.self[v.scope]}
}

// usable reports whether entry e may answer a view whose generations are
// now: it is current, or it is a lagged view younger than lag that no
// change of its own agency or of everything has overtaken.
func (c *viewCache) usable(e viewEntry, now stamp) bool {
	return e.at == now || (e.lagged && c.lag > 0 && e.at.exactOnTop(now) && time.Since(e.loaded) < c.lag)
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
	stale, own := map[string]bool{}, map[string]bool{}
	for _, id := range ch.Agencies {
		a := tree.ByID(id)
		if a == nil {
			continue
		}
		own[a.Code] = true
		c.self[a.Code]++
		for _, code := range append([]string{a.Code}, tree.Ancestors(a.Code)...) {
			if !stale[code] {
				stale[code] = true
				c.staleScope(code, ch.Years)
			}
		}
	}
	for key, e := range c.entries {
		if stale[e.scope] && (e.year == 0 || ch.HasYear(e.year)) && (!e.lagged || c.lag == 0 || own[e.scope]) {
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
	val   any
	at    stamp
	began time.Time
}

// cachedView answers a view of a scope's figures of every year from the
// cache, or loads and keeps it (cachedYearView).
func cachedView[T any](ctx context.Context, c *viewCache, scope, key string, load func(ctx context.Context) (T, error)) (T, error) {
	return cachedYearView(ctx, c, view{scope: scope, key: key}, load)
}

// cachedLaggedView is cachedView of a view whose totals may lag behind the
// changes below its scope by the cache's lag; the view says when its
// totals were read. Its load may run in the background after the request
// that asked for it has ended: it must hold nothing of that request, and
// it must read the data itself, not through another lagged view (its
// result is kept under the generations its load began at).
func cachedLaggedView[T any](ctx context.Context, c *viewCache, scope, key string, load func(ctx context.Context) (T, error)) (T, error) {
	return cachedYearView(ctx, c, view{scope: scope, key: key, lagged: true}, load)
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
	hit := ok && c.usable(e, now)
	ahead := hit && e.at != now && time.Since(e.loaded) > c.lag/2 && !c.refreshing[v.key]
	if ahead {
		c.refreshing[v.key] = true
	}
	c.mu.Unlock()
	if ahead {
		// A lagged view past half its lag with changes below it is loaded
		// again in the background while it still answers, so no reader
		// waits for the load that keeps it within the lag.
		go c.refresh(v, func(ctx context.Context) (any, error) { return load(ctx) })
	}
	if hit {
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
		// A load that started after this caller looked; for a lagged view
		// also one that started before, since it is younger than lag.
		if st.at.atLeast(now) || c.usable(viewEntry{view: v, at: st.at, loaded: st.began}, now) {
			return st.val.(T), nil
		}
	}
}

// refresh loads a lagged view again in the background (joining a load of
// it already running).
func (c *viewCache) refresh(v view, load func(ctx context.Context) (any, error)) {
	defer func() {
		c.mu.Lock()
		delete(c.refreshing, v.key)
		c.mu.Unlock()
	}()
	// A failed refresh leaves the next reader past the lag to load it.
	_, _, _ = c.flight.Do(v.key, func() (any, error) { return c.load(context.Background(), v, load) })
}

// load runs one load of a view and keeps its result if nothing under it
// changed meanwhile.
func (c *viewCache) load(ctx context.Context, v view, load func(ctx context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	at, began := c.stampOf(v), time.Now()
	c.mu.Unlock()
	val, err := load(context.WithoutCancel(ctx))
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := viewEntry{view: v, at: at, loaded: began, val: val}
	if now := c.stampOf(v); now == at || c.usable(e, now) {
		if len(c.entries) >= maxViews {
			clear(c.entries)
		}
		c.entries[v.key] = e
	}
	return stamped{val: val, at: at, began: began}, nil
}
