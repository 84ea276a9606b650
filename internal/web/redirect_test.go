package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// browserTarget resolves a Location the way a browser does: tabs and
// newlines dropped, backslashes read as slashes.
func browserTarget(base *url.URL, loc string) (*url.URL, error) {
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.TrimSpace(loc))
	u, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	return base.ResolveReference(u), nil
}

// TestRedirectsStayLocal: every next= that is not a plain local path —
// the tab, newline, backslash and encoded variants included — sends the
// browser to this site, on /lang and on /login alike.
func TestRedirectsStayLocal(t *testing.T) {
	ts := newServer(t)
	base, _ := url.Parse(ts.URL)
	hostile := []string{"/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "/%5Cevil.example",
		"/%5C%5Cevil.example", "/%09%5C/evil.example", "%2F%2Fevil.example", "//evil.example", "https://evil.example",
		"https:evil.example", "/%2F/evil.example", "%20//evil.example", "/%00/evil.example", "\\/evil.example",
		"javascript:alert(1)", "/%E3%80%80/evil.example"}
	anon, leader := newClient(t), loginAs(t, ts, "leader")
	for _, next := range hostile {
		for _, tc := range []struct {
			c    *http.Client
			path string
		}{{anon, "/lang/vi?next="}, {leader, "/login?next="}} {
			resp, err := tc.c.Get(ts.URL + tc.path + next)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			to, err := browserTarget(base, loc)
			if resp.StatusCode != http.StatusSeeOther || err != nil || to.Host != base.Host {
				t.Errorf("GET %s%s = %d to %q: a browser goes to %v", tc.path, next, resp.StatusCode, loc, to)
			}
		}
	}
	resp, err := anon.Get(ts.URL + "/lang/en?next=" + url.QueryEscape("/agencies/377?year=2021"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/agencies/377?year=2021" {
		t.Errorf("a local next = %q, want it kept", loc)
	}
}
