package store

import (
	"context"
	"database/sql"
	"sync"

	"parkpi/internal/kpi"
)

// cache keeps the answers of the dashboard reads (figures, breakdowns,
// child and own figures, years, quarters) until the database changes.
//
// Invalidation: SQLite's PRAGMA data_version, read on a connection of the
// cache's own that never writes, changes whenever any other connection
// commits, whether it is this process's writer, another instance of parkpi
// on the same file or the sqlite3 shell. Every cached read checks it first
// (a few microseconds), so a figure saved anywhere shows on the very next
// request, and no write path has to remember to invalidate anything. A
// counter row bumped in every write transaction would work too, but only
// for writes that go through code that bumps it, and it would add a write
// to every transaction.
type cache struct {
	mu      sync.Mutex
	pool    *sql.DB
	conn    *sql.Conn
	stmt    *sql.Stmt
	version int64
	gen     uint64
	entries map[cacheKey]any
}

// cacheKey names one read: the query and its scope.
type cacheKey struct {
	op string
	s  Scope
}

// maxCacheEntries bounds memory: a burst of distinct scopes (a crawler
// walking every agency and year) empties the cache instead of growing it.
const maxCacheEntries = 4096

// openCache opens the cache's own read connection on the database file.
func openCache(ctx context.Context, path string) (*cache, error) {
	pool, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(1)
	c := &cache{pool: pool, entries: map[cacheKey]any{}}
	if c.conn, err = pool.Conn(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if c.stmt, err = c.conn.PrepareContext(ctx, "PRAGMA data_version"); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *cache) close() error {
	if c.stmt != nil {
		c.stmt.Close()
	}
	c.conn.Close()
	return c.pool.Close()
}

// current returns the generation of the data: it moves on, and the entries
// are dropped, when another connection has committed since the last look.
func (c *cache) current() (uint64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var v int64
	// Not the request's context: a cancelled request must not leave the
	// shared connection mid-statement.
	if err := c.stmt.QueryRowContext(context.Background()).Scan(&v); err != nil {
		return 0, err
	}
	if v != c.version {
		c.version = v
		c.gen++
		clear(c.entries)
	}
	return c.gen, nil
}

func (c *cache) get(k cacheKey, gen uint64) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return nil, false
	}
	v, ok := c.entries[k]
	return v, ok
}

// put keeps v only if no commit was seen since gen was read: v was loaded
// after that check, so it is at least as new as generation gen.
func (c *cache) put(k cacheKey, gen uint64, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.entries) >= maxCacheEntries {
		clear(c.entries)
	}
	c.entries[k] = v
}

// cached answers a read from the cache, or loads it and keeps it. Callers
// get their own copy (clone), so one caller changing a map cannot change
// what the next one reads. Without a cache, or when the version check
// fails, it simply loads.
func cached[T any](db *DB, k cacheKey, load func() (T, error), clone func(T) T) (T, error) {
	if db.cache == nil {
		return load()
	}
	gen, err := db.cache.current()
	if err != nil {
		return load()
	}
	if v, ok := db.cache.get(k, gen); ok {
		return clone(v.(T)), nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	db.cache.put(k, gen, v)
	return clone(v), nil
}

func cloneFigures(m map[string]kpi.Figure) map[string]kpi.Figure {
	out := make(map[string]kpi.Figure, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneTotals(m map[string]kpi.Total) map[string]kpi.Total {
	out := make(map[string]kpi.Total, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneKeyed(m map[string]map[string]kpi.Figure) map[string]map[string]kpi.Figure {
	out := make(map[string]map[string]kpi.Figure, len(m))
	for k, v := range m {
		out[k] = cloneFigures(v)
	}
	return out
}

// shareKeyed copies only the outer map: the per-agency maps of OwnFigures
// are shared, read-only (see OwnFigures).
func shareKeyed(m map[string]map[string]kpi.Figure) map[string]map[string]kpi.Figure {
	out := make(map[string]map[string]kpi.Figure, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneBreakdown(b Breakdown) Breakdown {
	out := Breakdown{Total: cloneFigures(b.Total), ByKind: make(map[kpi.Kind]map[string]kpi.Figure, len(b.ByKind))}
	for k, v := range b.ByKind {
		out.ByKind[k] = cloneFigures(v)
	}
	return out
}

func cloneInts(s []int) []int { return append([]int(nil), s...) }
