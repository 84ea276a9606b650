package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"parkpi/internal/store/storetest"
)

// TestStorageRefusesWrites: with the database refusing writes (read-only),
// /healthz answers 503 with the reason, a page still reads although its
// session's touch fails, and a save says in words that nothing was saved
// and keeps the typed values in the form.
func TestStorageRefusesWrites(t *testing.T) {
	ts, db := entryServer(t, "2022-07-05")
	officer := loginAs(t, ts, "officer.yenhoa")
	if st, _, _ := fetch(t, officer, ts.URL+"/healthz"); st != 200 {
		t.Fatalf("healthz on a healthy database = %d", st)
	}
	// Every session is due for a touch, then the one write connection is
	// made read-only.
	storetest.Exec(t, db, "UPDATE sessions SET last_seen_at = ?", time.Now().UTC().Add(-10*time.Minute).Unix())
	if _, err := db.Writer().Exec("PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	st, _, body := fetch(t, officer, ts.URL+"/healthz")
	var h struct{ Status, Reason string }
	json.Unmarshal(body, &h)
	if st != http.StatusServiceUnavailable || !strings.Contains(h.Reason, "read-only") {
		t.Errorf("healthz on a read-only database = %d %+v", st, h)
	}
	if st, _, _ := fetch(t, officer, ts.URL+"/entry/14722/2022/q2"); st != 200 {
		t.Errorf("a read with a failing session touch = %d, want 200", st)
	}
	form := validForm(t, db)
	form.Set("vc_endpoints", "4321")
	st, page := send(t, officer, "POST", ts.URL+entryURL, form)
	if st != http.StatusServiceUnavailable || !strings.Contains(page, "chưa lưu gì") || !strings.Contains(page, `value="4321"`) {
		t.Errorf("a save on a read-only database = %d, want 503 saying nothing was saved and keeping 4321: %.300s", st, page)
	}
}
