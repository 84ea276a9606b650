package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"parkpi/internal/auth"
	"parkpi/internal/seed"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
	"parkpi/internal/web"
)

// demoDB is a copy of the demo database with its admin: the admin's random
// first-start password is replaced by the demo password, so every demo
// user, admin included, logs in with seed.DemoPassword.
func demoDB(t *testing.T) *store.DB {
	t.Helper()
	return demoDBOn(t, storetest.SQLite)
}

// demoDBOn is demoDB on the engine.
func demoDBOn(t *testing.T, engine string) *store.DB {
	t.Helper()
	return prepareAdmin(t, storetest.OpenDemoOn(t, engine))
}

// TestMain stops the throwaway PostgreSQL cluster the tests may start.
func TestMain(m *testing.M) { storetest.Main(m) }

// prepareAdmin gives a demo database its admin, with the demo password.
func prepareAdmin(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	ctx := context.Background()
	if _, err := seed.Admin(ctx, db); err != nil {
		t.Fatal(err)
	}
	svc := auth.New(db)
	admin, err := svc.UserByName(ctx, seed.AdminUsername)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetPassword(ctx, auth.Actor{Username: "test"}, admin.ID, seed.DemoPassword); err != nil {
		t.Fatal(err)
	}
	return db
}

// newServerOn serves db with the given logger (nil: discard) until the test ends.
func newServerOn(t *testing.T, db *store.DB, log *slog.Logger) *httptest.Server {
	t.Helper()
	_, ts := serveWith(t, db, log)
	return ts
}

// serveWith is newServerOn that also returns the web server (for its routes).
func serveWith(t *testing.T, db *store.DB, log *slog.Logger) (*web.Server, *httptest.Server) {
	t.Helper()
	return serveLog(t, db, log, web.Options{})
}

// serveOpts serves db with options, logging nowhere.
func serveOpts(t *testing.T, db *store.DB, opts web.Options) (*web.Server, *httptest.Server) {
	t.Helper()
	return serveLog(t, db, nil, opts)
}

func serveLog(t *testing.T, db *store.DB, log *slog.Logger, opts web.Options) (*web.Server, *httptest.Server) {
	t.Helper()
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := web.New(db, log, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// newServer serves a fresh copy of the demo database (with its demo users
// and an admin whose password is the demo password).
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	return newServerOn(t, demoDB(t), nil)
}

// newServerFor serves a fresh copy of the demo on the engine.
func newServerFor(t *testing.T, engine string) *httptest.Server {
	t.Helper()
	return newServerOn(t, demoDBOn(t, engine), nil)
}

// newClient has a cookie jar and does not follow redirects, so tests see
// each status as the server sent it.
func newClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// loginAs returns a client logged in as username with the demo password;
// it fails the test when the login does not succeed.
func loginAs(t *testing.T, ts *httptest.Server, username string) *http.Client {
	t.Helper()
	c := newClient(t)
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"username": {username}, "password": {seed.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s = %d: %s", username, resp.StatusCode, body)
	}
	u, _ := url.Parse(ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "parkpi_session" && ck.Value != "" {
			return c
		}
	}
	t.Fatalf("login as %s set no session cookie", username)
	return nil
}

// clients remembers a logged-in client per test server, for helpers whose
// signature takes only a URL (get in overview_test.go).
var clients sync.Map

// clientFor returns the client registered for the server of rawURL, or the
// default client.
func clientFor(rawURL string) *http.Client {
	var found *http.Client
	clients.Range(func(k, v any) bool {
		if strings.HasPrefix(rawURL, k.(string)+"/") || rawURL == k.(string) {
			found = v.(*http.Client)
			return false
		}
		return true
	})
	if found == nil {
		return http.DefaultClient
	}
	return found
}

// newLoggedInServer is newServer with a leader's client registered for it.
func newLoggedInServer(t *testing.T, username string) *httptest.Server {
	t.Helper()
	return newLoggedInServerFor(t, storetest.SQLite, username)
}

// newLoggedInServerFor is newLoggedInServer on the engine.
func newLoggedInServerFor(t *testing.T, engine, username string) *httptest.Server {
	t.Helper()
	ts := newServerFor(t, engine)
	clients.Store(ts.URL, loginAs(t, ts, username))
	t.Cleanup(func() { clients.Delete(ts.URL) })
	return ts
}
