package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/notify"
	"parkpi/internal/store"
	"parkpi/internal/web"
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

// TestReturnAsksForReminders: returning a report tells the server's owner
// at once (serve then runs the reminders), so the officers' email does not
// wait for the next round; other moves do not.
func TestReturnAsksForReminders(t *testing.T) {
	db := demoDB(t)
	var asked atomic.Int32
	s, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{ReportReturned: func() { asked.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	rows, err := db.Completeness(context.Background(), store.CompletenessFilter{Scope: store.Scope{Agency: "37", Year: 2022, Quarter: 2}})
	if err != nil {
		t.Fatal(err)
	}
	var submitted []string
	for _, r := range rows {
		if r.State == "submitted" {
			submitted = append(submitted, r.Code)
		}
	}
	leader := loginAs(t, ts, "leader")
	version := func(code string) string {
		sub, _ := db.Submission(context.Background(), code, kpi.Period{Year: 2022, Quarter: 2})
		return strconv.Itoa(sub.Version)
	}
	if st, _ := postForm(t, leader, ts.URL+"/entry/"+submitted[0]+"/2022/q2/approve", url.Values{"version": {version(submitted[0])}}); st != http.StatusSeeOther || asked.Load() != 0 {
		t.Fatalf("approve: %d, asked %d", st, asked.Load())
	}
	if st, _ := postForm(t, leader, ts.URL+"/entry/"+submitted[1]+"/2022/q2/return", url.Values{"version": {version(submitted[1])}, "reason": {"Thiếu số liệu"}}); st != http.StatusSeeOther || asked.Load() != 1 {
		t.Fatalf("return: %d, asked %d", st, asked.Load())
	}
}
