package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"parkpi/internal/store/storetest"
)

// TestExportJob runs an export as a background job: the request answers
// with the status page, the status turns "done", the file downloads; the
// job is its owner's only.
func TestExportJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts := newServerFor(t, engine)
		leader := loginAs(t, ts, "leader")
		loc := queueExport(t, leader, ts.URL+"/export/summary.xlsx?year=2021&job=1")
		status, _, page := fetch(t, leader, ts.URL+loc)
		if status != 200 || !strings.Contains(string(page), "jobs.js") {
			t.Fatalf("status page = %d", status)
		}
		state := ""
		for i := 0; i < 200 && state != "done"; i++ {
			_, _, b := fetch(t, leader, ts.URL+loc+"/status")
			var s struct{ State, Message string }
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatalf("status %s: %v", b, err)
			}
			if state = s.State; state == "failed" {
				t.Fatalf("job failed: %s", s.Message)
			}
			time.Sleep(50 * time.Millisecond)
		}
		status, h, file := fetch(t, leader, ts.URL+loc+"/download")
		if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "tong-hop-37-2021.xlsx") {
			t.Fatalf("download = %d %v", status, h)
		}
		f, err := excelize.OpenReader(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if st, _, _ := fetch(t, loginAs(t, ts, "staff"), ts.URL+loc+"/download"); st != http.StatusNotFound {
			t.Errorf("another user's download = %d, want 404", st)
		}
	})
}

// queueExport starts an export that runs as a job (a POST, as the button
// of its GET page does) and returns the address of its status page.
func queueExport(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Post(url, "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/jobs/") {
		t.Fatalf("queued export = %d %q", resp.StatusCode, loc)
	}
	return loc
}
