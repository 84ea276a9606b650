package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"sync"
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
}

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
	if db.watch == nil {
		return nil
	}
	return db.watch.Sync(ctx)
}

// changeSignal is the store's side of OnChange: this process's name in
// what it publishes, and the listeners.
type changeSignal struct {
	mu        sync.Mutex
	listeners []func(Change)
	origin    string
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
	if !ch.All && len(ch.Agencies) == 0 {
		return
	}
	c.mu.Lock()
	fns := append([]func(Change){}, c.listeners...)
	c.mu.Unlock()
	for _, fn := range fns {
		fn(ch)
	}
}
