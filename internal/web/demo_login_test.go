package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/seed"
)

// TestDemoPasswordOnlyFromLoopback: the demo's published password logs in
// from this machine and is refused from any other address; the login page
// says so.
func TestDemoPasswordOnlyFromLoopback(t *testing.T) {
	s, _ := serveWith(t, demoDB(t), nil)
	h := s.Handler()
	form := url.Values{"username": {"leader"}, "password": {seed.DemoPassword}}.Encode()
	for addr, want := range map[string]int{"192.0.2.7:5000": http.StatusForbidden, "[2001:db8::1]:5000": http.StatusForbidden,
		"127.0.0.1:5000": http.StatusSeeOther, "[::1]:5000": http.StatusSeeOther} {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want || (want == http.StatusForbidden && !strings.Contains(rec.Body.String(), "localhost")) {
			t.Errorf("demo login from %s = %d, want %d: %.200s", addr, rec.Code, want, rec.Body.String())
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
	if !strings.Contains(rec.Body.String(), `id="login-demo"`) {
		t.Error("the login page does not say where the demo accounts log in")
	}
}
