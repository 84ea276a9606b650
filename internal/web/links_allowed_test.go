package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"parkpi/internal/auth"
	"parkpi/internal/web"
)

// TestNoLinkForbidden: every link and button a page shows is one its user
// may use. For each demo user, the walk visits every kind of page their
// menus and links reach. Every link and form found on them is checked
// against the route table's policy (the function the routes' gates run),
// and the links are requested — one of each gate decision
// (route, agency named, query keys), so each kind of link to each agency
// is really followed: none may answer 403, nor any other error (a link
// that answers 404 is a dead end too). Forms are not sent, so no data
// changes.
func TestNoLinkForbidden(t *testing.T) {
	db := demoDB(t)
	s, ts := serveWith(t, db, nil)
	users := auth.New(db)
	for _, name := range walkUsers {
		c := loginAs(t, ts, name)
		walk := walkSite(t, s, ts, c, name)
		if len(walk.Pages) < 5 {
			t.Fatalf("%s: the walk reached only %d pages", name, len(walk.Pages))
		}
		u, err := users.UserByName(context.Background(), name)
		if err != nil {
			t.Fatal(err)
		}
		gets, checked := 0, 0
		requested := map[string]int{}
		for _, tg := range walk.Targets {
			if !web.Permits(s, u, tg.Method, tg.URL) {
				t.Errorf("%s: the %s %s on %s is refused by the policy", name, tg.Method, tg.URL, tg.On)
				continue
			}
			checked++
			// Of the links the gate decides alike (one route, one agency,
			// one set of query keys) perGate are requested: the policy
			// above answers for the rest as the gate would.
			key := web.GateOf(s, tg.Method, tg.URL) + "?" + queryKeys(tg.URL)
			if strings.HasSuffix(pathOf(tg.URL), ".pdf") {
				key = "pdf" // LibreOffice takes seconds a document: one will do
			}
			if tg.Method != http.MethodGet || requested[key] >= perGate {
				continue
			}
			requested[key]++
			gets++
			if status := statusOf(t, ts.URL, c, tg.URL); status >= 400 {
				t.Errorf("%s: the link %s on %s answers %d", name, tg.URL, tg.On, status)
			}
		}
		t.Logf("%s: %d pages, %d links and forms checked against the policy, %d links requested", name, len(walk.Pages), checked, gets)
	}
}

// perGate is how many links of one gate decision (route, agency, query
// keys) are requested: every other is checked against the policy.
const perGate = 1

// statusOf requests a link as the user and returns its status. A language
// switch is put back at once, so the walk goes on in Vietnamese.
func statusOf(t *testing.T, base string, c *http.Client, uri string) int {
	t.Helper()
	resp, err := c.Get(base + uri)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if strings.HasPrefix(uri, "/lang/") {
		back, err := c.Get(base + "/lang/vi")
		if err != nil {
			t.Fatal(err)
		}
		back.Body.Close()
	}
	return resp.StatusCode
}
