package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestSyncedRequestSeesOtherInstancesTree: in a request that has seen the
// store's changes (Synced) the tree and the catalogue are not checked
// against their versions, yet a change of either through another instance
// before the request is in it — an agency added, a catalogue saved, a
// rebuild — and a context that was never synced still reads the versions,
// so it sees such a change without waiting for the signal.
func TestSyncedRequestSeesOtherInstancesTree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		a, b := openTreeTwice(t, engine, smallTree)
		request := func() context.Context {
			t.Helper()
			rctx, err := b.Synced(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return rctx
		}
		has := func(ctx context.Context, code string) bool {
			t.Helper()
			tree, err := b.Tree(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return tree.Get(code) != nil
		}
		if !has(request(), "C1") {
			t.Fatal("the tree lacks C1")
		}
		for i, code := range []string{"C7", "C8"} {
			if _, err := a.CreateAgency(ctx, store.AgencyWrite{Code: code, ParentCode: "D", Kind: kpi.KindCommune, Name: "Xã", Actor: "admin"}); err != nil {
				t.Fatal(err)
			}
			if i == 0 && !has(request(), code) {
				t.Fatalf("a request after %s was added through the other instance does not see it", code)
			}
			if i == 1 && !has(ctx, code) {
				t.Fatalf("a read outside a request after %s was added does not see it", code)
			}
		}
		before := storetest.Catalogue(t, b).Version
		if _, err := a.SaveCatalogue(ctx, store.CatalogueWrite{Definition: withDigitised(storetest.Catalogue(t, a).Definition()),
			Actor: "admin", Source: "test"}); err != nil {
			t.Fatal(err)
		}
		cat, err := b.Catalogue(request())
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := cat.Get("digitised"); !ok || cat.Version == before {
			t.Fatalf("a request after a catalogue change through the other instance has version %d (was %d)", cat.Version, before)
		}
		heard := listen(b)
		if err := a.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		request()
		if _, all := heard.seen(0); all != 1 {
			t.Fatalf("a rebuild through the other instance was heard as %d changes of everything, want 1", all)
		}
	})
}

// TestSessionChangesHeardEverywhere: a session ended or an account changed
// through one instance is told to the other's listeners (Change.Sessions)
// by the time its CheckChanges returns; a session started without ending
// another, and a session's last use, are not (nothing cached goes stale).
func TestSessionChangesHeardEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		a, b := openTreeTwice(t, engine, smallTree)
		var mu sync.Mutex
		here, there := 0, 0
		a.OnChange(func(ch store.Change) { mu.Lock(); here += boolCount(ch.Sessions); mu.Unlock() })
		b.OnChange(func(ch store.Change) { mu.Lock(); there += boolCount(ch.Sessions); mu.Unlock() })
		id, err := a.CreateUser(ctx, store.UserWrite{Username: "o", FullName: "O", Role: "officer", AgencyCode: "C1", Hash: "x", Actor: "admin"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		start := func(hash string) error {
			return a.StartSession(ctx, store.SessionStart{UserID: id, Hash: hash, Now: now,
				IdleBefore: now.Add(-time.Hour), AgeBefore: now.Add(-time.Hour), Audit: store.AuditEntry{Action: "login", Entity: "access", Actor: "o"}})
		}
		steps := []struct {
			what string
			do   func() error
			told int
		}{
			{"a new session", func() error { return start("h1") }, 0},
			{"its last use", func() error { return a.TouchSessions(ctx, map[string]time.Time{"h1": now.Add(time.Minute)}) }, 0},
			{"a login that ends the browser's old session", func() error {
				return a.StartSession(ctx, store.SessionStart{UserID: id, Hash: "h2", OldHash: "h1", Now: now,
					IdleBefore: now.Add(-time.Hour), AgeBefore: now.Add(-time.Hour), Audit: store.AuditEntry{Action: "login", Entity: "access", Actor: "o"}})
			}, 1},
			{"a logout", func() error { return a.Logout(ctx, "h2", store.AuditEntry{Action: "logout", Entity: "access"}) }, 1},
			{"a logout of a session already ended", func() error { return a.Logout(ctx, "h2", store.AuditEntry{Action: "logout", Entity: "access"}) }, 0},
			{"a session ended", func() error {
				if err := start("h3"); err != nil {
					return err
				}
				return a.EndSession(ctx, "h3")
			}, 1},
			{"a role changed", func() error {
				return a.UpdateUser(ctx, store.UserWrite{ID: id, FullName: "O", Role: "leader", AgencyCode: "P", Actor: "admin"})
			}, 1},
			{"an account disabled", func() error { return a.SetUserDisabled(ctx, store.UserWrite{ID: id, Actor: "admin"}, true) }, 1},
			{"a password changed", func() error { return a.SetPasswordHash(ctx, store.UserWrite{ID: id, Hash: "y", Actor: "admin"}) }, 1},
		}
		for _, s := range steps {
			mu.Lock()
			h0, t0 := here, there
			mu.Unlock()
			if err := s.do(); err != nil {
				t.Fatalf("%s: %v", s.what, err)
			}
			if err := b.CheckChanges(ctx); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			h, th := here-h0, there-t0
			mu.Unlock()
			if h != s.told || th != s.told {
				t.Errorf("%s: told this instance %d and the other %d times that sessions changed, want %d", s.what, h, th, s.told)
			}
		}
	})
}

func boolCount(b bool) int {
	if b {
		return 1
	}
	return 0
}
