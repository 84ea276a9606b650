package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"parkpi/internal/notify"
)

// TestNoticesPage: each user sees their own notices — the same text the
// email carried — and what became of the email; no one else's.
func TestNoticesPage(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	out, err := notify.Run(context.Background(), db, notify.RunOptions{Options: notify.Options{
		Today: time.Date(2022, 7, 16, 0, 0, 0, 0, time.UTC), BaseURL: "http://parkpi.test"}})
	if err != nil || len(out) == 0 {
		t.Fatalf("run: %v, %d notices", err, len(out))
	}
	officer := loginAs(t, ts, "officer.yenhoa")
	status, page := getWith(t, officer, ts.URL+"/notices")
	if status != http.StatusOK || !strings.Contains(page, "Báo cáo quý 2/2022 đã quá hạn") || !strings.Contains(page, "14722 Ủy ban nhân dân xã Yên Hòa") ||
		!strings.Contains(page, "Chỉ hiện trong ứng dụng") {
		t.Fatalf("officer's notices: %d\n%.3000s", status, page)
	}
	if strings.Contains(page, "Tổng hợp báo cáo") {
		t.Fatal("the officer sees the leader's digest")
	}
	_, leaderPage := getWith(t, loginAs(t, ts, "leader"), ts.URL+"/notices")
	if !strings.Contains(leaderPage, "Tổng hợp báo cáo quý 2/2022") || strings.Contains(leaderPage, "Kính gửi Cán bộ UBND xã Yên Hòa") {
		t.Fatal("the leader's notices are not the leader's own")
	}
	if _, staff := getWith(t, loginAs(t, ts, "staff"), ts.URL+"/notices"); !strings.Contains(staff, "Chưa có thông báo nào") {
		t.Fatal("staff get no reminders")
	}
}
