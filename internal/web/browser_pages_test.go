package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// viewport is a screen the pages must fit: a phone's and a desk's.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var viewports = []viewport{{"390", 390, 844, true}, {"1366", 1366, 900, false}}

// TestBrowserEveryPage visits, in headless Chromium, every kind of page
// each demo user reaches from their menus and links (the walk of
// site_walk_test.go: every route and set of query parameters), and the
// login page and the public scoreboard, at a phone's width (390×844) and a desk's (1366×900). On
// none may the page scroll sideways (a wide table scrolls inside its own
// box), and none may log a script error, a console error or a
// Content-Security-Policy violation. Each page leaves a screenshot under
// test-artifacts/pages/<width>/.
func TestBrowserEveryPage(t *testing.T) {
	s, ts := serveWith(t, demoDB(t), nil)
	ctx, problems := newBrowserFor(t, 15*time.Minute)
	// The public scoreboard is closed until an administrator opens it.
	if status, _ := postForm(t, loginAs(t, ts, "admin"), ts.URL+"/admin/public", url.Values{"on": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("opening the public scoreboard: %d", status)
	}
	for _, vp := range viewports {
		setViewport(t, ctx, vp)
		checkPage(t, ctx, vp, "anonymous", ts.URL+"/login", problems)
		checkPage(t, ctx, vp, "anonymous", ts.URL+"/public", problems)
	}
	for _, user := range walkUsers {
		walk := walkSite(t, s, ts, loginAs(t, ts, user), user)
		pages := append(onePerRoute(walk.Pages), extraPages[user]...)
		browserLogin(t, ctx, ts.URL, user)
		for _, vp := range viewports {
			setViewport(t, ctx, vp)
			for _, p := range pages {
				checkPage(t, ctx, vp, user, ts.URL+p, problems)
			}
		}
	}
}

// onePerRoute keeps the first page of each route: the walk reads two of
// each kind, the browser looks at one of each layout.
func onePerRoute(pages []walkedPage) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range pages {
		if p.Status == http.StatusOK && !seen[p.Pattern] {
			seen[p.Pattern] = true
			out = append(out, p.URL)
		}
	}
	return out
}

// extraPages are pages of a route the walk has seen, in another state:
// the demo's quarter in draft for its officer, submitted for the leader
// (with the review beside it), the start of a background export, and an
// address that does not exist.
var extraPages = map[string][]string{
	"officer.yenhoa": {"/entry/14722/2022/q2"},
	"leader":         {"/entry/37/2022/q2", "/export/summary.xlsx?year=2021&job=1", "/no-such-page"},
}

// setViewport sizes the page as the screen vp.
func setViewport(t *testing.T, ctx context.Context, vp viewport) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if vp.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...)); err != nil {
		t.Fatal(err)
	}
}

// checkPage opens url and checks that it fits the viewport's width and
// ran without problems; it saves a screenshot either way.
func checkPage(t *testing.T, ctx context.Context, vp viewport, user, url string, problems func() []string) {
	t.Helper()
	before := len(problems())
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(css("body"))); err != nil {
		t.Fatalf("%s at %s: open %s: %v", user, vp.name, url, err)
	}
	// Charts draw after the page's scripts load: wait for them to settle.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`)); err != nil {
		t.Fatal(err)
	}
	sizes, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("%s-%s", user, pageName(url))
	shot(t, ctx, filepath.Join("pages", vp.name), name)
	if sizes[0] > sizes[1] {
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](widest))
		t.Errorf("%s at %s px: %s scrolls sideways (%d px wide in %d): %s", user, vp.name, url, sizes[0], sizes[1], wide)
	}
	if p := problems(); len(p) > before {
		t.Errorf("%s at %s px: %s: %q", user, vp.name, url, p[before:])
	}
}

// widest names the elements that stick out of the page, to say what to fix.
const widest = `(function () {
  var w = document.documentElement.clientWidth, out = [];
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > w + 1 && out.length < 5) {
      var p = e.parentElement, inside = false;
      for (; p; p = p.parentElement) { if (p.getBoundingClientRect().right > w + 1) { inside = true; break; } }
      out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).replace(/ /g, ".") : "") + " " + Math.round(r.right));
    }
  });
  return out.join(", ");
})()`

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// pageName makes a file name of a page's address.
func pageName(url string) string {
	i := strings.Index(url, "//")
	if i >= 0 {
		if j := strings.Index(url[i+2:], "/"); j >= 0 {
			url = url[i+2+j:]
		}
	}
	n := strings.Trim(unsafeName.ReplaceAllString(url, "_"), "_")
	if n == "" {
		n = "home"
	}
	if len(n) > 90 {
		n = n[:90]
	}
	return n
}

// shot saves the whole page as a PNG under test-artifacts/dir/.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir = filepath.Join("..", "..", "test-artifacts", dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), img, 0o644); err != nil {
		t.Fatal(err)
	}
}
