package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"parkpi/internal/web"
)

// TestExportJobsStartWithPostAndAreCapped: a GET of a large export starts
// nothing (its page's button POSTs); a user runs at most two jobs at once,
// a third is refused with a message (429).
func TestExportJobsStartWithPostAndAreCapped(t *testing.T) {
	ts := newServer(t)
	t.Cleanup(web.SetJobDelay(3 * time.Second))
	leader := loginAs(t, ts, "leader")
	st, h, page := fetch(t, leader, ts.URL+"/export/summary.xlsx?year=2021&job=1")
	if st != 200 || !strings.Contains(string(page), `method="post"`) || h.Get("Location") != "" {
		t.Fatalf("GET of a job export = %d %q: %.300s", st, h.Get("Location"), page)
	}
	queueExport(t, leader, ts.URL+"/export/summary.xlsx?year=2021&job=1")
	queueExport(t, leader, ts.URL+"/export/form06.xlsx?year=2021&job=1")
	resp, err := leader.Post(ts.URL+"/export/summary.xlsx?year=2021&job=1", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a third running job = %d, want 429", resp.StatusCode)
	}
	queueExport(t, loginAs(t, ts, "staff"), ts.URL+"/export/summary.xlsx?year=2021&job=1") // another user is not held back
}
