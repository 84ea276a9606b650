package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store"
)

// accessRows counts the audit rows of an access action by actor and route.
func accessRows(t *testing.T, db *store.DB, action, actor, route string) int {
	t.Helper()
	var n int
	if err := db.Reader().Get(&n, `SELECT COUNT(*) FROM audit_log WHERE entity = 'access' AND action = ? AND actor = ?
		AND route = ? AND address <> ''`, action, actor, route); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAccessIsAudited: a login, a failed login, a lockout, a logout and a
// refused request are audit rows with the user (or the name tried), the
// address and the route; the audit page filters them; the CSV names the
// agency as it was when the event happened.
func TestAccessIsAudited(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	bad := url.Values{"username": {"staff"}, "password": {"not-the-password"}}
	for range 5 {
		send(t, newClient(t), "POST", ts.URL+"/login", bad)
	}
	officer := loginAs(t, ts, "officer.yenhoa")
	if st, _ := send(t, officer, "GET", ts.URL+"/agencies/37-S03?year=2021", nil); st != http.StatusForbidden {
		t.Fatalf("the officer reads another agency: %d", st)
	}
	send(t, officer, "POST", ts.URL+"/logout", url.Values{})
	for _, w := range []struct{ action, actor, route string }{
		{"auth.login_failed", "staff", "POST /login"}, {"auth.lockout", "staff", "POST /login"},
		{"auth.login", "officer.yenhoa", "POST /login"}, {"auth.denied", "officer.yenhoa", "GET /agencies/37-S03"},
		{"auth.logout", "officer.yenhoa", "POST /logout"},
	} {
		if n := accessRows(t, db, w.action, w.actor, w.route); n == 0 {
			t.Errorf("no %s row for %s on %s", w.action, w.actor, w.route)
		}
	}
	admin := loginAs(t, ts, "admin")
	if _, err := db.UpdateAgency(context.Background(), store.AgencyWrite{Code: "14722", Kind: kpi.KindCommune,
		Name: "Xã Yên Hòa (tên mới)", Actor: "admin", Source: "test"}); err != nil {
		t.Fatal(err)
	}
	st, page := send(t, admin, "GET", ts.URL+"/audit?kind=access&user=officer.yenhoa", nil)
	if st != 200 || !strings.Contains(page, "<td>Bị từ chối truy cập</td>") || strings.Contains(page, "<td>Lưu số liệu</td>") || strings.Contains(page, "auth.denied") {
		t.Errorf("the access filter = %d: %.300s", st, page)
	}
	_, body := send(t, admin, "GET", ts.URL+"/audit.csv?kind=access&user=officer.yenhoa", nil)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("audit CSV: %v, %d rows", err, len(rows))
	}
	for _, r := range rows[1:] {
		if r[5] != "Ủy ban nhân dân xã Yên Hòa" {
			t.Errorf("CSV row %v names the agency %q, not as it was then", r[:6], r[5])
		}
	}
	leader := loginAs(t, ts, "leader")
	if _, page := send(t, leader, "GET", ts.URL+"/audit?kind=access&user=officer.yenhoa", nil); !strings.Contains(page, "<td>Đăng nhập</td>") {
		t.Error("the province leader does not see the logins of a commune officer")
	}
}

// TestOversizeLoginCostsNothing: a username of a megabyte is refused before
// any database work — no throttle row, no audit row.
func TestOversizeLoginCostsNothing(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	count := func() (n int) {
		db.Reader().Get(&n, "SELECT (SELECT COUNT(*) FROM login_attempts) + (SELECT COUNT(*) FROM audit_log)")
		return n
	}
	before := count()
	for _, form := range []url.Values{
		{"username": {strings.Repeat("a", 1<<20-100)}, "password": {seed.DemoPassword}},
		{"username": {"leader"}, "password": {strings.Repeat("p", 4096)}},
	} {
		st, page := send(t, newClient(t), "POST", ts.URL+"/login", form)
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "quá dài") || len(page) > 64<<10 {
			t.Errorf("oversize login = %d (%d bytes): %.200s", st, len(page), page)
		}
	}
	if after := count(); after != before {
		t.Errorf("oversize logins wrote %d rows", after-before)
	}
}
