package notify_test

import (
	"context"
	"net"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/notify"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

var ctx = context.Background()

// the day after the demo's 2022 Q2 deadline (29/06/2022: the cut-off
// 14/06 and 15 days)
var june30 = time.Date(2022, 6, 30, 9, 0, 0, 0, time.UTC)

const base = "https://parkpi.ninhbinh.gov.vn"

// reminderDemo is the demo with reminder addresses (officer.yenmo opted
// out) and one report sent back: Department of Justice, 2022 Q1.
func reminderDemo(t *testing.T) *store.DB {
	t.Helper()
	db := storetest.OpenDemo(t)
	db.SetClock(func() time.Time { return june30 })
	svc := auth.New(db)
	for name, email := range map[string]string{"officer.yenhoa": "yenhoa@ninhbinh.gov.vn", "officer.yenmo": "yenmo@ninhbinh.gov.vn",
		"officer.sotuphap": "sotuphap@ninhbinh.gov.vn", "leader": "lanhdao@ninhbinh.gov.vn", "disabled.user": "khoa@ninhbinh.gov.vn"} {
		u, err := svc.UserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SetContact(ctx, auth.Actor{Username: name, Source: "test"}, u, email, name == "officer.yenmo"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Reopen(ctx, store.Transition{Agency: "37-S03", Period: kpi.Period{Year: 2022, Quarter: 1}, Actor: "leader",
		Reason: "Thiếu số hồ sơ trực tuyến", Version: -1}); err != nil {
		t.Fatal(err)
	}
	return db
}

func sender(mb *mailbox) *notify.SMTP {
	host, port, _ := net.SplitHostPort(mb.addr)
	p, _ := strconv.Atoi(port)
	return &notify.SMTP{Host: host, Port: p, User: smtpUser, Password: smtpPassword, From: "parkpi@ninhbinh.gov.vn", TLS: "none"}
}

func keys(out []notify.Outcome) []string {
	var ks []string
	for _, o := range out {
		ks = append(ks, o.User.Username+" "+o.Key+" "+o.Status)
	}
	sort.Strings(ks)
	return ks
}

// TestRemindersArriveBySMTP: the day after the deadline, the officers of
// agencies that have not submitted get a reminder, the leader a digest (and
// one of June's reports of the monthly service centre, due on the same day
// by the month's cut-off), the officer of the returned report a notice; an
// opted-out officer gets none by email (the notice is recorded); the dry
// run lists the same; a second run sends nothing.
func TestRemindersArriveBySMTP(t *testing.T) {
	db := reminderDemo(t)
	mb := newMailbox(t)
	o := notify.RunOptions{Options: notify.Options{Today: june30, BaseURL: base}, Sender: sender(mb), DryRun: true}
	dry, err := notify.Run(ctx, db, o)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"leader digest:2022-M06:1 pending",
		"leader digest:2022-Q2:1 pending",
		"officer.sotuphap deadline:2022-Q2:1 pending",
		"officer.sotuphap returned:37-S03:2022-Q1:v" + versionOf(t, db, "37-S03", 1) + " pending",
		"officer.yenhoa deadline:2022-Q2:1 pending",
		"officer.yenmo deadline:2022-Q2:1 opted_out",
	}
	if got := keys(dry); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("dry run lists\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, o := range dry {
		if strings.Contains(o.Key, "M06") && (!strings.Contains(o.Subject, "báo cáo tháng 6/2022") || !strings.Contains(o.Text, "37-TTPVHCC")) {
			t.Errorf("the digest of June: %s\n%s", o.Subject, o.Text)
		}
		if strings.Contains(o.Key, "Q2") && strings.Contains(o.Text, "37-TTPVHCC") {
			t.Errorf("the quarter's %s lists the monthly centre: %s", o.Kind, o.Text)
		}
	}
	if n := len(mb.messages()); n != 0 {
		t.Fatalf("a dry run sent %d messages", n)
	}
	if _, total, _ := db.Notices(ctx, 1, 10, 0); total != 0 {
		t.Fatal("a dry run recorded notices")
	}

	o.DryRun = false
	out, err := notify.Run(ctx, db, o)
	if err != nil {
		t.Fatal(err)
	}
	sent := strings.NewReplacer(" pending", " sent").Replace(strings.Join(want, "\n"))
	if got := strings.Join(keys(out), "\n"); got != sent {
		t.Fatalf("run:\n%s\nwant\n%s", got, sent)
	}
	msgs := mb.messages()
	byTo := map[string][]received{}
	for _, m := range msgs {
		byTo[m.To] = append(byTo[m.To], m)
		if m.From != "parkpi@ninhbinh.gov.vn" {
			t.Errorf("from %q", m.From)
		}
		vi, en, ok := strings.Cut(m.Body, "English")
		if !ok || !strings.Contains(vi, "Kính gửi") || !strings.Contains(en, "Dear") || !strings.Contains(vi, base+"/account") {
			t.Errorf("to %s: not Vietnamese first, English below:\n%s", m.To, m.Body)
		}
	}
	if len(msgs) != 5 || len(byTo["yenhoa@ninhbinh.gov.vn"]) != 1 || len(byTo["sotuphap@ninhbinh.gov.vn"]) != 2 ||
		len(byTo["lanhdao@ninhbinh.gov.vn"]) != 2 || len(byTo["yenmo@ninhbinh.gov.vn"]) != 0 {
		t.Fatalf("messages by recipient: %v", byTo)
	}
	yh := byTo["yenhoa@ninhbinh.gov.vn"][0]
	if !strings.Contains(yh.Subject, "quá hạn") || !strings.Contains(yh.Body, "14722 Ủy ban nhân dân xã Yên Hòa") ||
		!strings.Contains(yh.Body, "29/06/2022 (đã quá 1 ngày)") || !strings.Contains(yh.Body, "29 Jun 2022 (1 day ago)") {
		t.Errorf("Yên Hòa's reminder:\n%s\n%s", yh.Subject, yh.Body)
	}
	var returned received
	for _, m := range byTo["sotuphap@ninhbinh.gov.vn"] {
		if strings.Contains(m.Subject, "trả lại") {
			returned = m
		}
	}
	if !strings.Contains(returned.Body, "Thiếu số hồ sơ trực tuyến") || !strings.Contains(returned.Body, base+"/entry/37-S03/2022/q1") {
		t.Errorf("the returned report's notice:\n%s", returned.Body)
	}
	if d := byTo["lanhdao@ninhbinh.gov.vn"][0]; !strings.Contains(d.Subject, "chờ duyệt") || !strings.Contains(d.Body, "Đã gửi, chờ duyệt") ||
		!strings.Contains(d.Body, "/cockpit?year=2022&quarter=2") {
		t.Errorf("the leader's digest:\n%s\n%s", d.Subject, d.Body)
	}

	yenmo, _ := auth.New(db).UserByName(ctx, "officer.yenmo")
	notices, total, err := db.Notices(ctx, yenmo.ID, 10, 0)
	if err != nil || total != 1 || notices[0].Status != store.NoticeOptedOut {
		t.Fatalf("the opted-out officer's in-app notices: %v %+v", err, notices)
	}
	if again, err := notify.Run(ctx, db, o); err != nil || len(again) != 0 || len(mb.messages()) != 5 {
		t.Fatalf("a second run: %v, %d new notices, %d messages", err, len(again), len(mb.messages()))
	}
	o.DryRun = true
	if again, _ := notify.Run(ctx, db, o); len(again) != 0 {
		t.Fatalf("a dry run after the run lists %v", keys(again))
	}
}

func versionOf(t *testing.T, db *store.DB, agency string, quarter int) string {
	t.Helper()
	s, err := db.Submission(ctx, agency, kpi.Period{Year: 2022, Quarter: quarter})
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(s.Version)
}

// TestReminderStagesAndFailures: a week before the deadline the reminder
// says how many days are left; a server that cannot be reached makes the
// notice "failed", with the reason, and the run goes on.
func TestReminderStagesAndFailures(t *testing.T) {
	db := reminderDemo(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close() // nothing listens there any more
	p, _ := strconv.Atoi(port)
	dead := &notify.SMTP{Host: host, Port: p, From: "parkpi@ninhbinh.gov.vn", TLS: "none"}
	out, err := notify.Run(ctx, db, notify.RunOptions{Options: notify.Options{Today: time.Date(2022, 6, 23, 0, 0, 0, 0, time.UTC), BaseURL: base}, Sender: dead})
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, o := range out {
		if o.Kind == notify.KindDeadline && o.User.Username == "officer.yenhoa" && !strings.Contains(o.Text, "(còn 6 ngày)") {
			t.Errorf("a week before: %s", o.Text)
		}
		if o.Status == store.NoticeFailed && o.Error != "" {
			failed++
		}
	}
	if failed != 5 {
		t.Fatalf("%d failed notices, want the 5 with an address and no opt-out (the leader's two digests): %v", failed, keys(out))
	}
	u, _ := auth.New(db).UserByName(ctx, "officer.yenhoa")
	if n, _, _ := db.Notices(ctx, u.ID, 10, 0); len(n) != 1 || n[0].Status != store.NoticeFailed || !strings.Contains(n[0].Key, "deadline:2022-Q2:-7") {
		t.Fatalf("recorded: %+v", n)
	}
}
