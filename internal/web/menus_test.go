package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestMenusFollowTheRoutes: each role's menus hold the pages its routes
// let it open — the ranking for everyone, the cockpit for those who
// monitor, the administration for the admin — and nothing it may not open.
func TestMenusFollowTheRoutes(t *testing.T) {
	ts := newServer(t)
	menu := regexp.MustCompile(`(?s)<nav aria-label="[^"]*" class="main-menu">(.*?)</nav>`)
	for user, want := range map[string]struct{ has, lacks []string }{
		"officer.yenhoa": {[]string{"/", "/entry", "/ranking", "/scores", "/upload"}, []string{"/cockpit", "/audit", "/admin/users", "/admin/catalogue"}},
		"leader":         {[]string{"/", "/ranking", "/cockpit", "/audit"}, []string{"/entry\"", "/admin/users", "/admin/catalogue"}},
		"admin":          {[]string{"/", "/ranking", "/admin/users", "/admin/agencies", "/admin/catalogue", "/admin/targets", "/admin/public"}, nil},
	} {
		_, page := send(t, loginAs(t, ts, user), "GET", ts.URL+"/?year=2021", nil)
		m := menu.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s: no main menu", user)
		}
		for _, url := range want.has {
			if !strings.Contains(m[1], `href="`+url+`"`) {
				t.Errorf("%s: the menu lacks %s", user, url)
			}
		}
		for _, url := range want.lacks {
			if strings.Contains(m[1], `href="`+strings.TrimSuffix(url, `"`)+`"`) {
				t.Errorf("%s: the menu offers %s", user, url)
			}
		}
	}
}
