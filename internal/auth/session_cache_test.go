package auth_test

import (
	"testing"
	"time"

	"parkpi/internal/auth"
	"parkpi/internal/seed"
	"parkpi/internal/store/storetest"
)

// TestMain stops the throwaway PostgreSQL cluster the tests may start.
func TestMain(m *testing.M) { storetest.Main(m) }

// twoInstances opens one demo database twice — two app instances on one
// server, or two processes on one SQLite file — each with its own auth
// service (and so its own cache of sessions), on one clock.
func twoInstances(t *testing.T, engine string) (a, b *auth.Service, c *clock) {
	t.Helper()
	target := storetest.DemoTarget(t, engine)
	c = newClock()
	a, b = auth.New(storetest.OpenTarget(t, target)), auth.New(storetest.OpenTarget(t, target))
	a.SetClock(c.now)
	b.SetClock(c.now)
	return a, b, c
}

// session is the user of token on svc, failing the test on an error.
func session(t *testing.T, svc *auth.Service, token string) *auth.User {
	t.Helper()
	u, err := svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestSessionEndsOnEveryInstance: a session that instance B has read, and
// keeps, is refused by B's very next request once it is ended through
// instance A — a logout, the account disabled, its password changed — and
// a role changed through A is B's at once.
func TestSessionEndsOnEveryInstance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		a, b, _ := twoInstances(t, engine)
		by := auth.Actor{Username: "admin", Source: "test"}
		password := seed.DemoPassword
		start := func() string {
			t.Helper()
			_, token, err := login(a, "Officer.YenHoa", password)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 { // read, then from B's cache
				if session(t, b, token) == nil {
					t.Fatal("instance B does not know a session made on A")
				}
			}
			return token
		}
		u, err := a.UserByName(ctx, "officer.yenhoa")
		if err != nil {
			t.Fatal(err)
		}
		token := start()
		if err := a.Logout(ctx, token, auth.Where{}); err != nil {
			t.Fatal(err)
		}
		if session(t, b, token) != nil || session(t, a, token) != nil {
			t.Fatal("a session logged out on A is still accepted")
		}
		token = start()
		if err := a.UpdateUser(ctx, by, u.ID, auth.UserChange{FullName: u.FullName, Role: auth.RoleLeader, AgencyCode: "377"}); err != nil {
			t.Fatal(err)
		}
		if got := session(t, b, token); got == nil || got.Role != auth.RoleLeader || got.AgencyCode != "377" {
			t.Fatalf("instance B after a role change on A: %+v, want a leader of 377", got)
		}
		if err := a.SetDisabled(ctx, by, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if session(t, b, token) != nil {
			t.Fatal("instance B accepts the session of an account disabled on A")
		}
		if err := a.SetDisabled(ctx, by, u.ID, false); err != nil {
			t.Fatal(err)
		}
		token = start()
		password = "a-new-long-password"
		if err := a.SetPassword(ctx, by, u.ID, password); err != nil {
			t.Fatal(err)
		}
		if session(t, b, token) != nil {
			t.Fatal("instance B accepts a session of before a password change on A")
		}
		start()
	})
}

// TestCachedSessionNeverOutlivesItsExpiry: a session B keeps is refused
// past the absolute timeout however often it is used, and past the idle
// timeout when nobody used it; but one kept alive through instance A
// meanwhile (which B's copy cannot know) is not ended by B.
func TestCachedSessionNeverOutlivesItsExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		a, b, c := twoInstances(t, engine)
		cfg := auth.DefaultConfig()
		start := func() string {
			t.Helper()
			_, token, err := login(a, "Officer.YenHoa", seed.DemoPassword)
			if err != nil {
				t.Fatal(err)
			}
			if session(t, b, token) == nil {
				t.Fatal("instance B does not know a session made on A")
			}
			return token
		}
		token := start()
		for used := time.Duration(0); used+time.Hour < cfg.AbsoluteTimeout; used += time.Hour {
			c.add(time.Hour)
			if session(t, b, token) == nil {
				t.Fatalf("used every hour on B, the session ended after %v", used+time.Hour)
			}
		}
		if err := b.FlushTouches(ctx); err != nil {
			t.Fatal(err)
		}
		c.add(time.Hour + time.Minute)
		if session(t, b, token) != nil {
			t.Fatal("instance B accepts a session past the absolute timeout")
		}

		token = start()
		c.add(cfg.IdleTimeout + time.Minute)
		if session(t, b, token) != nil || session(t, a, token) != nil {
			t.Fatal("a session unused past the idle timeout is accepted")
		}

		token = start() // B's copy: last used now
		for range 3 {
			c.add(cfg.IdleTimeout / 2)
			if session(t, a, token) == nil {
				t.Fatal("instance A refuses a session in use")
			}
			if err := a.FlushTouches(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if session(t, b, token) == nil {
			t.Fatal("instance B ended a session used through A within the idle timeout")
		}
		if session(t, a, token) == nil {
			t.Fatal("instance A lost a session B should have kept")
		}
	})
}
