package web_test

import (
	"net/http"
	"strings"
	"testing"

	"parkpi/internal/web"
)

// TestResponseHeaders: pages, JSON and CSV are never cached; static files
// are, and their directories are not listed; HSTS comes with secure cookies.
func TestResponseHeaders(t *testing.T) {
	ts := newServer(t)
	admin := loginAs(t, ts, "admin")
	for _, u := range []string{"/?year=2021", "/api/v1/overview?year=2021", "/audit.csv", "/login", "/healthz", "/no/such/page"} {
		_, h, _ := fetch(t, admin, ts.URL+u)
		if cc := h.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("GET %s: Cache-Control %q, want no-store", u, cc)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("GET %s: HSTS without secure cookies", u)
		}
	}
	if st, h, _ := fetch(t, admin, ts.URL+"/static/app.css"); st != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") {
		t.Errorf("static file = %d, Cache-Control %q", st, h.Get("Cache-Control"))
	}
	for _, dir := range []string{"/static/", "/static/vendor/", "/static/vendor/echarts-5.6.0/", "/static/vendor"} {
		if st, _, body := fetch(t, admin, ts.URL+dir); st != http.StatusNotFound || strings.Contains(string(body), "echarts.min.js") {
			t.Errorf("GET %s = %d, want 404 and no listing", dir, st)
		}
	}
	_, secure := serveOpts(t, demoDB(t), web.Options{SecureCookies: true})
	if _, h, _ := fetch(t, newClient(t), secure.URL+"/login"); !strings.Contains(h.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("secure cookies: HSTS %q", h.Get("Strict-Transport-Security"))
	}
}
