package web_test

import (
	"context"
	"net/url"
	"testing"
)

// TestEntryPostChangesOnlyItsFields: a form POST changes the fields it
// carries and no other — a field missing from the POST keeps its stored
// value; an explicit empty field clears it.
func TestEntryPostChangesOnlyItsFields(t *testing.T) {
	ts, db := entryServer(t, "2022-07-05")
	officer := loginAs(t, ts, "officer.yenhoa")
	if st, body := send(t, officer, "POST", ts.URL+entryURL, validForm(t, db)); st != 303 {
		t.Fatalf("the full save = %d: %.300s", st, body)
	}
	ctx := context.Background()
	stored, _ := db.QuarterValues(ctx, yenHoa, q2)
	e, _ := db.Entry(ctx, yenHoa, q2)
	version := itoaT(e.Submission.Version)
	partial := url.Values{"version": {version}, "action": {"save"}, "vc_endpoints": {"7"}}
	if st, body := send(t, officer, "POST", ts.URL+entryURL, partial); st != 303 {
		t.Fatalf("the partial save = %d: %.300s", st, body)
	}
	after, _ := db.QuarterValues(ctx, yenHoa, q2)
	if after["vc_endpoints"] != 7 {
		t.Errorf("vc_endpoints = %v, want the 7 posted", after["vc_endpoints"])
	}
	for code, v := range stored {
		if code != "vc_endpoints" && after[code] != v {
			t.Errorf("%s missing from the POST went %v -> %v", code, v, after[code])
		}
	}
	e, _ = db.Entry(ctx, yenHoa, q2)
	clear := url.Values{"version": {itoaT(e.Submission.Version)}, "action": {"save"}, "vc_endpoints": {""}}
	if st, body := send(t, officer, "POST", ts.URL+entryURL, clear); st != 303 {
		t.Fatalf("the clearing save = %d: %.300s", st, body)
	}
	cleared, _ := db.QuarterValues(ctx, yenHoa, q2)
	if _, ok := cleared["vc_endpoints"]; ok || len(cleared) != len(after)-1 {
		t.Errorf("after an explicit empty field: %d values (had %d), vc_endpoints kept: %v", len(cleared), len(after), ok)
	}
}
