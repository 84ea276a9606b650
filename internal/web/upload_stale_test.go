package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"parkpi/internal/store"
)

// TestUploadStaleAndClearHTTP: a template downloaded before a colleague's
// save is refused in the preview with the colleague's value shown; on a
// fresh template "x" shows as a deletion and an emptied cell as nothing.
func TestUploadStaleAndClearHTTP(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	officer := loginAs(t, ts, "officer.yenhoa")
	_, _, old := fetch(t, officer, ts.URL+"/entry/14722/2022/q2/template.xlsx")
	three := 3.0
	if _, err := db.SaveValues(context.Background(), store.ValueWrite{Agency: "14722", Period: q2,
		Values: map[string]*float64{"dos_online": &three}, Version: -1, Actor: "officer.yenmo", Source: "form"}); err != nil {
		t.Fatal(err)
	}
	status, page := postFile(t, officer, ts.URL+"/upload", "cu.xlsx", fillTemplate(t, old, "14722", map[string]any{"dos_online": 5}))
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "officer.yenmo") || !strings.Contains(page, "giá trị hiện tại là 3") ||
		confirmAction.MatchString(page) {
		t.Fatalf("stale template = %d, want 422 showing officer.yenmo's 3 and no confirm: %.400s", status, page)
	}
	_, _, fresh := fetch(t, officer, ts.URL+"/entry/14722/2022/q2/template.xlsx")
	status, page = postFile(t, officer, ts.URL+"/upload", "moi.xlsx", fillTemplate(t, fresh, "14722", map[string]any{"dos_online": "x"}))
	if status != 200 || !strings.Contains(page, "(xóa số đã lưu)") || !strings.Contains(page, "upload-delete") || !confirmAction.MatchString(page) {
		t.Fatalf("clear marker = %d, want a confirmable deletion: %.400s", status, page)
	}
}
