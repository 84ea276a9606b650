package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/auth"
)

// TestAuditPage: the changes made through the pages are on the audit page,
// the filters narrow it, the CSV holds the same rows, and a leader sees
// only their subtree.
func TestAuditPage(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	admin := loginAs(t, ts, "admin")
	svc := auth.New(db)
	ctx := context.Background()
	// A district leader, and a change in their district and one outside it.
	if _, err := svc.CreateUser(ctx, auth.Actor{Username: "setup"}, auth.NewUser{Username: "leader.yenmo", FullName: "Lãnh đạo huyện",
		Role: auth.RoleLeader, AgencyCode: "377", Password: "parkpi-demo"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []url.Values{
		{"username": {"officer.khanh"}, "full_name": {"=HYPERLINK(\"http://evil\")"}, "role": {"officer"}, "agency": {"14722"}, "password": {"long-enough-pw"}},
		{"username": {"officer.tp"}, "full_name": {"Cán bộ"}, "role": {"officer"}, "agency": {"37-S03"}, "password": {"long-enough-pw"}},
	} {
		if status, _ := rd(t)(admin.PostForm(ts.URL+"/admin/users", f)); status != 303 {
			t.Fatalf("create = %d", status)
		}
	}
	status, page := rd(t)(admin.Get(ts.URL + "/audit?user=admin&agency=377"))
	page = html.UnescapeString(page)
	if status != 200 || !strings.Contains(page, "officer.khanh") || strings.Contains(page, "officer.tp") {
		t.Fatalf("filtered audit page = %d, wrong rows", status)
	}
	status, page = rd(t)(admin.Get(ts.URL + "/audit?year=abc"))
	if status != 422 || !strings.Contains(page, "không hợp lệ") {
		t.Fatalf("bad year = %d", status)
	}
	status, page = rd(t)(admin.Get(ts.URL + "/audit?from=2000-01-01&to=2000-01-02"))
	if status != 200 || !strings.Contains(page, "Không có thay đổi nào khớp bộ lọc.") {
		t.Fatalf("an empty date range = %d", status)
	}
	leader := loginAs(t, ts, "leader.yenmo")
	_, page = rd(t)(leader.Get(ts.URL + "/audit"))
	if !strings.Contains(page, "officer.khanh") || strings.Contains(page, "officer.tp") || strings.Contains(page, "bulk.load") {
		t.Fatal("a district leader sees changes outside their district")
	}
	if status, _ := rd(t)(leader.Get(ts.URL + "/audit.csv?agency=37")); status != 403 {
		t.Fatalf("a district leader's CSV of the province = %d", status)
	}
	status, body := rd(t)(admin.Get(ts.URL + "/audit.csv?user=admin&agency=377"))
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if status != 200 || err != nil || len(rows) != 2 || rows[0][1] != "nguoi_thuc_hien" {
		t.Fatalf("CSV = %d, %v, %v", status, err, rows)
	}
	if !strings.HasPrefix(rows[1][10], "'=HYPERLINK") {
		t.Fatalf("a formula reached the CSV: %q", rows[1][10])
	}
}

// TestAuditPagination walks the pages of the seed's rows.
func TestAuditPagination(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	admin := loginAs(t, ts, "admin")
	var total int
	if err := db.Reader().Get(&total, "SELECT COUNT(*) FROM audit_log"); err != nil {
		t.Fatal(err)
	}
	if total <= 50 {
		// Make sure there are two pages.
		svc := auth.New(db)
		for i := 0; total+i <= 50; i++ {
			u, _ := svc.UserByName(context.Background(), "staff")
			if err := svc.SetDisabled(context.Background(), auth.Actor{Username: "admin"}, u.ID, i%2 == 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.Reader().Get(&total, "SELECT COUNT(*) FROM audit_log"); err != nil {
		t.Fatal(err)
	}
	pages := (total + 49) / 50
	_, p1 := rd(t)(admin.Get(ts.URL + "/audit"))
	if !strings.Contains(p1, `rel="next"`) || strings.Contains(p1, `rel="prev"`) || !strings.Contains(p1, fmt.Sprintf("Trang 1 / %d", pages)) {
		t.Fatal("page 1 lacks its pager")
	}
	_, last := rd(t)(admin.Get(ts.URL + fmt.Sprintf("/audit?page=%d", pages)))
	if !strings.Contains(last, `rel="prev"`) || strings.Contains(last, `rel="next"`) || strings.Count(last, "<tr>") != 1+total-(pages-1)*50 {
		t.Fatalf("the last page (%d of %d rows) is wrong", pages, total)
	}
}
