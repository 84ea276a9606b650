package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"parkpi/internal/web"
)

// walkUsers are the demo users whose pages the walks visit: one per role,
// and officers at three levels of the tree.
var walkUsers = []string{"admin", "leader", "staff", "officer.yenhoa", "officer.yenmo", "officer.sotuphap"}

// target is one link or button a page offers: a GET link, or a form with
// its method and action.
type target struct {
	Method string
	URL    string // local request URI
	On     string // the page that offers it
}

// walkedPage is one page of the walk, as served to the user.
type walkedPage struct {
	URL     string
	Pattern string // the route it is served by
	Status  int
	Targets []target
}

// siteWalk is what a walk of one user's pages found.
type siteWalk struct {
	Landing string // where logging in sent the user
	Pages   []walkedPage
	Targets []target // every distinct link and form target, in order found
}

// perPattern is how many pages of one route and set of query parameters
// the walk visits: every kind of page, and a second of each (another agency,
// quarter or page), but not all 175 agencies of the demo.
const perPattern = 2

// walkSite logs in as user and visits, breadth first from where the login
// lands, every page of the site the user's links lead to, up to perPattern
// pages per route and query keys. Downloads and other answers that are
// not HTML are recorded as targets but not read.
func walkSite(t *testing.T, s *web.Server, ts *httptest.Server, c *http.Client, user string) siteWalk {
	t.Helper()
	w := siteWalk{Landing: landingOf(t, ts, c)}
	seenTarget := map[string]bool{}
	perKey := map[string]int{}
	queue := []string{w.Landing, "/"}
	visited := map[string]bool{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if visited[p] {
			continue
		}
		visited[p] = true
		page, ok := fetchPage(t, ts, c, p)
		page.Pattern = web.RouteOf(s, http.MethodGet, pathOf(p))
		if !ok {
			continue
		}
		w.Pages = append(w.Pages, page)
		for _, tg := range page.Targets {
			k := tg.Method + " " + tg.URL
			if !seenTarget[k] {
				seenTarget[k] = true
				w.Targets = append(w.Targets, tg)
			}
			if tg.Method != http.MethodGet || !followable(tg.URL) {
				continue
			}
			key := web.RouteOf(s, http.MethodGet, pathOf(tg.URL)) + "?" + queryKeys(tg.URL)
			if perKey[key] < perPattern && !visited[tg.URL] {
				perKey[key]++
				queue = append(queue, tg.URL)
			}
		}
	}
	return w
}

// landingOf is where an already logged-in user is sent by the login page.
func landingOf(t *testing.T, ts *httptest.Server, c *http.Client) string {
	t.Helper()
	resp, err := c.Get(ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc == "" {
		t.Fatalf("/login for a logged-in user = %d %q; want a redirect", resp.StatusCode, loc)
	}
	return loc
}

// followable: a link the walk reads as a page. Language switches change
// the session's language, logout ends it, downloads are no pages.
func followable(u string) bool {
	p := pathOf(u)
	return !strings.HasPrefix(p, "/lang/") && !strings.HasSuffix(p, ".xlsx") && !strings.HasSuffix(p, ".csv") &&
		!strings.HasSuffix(p, ".docx") && !strings.HasSuffix(p, ".pdf") &&
		!strings.HasPrefix(p, "/static/") && !strings.HasPrefix(p, "/api/")
}

// fetchPage reads one page and the links and forms on it.
func fetchPage(t *testing.T, ts *httptest.Server, c *http.Client, uri string) (walkedPage, bool) {
	t.Helper()
	resp, err := c.Get(ts.URL + uri)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page := walkedPage{URL: uri, Status: resp.StatusCode}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return page, resp.StatusCode < 400
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", uri, err)
	}
	page.Targets = targetsOf(doc, uri)
	return page, true
}

// targetsOf lists the local links (a href) and forms (action, method) of a
// document; a form without an action posts to its page.
func targetsOf(doc *html.Node, on string) []target {
	var out []target
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "a":
				if u, ok := localURL(attr(n, "href"), on); ok {
					out = append(out, target{Method: http.MethodGet, URL: u, On: on})
				}
			case "form":
				method := strings.ToUpper(attr(n, "method"))
				if method == "" {
					method = http.MethodGet
				}
				if u, ok := localURL(attr(n, "action"), on); ok {
					out = append(out, target{Method: method, URL: u, On: on})
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	return out
}

// localURL resolves a link against its page; only this site's paths count
// (fragments of the page itself are no request).
func localURL(ref, on string) (string, bool) {
	if ref == "" {
		ref = on
	}
	if strings.HasPrefix(ref, "#") {
		return "", false
	}
	base, _ := url.Parse(on)
	u, err := base.Parse(ref)
	if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	u.Fragment = ""
	return u.RequestURI(), true
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func pathOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	return u.Path
}

// queryKeys are a URL's query parameter names, sorted: /ranking?page=2
// and /ranking?page=3 are one kind of page, /ranking?indicator= another.
func queryKeys(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return ""
	}
	var keys []string
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}
