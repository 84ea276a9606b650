package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store"
	"parkpi/internal/web"
)

const chromiumPath = "/usr/bin/chromium"

// newBrowser starts headless Chromium with a fresh profile. Without
// Chromium the test fails: CI installs it, and a skipped browser test
// would hide that the flow is untested.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is required at %s (apt-get install chromium): %v", chromiumPath, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.WindowSize(1280, 1600))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// screenshot saves the page to test-artifacts/ at the repository root.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "..", "test-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func browserLogin(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), username),
		chromedp.SendKeys(css("#password"), seed.DemoPassword),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css("header.site .who")))
	if err != nil {
		t.Fatalf("log in as %s: %v", username, err)
	}
}

// css is a CSS selector for the first matching element.
func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// text reads the visible text of the first element matching sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func provinceFigure(t *testing.T, db *store.DB, code string) kpi.Figure {
	t.Helper()
	root, err := db.RootAgency(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	figs, err := db.Figures(context.Background(), store.Scope{Agency: root.Code, Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	return figs[code]
}

// TestBrowserEntryFlow: the Yên Hòa officer fills 2022 Q2 with one
// identity that does not add up, reads the Vietnamese message beside that
// field, corrects it and submits; the leader approves; the overview shows
// the new province figure on the next request.
func TestBrowserEntryFlow(t *testing.T) {
	db := demoDB(t)
	s, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	ctx := newBrowser(t)

	form := validForm(t, db)
	const hoursCut = 777 // Yên Hòa's hours cut this quarter: the figure to find on the overview
	form.Set("hours_cut", kpi.FormatNumber("vi", hoursCut))
	before := provinceFigure(t, db, "hours_cut")
	correct := form.Get("dos_resolved")
	resolved, _ := kpi.ParseNumber("vi", correct)
	wrong := kpi.FormatNumber("vi", resolved+10)

	browserLogin(t, ctx, ts.URL, "officer.yenhoa")
	actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(ts.URL + entryURL), chromedp.WaitVisible(css("#entry-form"))}
	for _, ind := range db.Catalogue().Entered() {
		v := form.Get(ind.Code)
		if ind.Code == "dos_resolved" {
			v = wrong
		}
		if v != "" {
			actions = append(actions, chromedp.SendKeys(css("#f-"+ind.Code), v))
		}
	}
	// Enter in a field saves: the first button of the form is "Lưu nháp".
	actions = append(actions, chromedp.SendKeys(css("#f-hours_cut"), kb.Enter),
		chromedp.WaitVisible(css(`[data-field="dos_resolved"] .field-error`)))
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("fill the quarter: %v", err)
	}
	msg := text(t, ctx, `[data-field="dos_resolved"] .field-error`)
	typed, err := chromedp.Run(ctx, chromedp.Value(css("#f-dos_resolved")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "Tổng số hồ sơ đã giải quyết") || !strings.Contains(msg, "phải bằng") || typed != wrong {
		t.Fatalf("beside dos_resolved: %q (typed %q kept as %q)", msg, wrong, typed)
	}
	screenshot(t, ctx, "entry-1-error")
	if len(quarterValues(t, db, yenHoa, q2)) != 0 {
		t.Fatal("the form with an error saved values")
	}

	err = chromedp.Do(ctx, chromedp.SetValue(css("#f-dos_resolved"), correct),
		chromedp.Click(css("#entry-submit")), chromedp.WaitVisible(css("#entry-notice")))
	if notice := text(t, ctx, "#entry-notice"); err != nil || !strings.Contains(notice, "Đã gửi duyệt") {
		t.Fatalf("submit: %q, %v", notice, err)
	}
	screenshot(t, ctx, "entry-2-submitted")

	browserLogin(t, ctx, ts.URL, "leader")
	err = chromedp.Do(ctx, chromedp.Navigate(ts.URL+entryURL), chromedp.WaitVisible(css("#entry-approve")),
		chromedp.Click(css("#entry-approve")), chromedp.WaitVisible(css("#entry-notice")))
	if notice := text(t, ctx, "#entry-notice"); err != nil || !strings.Contains(notice, "Đã duyệt") {
		t.Fatalf("approve: %q, %v", notice, err)
	}
	screenshot(t, ctx, "entry-3-approved")
	if sub, _ := db.Submission(context.Background(), yenHoa, q2); sub.State != kpi.StateApproved {
		t.Fatalf("state after approval: %+v", sub)
	}

	after := provinceFigure(t, db, "hours_cut")
	if after.Value != before.Value+hoursCut {
		t.Fatalf("province hours cut 2022: %v -> %v, want +%d", before.Value, after.Value, hoursCut)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?year=2022"), chromedp.WaitVisible(css("main"))); err != nil {
		t.Fatal(err)
	}
	page := text(t, ctx, "main")
	if want := i18n.Number("vi", after.Value, 0); !strings.Contains(page, want) {
		t.Fatalf("the 2022 overview lacks the new hours cut %s (was %s)", want, i18n.Number("vi", before.Value, 0))
	}
	screenshot(t, ctx, "entry-4-overview")
}
