package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/seed"
)

// TestLoginLanding: a login with no page asked for takes an officer to
// their reports to do and everyone else to the overview; a page asked for
// (the one that sent them to log in) wins.
func TestLoginLanding(t *testing.T) {
	ts := newServer(t)
	for user, want := range map[string]string{"officer.yenhoa": "/entry", "officer.sotuphap": "/entry", "leader": "/", "staff": "/", "admin": "/"} {
		for _, next := range []string{"", "/ranking?year=2021"} {
			c := newClient(t)
			form := url.Values{"username": {user}, "password": {seed.DemoPassword}, "next": {next}}
			req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			expect := want
			if next != "" {
				expect = next
			}
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != expect {
				t.Errorf("%s logging in (next %q) goes to %d %q, want %q", user, next, resp.StatusCode, loc, expect)
			}
		}
	}
	// The login form of a page that asked for one carries it on.
	resp, err := newClient(t).Get(ts.URL + "/cockpit?year=2022")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/login?next="+url.QueryEscape("/cockpit?year=2022") {
		t.Errorf("an anonymous visit goes to %q", loc)
	}
}
