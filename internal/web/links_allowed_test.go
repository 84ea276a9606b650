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
// menus and links reach; every link found on them is requested (none may
// answer 403 — nor any other error: a link that answers 404 is a dead end
// too), and every form that posts is checked against the route table's
// policy without being sent, so no data changes. Of the PDFs (each
// rendered by LibreOffice) one is requested per user and the rest checked
// against the policy.
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
		gets, posts, rendered := 0, 0, false
		for _, tg := range walk.Targets {
			switch {
			case tg.Method == http.MethodGet && renderedByOffice(tg.URL) && rendered:
				// LibreOffice takes seconds a document: one is requested, the
				// others, gated like their .docx (requested each), are
				// checked against the policy.
				posts++
				if !web.Permits(s, u, tg.Method, tg.URL) {
					t.Errorf("%s: the link %s on %s is refused by the policy", name, tg.URL, tg.On)
				}
			case tg.Method == http.MethodGet:
				rendered = rendered || renderedByOffice(tg.URL)
				gets++
				if status := statusOf(t, ts.URL, c, tg.URL); status >= 400 {
					t.Errorf("%s: the link %s on %s answers %d", name, tg.URL, tg.On, status)
				}
			case !web.Permits(s, u, tg.Method, tg.URL):
				t.Errorf("%s: the button of a form %s %s on %s is refused by the policy", name, tg.Method, tg.URL, tg.On)
			default:
				posts++
			}
		}
		t.Logf("%s: %d pages, %d links requested, %d forms and PDF links checked", name, len(walk.Pages), gets, posts)
	}
}

// renderedByOffice: the link's answer is a document LibreOffice renders.
func renderedByOffice(uri string) bool { return strings.HasSuffix(pathOf(uri), ".pdf") }

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
