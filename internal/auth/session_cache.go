package auth

import (
	"context"
	"sync"
	"time"

	"parkpi/internal/store"
)

// sessionCache keeps the sessions this instance has read, so that a request
// of a session already seen costs no read of the database. Sessions stay in
// the database (every instance knows them, a restart keeps them): the cache
// only repeats what it read, and forgets everything when sessions are ended
// or accounts changed anywhere — the store says so with every such commit,
// this process's at once and another instance's through the change signal
// (store.Change.Sessions) — and it is used only once the request has seen
// every change committed before it (store.DB.CheckChanges). So a logout, a
// disabled account or a changed role on one instance holds on the next
// request to any other. What is never cached: an unknown token, and the
// decision that a session has idled out, which is taken on the database's
// record (another instance may have seen the session used since).
type sessionCache struct {
	mu      sync.Mutex
	gen     uint64 // moves whenever sessions change; an older read is not kept
	entries map[string]store.SessionRecord
}

// maxCachedSessions bounds memory: a flood of logins empties the cache
// instead of growing it.
const maxCachedSessions = 10_000

// changed forgets every session when sessions or accounts changed.
func (c *sessionCache) changed(ch store.Change) {
	if !ch.SessionsChanged() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// get is the cached session of hash.
func (c *sessionCache) get(hash string) (store.SessionRecord, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.entries[hash]
	return r, ok
}

// generation is taken before a read of the database; put keeps the read
// only if no change of sessions was told meanwhile.
func (c *sessionCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *sessionCache) put(hash string, r store.SessionRecord, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.entries == nil || len(c.entries) >= maxCachedSessions {
		c.entries = map[string]store.SessionRecord{}
	}
	c.entries[hash] = r
}

// used records a use of a cached session that will be written (a touch),
// so the next request does not touch it again.
func (c *sessionCache) used(hash string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.entries[hash]; ok && at.After(r.LastSeenAt) {
		r.LastSeenAt = at
		c.entries[hash] = r
	}
}

func (c *sessionCache) drop(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, hash)
}

// session is the session stored under hash: from the cache when the request
// has seen every change made before it (cached says so), else read from the
// database and kept.
func (s *Service) session(ctx context.Context, hash string) (r store.SessionRecord, ok, cached bool, err error) {
	if s.db.CheckChanges(ctx) != nil {
		r, ok, err = s.db.Session(ctx, hash) // the change signal is down: trust only the database
		return r, ok, false, err
	}
	if r, ok := s.sessions.get(hash); ok {
		return r, true, true, nil
	}
	r, ok, err = s.readSession(ctx, hash)
	return r, ok, false, err
}

// readSession reads the session from the database and keeps it.
func (s *Service) readSession(ctx context.Context, hash string) (store.SessionRecord, bool, error) {
	gen := s.sessions.generation()
	r, ok, err := s.db.Session(ctx, hash)
	if err == nil && ok {
		s.sessions.put(hash, r, gen)
	}
	return r, ok, err
}
