package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"sync"
	"sync/atomic"
)

// Change says what a commit changed: the agencies whose figures moved (a
// save, a workflow move, an upload) and the years of those figures, or All
// when the tree, the catalogue or the targets changed. A cache of a scope's
// figures is stale when one of the agencies is the scope or below it; one of
// a single year's figures only when that year is among Years.
type Change struct {
	Agencies []int64
	// Years are the years whose figures changed, in order; nil when they
	// are not known (any year may have changed).
	Years []int
	All   bool
	// Sessions says that sessions were ended or accounts changed (a
	// logout, a login that ended the browser's old session, an account
	// disabled, its password or its role changed): a cache of sessions must
	// read them again. All says it too.
	Sessions bool
}

// SessionsChanged reports whether cached sessions must be read again.
func (ch Change) SessionsChanged() bool { return ch.All || ch.Sessions }

// HasYear reports whether the change may have touched figures of year.
func (ch Change) HasYear(year int) bool {
	return ch.All || ch.Years == nil || slices.Contains(ch.Years, year)
}

// OnChange registers fn to be told of every commit: this process's, after
// the commit and before the write returns (so a caller that saved and then
// reads sees no stale cache), and other processes' or instances' on the
// same database as soon as the engine's watcher hears of them (CheckChanges
// makes sure it has). fn must be quick and must not write.
func (db *DB) OnChange(fn func(Change)) {
	db.changes.mu.Lock()
	defer db.changes.mu.Unlock()
	db.changes.listeners = append(db.changes.listeners, fn)
}

// CheckChanges returns once every commit that other processes or
// instances made before the call has been told to the listeners (SQLite:
// PRAGMA data_version, then the changes log; PostgreSQL: a round trip on
// the listening connection, after which every notification committed
// earlier has arrived). Readers that keep caches call it before trusting
// them: a save through another instance is on the next request.
func (db *DB) CheckChanges(ctx context.Context) error {
	if db.watch == nil || ctx.Value(syncedKey{db}) != nil {
		return nil
	}
	return db.watch.Sync(ctx)
}

// syncedKey marks a context that has seen this store's changes (Synced).
type syncedKey struct{ db *DB }

// Synced runs CheckChanges once for a request and returns its context
// marked: within it, CheckChanges costs nothing, and the cached agency tree
// and catalogue are trusted without reading their versions while no change
// of everything (Change.All) was heard since they were loaded — every write
// that moves either version says All, in its transaction. Every commit made
// before Synced is then seen by the request, as if it read the versions
// itself, with one round trip instead of one per read (on PostgreSQL, one
// shared by the requests that start meanwhile). When the check fails, ctx
// comes back unmarked with the error, and everything reads as before.
func (db *DB) Synced(ctx context.Context) (context.Context, error) {
	if ctx.Value(syncedKey{db}) != nil {
		return ctx, nil
	}
	if err := db.CheckChanges(ctx); err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, syncedKey{db}, true), nil
}

// trusted reports whether a cache loaded at generation gen of the changes
// of everything may be used in ctx without reading its version.
func (db *DB) trusted(ctx context.Context, gen uint64) bool {
	return ctx.Value(syncedKey{db}) != nil && db.changes.allGen.Load() == gen
}

// changeSignal is the store's side of OnChange: this process's name in
// what it publishes, and the listeners.
type changeSignal struct {
	mu        sync.Mutex
	listeners []func(Change)
	origin    string
	// allGen counts the changes of everything told so far (this process's
	// and the others'): the tree and the catalogue are trusted while it
	// has not moved since they were loaded.
	allGen atomic.Uint64
}

func newChangeSignal() (*changeSignal, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	return &changeSignal{origin: hex.EncodeToString(b[:])}, nil
}

// notify tells every listener.
func (c *changeSignal) notify(ch Change) {
	if !ch.All && !ch.Sessions && len(ch.Agencies) == 0 {
		return
	}
	if ch.All {
		c.allGen.Add(1)
	}
	c.mu.Lock()
	fns := append([]func(Change){}, c.listeners...)
	c.mu.Unlock()
	for _, fn := range fns {
		fn(ch)
	}
}

// publishAll tells the other processes, as part of tx, that everything may
// have changed: for the writes that change more than their deltas say (a
// rebuild, a bulk load). This process's listeners are told after the
// commit.
func (db *DB) publishAll(ctx context.Context, tx Execer) error {
	return db.publish(ctx, tx, Change{All: true})
}

func (db *DB) publish(ctx context.Context, tx Execer, ch Change) error {
	if db.watch == nil {
		return nil
	}
	return db.watch.Publish(ctx, tx, ch, db.now())
}
