package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"parkpi/internal/web"
)

// TestBrowserExportJob: in headless Chromium, a queued export's status page
// polls (jobs.js) until the file is ready and offers it, with no script
// error or CSP violation; the upload page renders cleanly too.
func TestBrowserExportJob(t *testing.T) {
	ts := newServerOn(t, demoDB(t), nil)
	t.Cleanup(web.SetJobDelay(1500 * time.Millisecond))
	ctx, problems := newBrowser(t)
	browserLogin(t, ctx, ts.URL, "leader")
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/export/summary.xlsx?year=2021&job=1"),
		chromedp.Click(chromedp.CSS("#job-start")), chromedp.WaitVisible(chromedp.CSS("#job"))); err != nil {
		t.Fatal(err)
	}
	msg := text(t, ctx, "#job-message")
	if !strings.Contains(msg, "Đang xử lý") {
		t.Fatalf("the job is not running when its page opens: %q", msg)
	}
	for i := 0; i < 100 && !strings.Contains(msg, "Xong"); i++ {
		time.Sleep(100 * time.Millisecond)
		msg = text(t, ctx, "#job-message")
	}
	if !strings.Contains(msg, "Xong") {
		t.Fatalf("the job page says %q", msg)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#job-download"))); err != nil {
		t.Fatalf("no download link: %v", err)
	}
	browserLogin(t, ctx, ts.URL, "officer.yenhoa")
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/upload"), chromedp.WaitVisible(chromedp.CSS("#upload-form"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#template-link"); !strings.Contains(got, "Ủy ban nhân dân xã Yên Hòa") {
		t.Errorf("template link = %q", got)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("script errors or CSP violations: %v", p)
	}
}
