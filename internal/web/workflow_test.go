package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// submitYenHoa saves and submits Yên Hòa's 2022 Q2 through the form.
func submitYenHoa(t *testing.T, base string, db *store.DB, officer *http.Client) {
	t.Helper()
	form := validForm(t, db)
	sub, _ := db.Submission(context.Background(), yenHoa, q2)
	form.Set("version", strconv.Itoa(sub.Version))
	form.Set("action", "submit")
	if status, body := send(t, officer, "POST", base+entryURL, form); status != http.StatusSeeOther {
		t.Fatalf("submit = %d: %s", status, body)
	}
}

func state(t *testing.T, db *store.DB) kpi.Submission {
	t.Helper()
	s, err := db.Submission(context.Background(), yenHoa, q2)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// move posts a leader's move with the quarter's current version.
func move(t *testing.T, base string, db *store.DB, c *http.Client, m, reason string) (int, string) {
	t.Helper()
	form := url.Values{"version": {strconv.Itoa(state(t, db).Version)}}
	if reason != "" {
		form.Set("reason", reason)
	}
	return send(t, c, "POST", base+entryURL+"/"+m, form)
}

// TestWorkflowByRoleAndState walks Yên Hòa's 2022 Q2 through every move:
// only leaders and admins approve, return and reopen (403 for officers and
// staff, nothing changed); a move the state does not allow is 409 with a
// message naming the state; a return without a reason is 422.
func TestWorkflowByRoleAndState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts, db := entryServerOn(t, engine, "2022-07-10")
		officer, other := loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "officer.sotuphap")
		staff, leader, admin := loginAs(t, ts, "staff"), loginAs(t, ts, "leader"), loginAs(t, ts, "admin")

		if status, body := move(t, ts.URL, db, leader, "approve", ""); status != http.StatusConflict || !strings.Contains(body, "Không thể duyệt") {
			t.Fatalf("approve a quarter not started = %d", status)
		}
		submitYenHoa(t, ts.URL, db, officer)
		for name, c := range map[string]*http.Client{"officer": officer, "other officer": other, "staff": staff} {
			for _, m := range []string{"approve", "return", "reopen"} {
				before := state(t, db)
				if status, _ := move(t, ts.URL, db, c, m, "lý do"); status != http.StatusForbidden {
					t.Errorf("%s %s = %d, want 403", name, m, status)
				}
				if after := state(t, db); after != before {
					t.Errorf("%s %s changed the quarter", name, m)
				}
			}
		}
		steps := []struct {
			who    *http.Client
			move   string
			reason string
			status int
			state  string
			text   string // in the body of a refused move
		}{
			{leader, "reopen", "x", http.StatusConflict, kpi.StateSubmitted, "Không thể mở lại"},
			{leader, "return", "", http.StatusUnprocessableEntity, kpi.StateSubmitted, "Cần ghi lý do khi trả lại"},
			{leader, "return", "Thiếu số liệu khảo sát.", http.StatusSeeOther, kpi.StateReturned, ""},
			{leader, "approve", "", http.StatusConflict, kpi.StateReturned, "bị trả lại"},
			{leader, "return", "lại", http.StatusConflict, kpi.StateReturned, "Không thể trả lại"},
		}
		for i, st := range steps {
			status, body := move(t, ts.URL, db, st.who, st.move, st.reason)
			if status != st.status || state(t, db).State != st.state || !strings.Contains(body, st.text) {
				t.Fatalf("step %d (%s) = %d, state %q", i, st.move, status, state(t, db).State)
			}
		}
		// The officer sees the reason on the home page, and submits again.
		if _, body := send(t, officer, "GET", ts.URL+"/entry?year=2022&quarter=2", nil); !strings.Contains(body, "Thiếu số liệu khảo sát.") {
			t.Fatal("the officer home does not show the leader's reason")
		}
		submitYenHoa(t, ts.URL, db, officer)
		// A stale version is refused.
		stale := url.Values{"version": {strconv.Itoa(state(t, db).Version - 1)}}
		if status, _ := send(t, leader, "POST", ts.URL+entryURL+"/approve", stale); status != http.StatusConflict {
			t.Fatalf("approve with a stale version = %d", status)
		}
		for i, st := range []struct {
			who    *http.Client
			move   string
			reason string
			status int
			state  string
		}{
			{leader, "approve", "", http.StatusSeeOther, kpi.StateApproved},
			{leader, "return", "x", http.StatusConflict, kpi.StateApproved},
			{admin, "reopen", "", http.StatusUnprocessableEntity, kpi.StateApproved},
			{admin, "reopen", "Sửa số cán bộ.", http.StatusSeeOther, kpi.StateReturned},
		} {
			if status, _ := move(t, ts.URL, db, st.who, st.move, st.reason); status != st.status || state(t, db).State != st.state {
				t.Fatalf("second round step %d (%s) = %d, state %q", i, st.move, status, state(t, db).State)
			}
		}
		var audits int
		_ = db.Reader().Get(&audits, "SELECT COUNT(*) FROM audit_log WHERE entity = 'submission' AND field = 'state'")
		if audits != 5 {
			t.Fatalf("%d state audit rows, want 5 (submit, return, submit, approve, reopen)", audits)
		}
	})
}

// TestOfficerHome shows the scope's quarters with their deadlines, and
// names overdue ones in words once the deadline has passed.
func TestOfficerHome(t *testing.T) {
	cell := func(t *testing.T, body, agency string, col int) string {
		t.Helper()
		row := regexp.MustCompile(`(?s)<tr data-agency="` + agency + `">.*?</tr>`).FindString(body)
		cells := regexp.MustCompile(`(?s)<td class="report.*?</td>`).FindAllString(row, -1)
		if len(cells) != 4 {
			t.Fatalf("row %s has %d cells", agency, len(cells))
		}
		return cells[col]
	}
	for _, tt := range []struct {
		day     string
		overdue bool
	}{{"2022-06-25", false}, {"2022-08-01", true}} {
		ts, _ := entryServer(t, tt.day)
		_, body := send(t, loginAs(t, ts, "officer.yenhoa"), "GET", ts.URL+"/entry?year=2022&quarter=2", nil)
		c := cell(t, body, yenHoa, 3)
		if strings.Contains(c, "Quá hạn") != tt.overdue || !strings.Contains(c, "Chưa nhập") || !strings.Contains(c, entryURL) {
			t.Errorf("on %s the 2022 Q2 cell of Yên Hòa is %s", tt.day, c)
		}
		if !strings.Contains(body, "Hạn nộp 29/06/2022") || !strings.Contains(cell(t, body, yenHoa, 2), "Đã duyệt") {
			t.Errorf("on %s: deadline or Q1 state missing", tt.day)
		}
		_, body = send(t, loginAs(t, ts, "officer.yenmo"), "GET", ts.URL+"/entry?year=2022&quarter=2", nil)
		if n := strings.Count(body, "<tr data-agency="); n < 2 || !strings.Contains(body, `data-agency="14722"`) || strings.Contains(body, `data-agency="37-S03"`) {
			t.Errorf("the Yên Mô officer's home lists %d agencies", n)
		}
	}
}

// cockpitRows is the most agencies a page of the cockpit lists.
const cockpitRows = 50

// cockpitRow finds an agency's row on the pages of a cockpit list ("" if
// it is on none).
func cockpitRow(t *testing.T, c *http.Client, url, code string) string {
	t.Helper()
	row := regexp.MustCompile(`(?s)<tr data-agency="` + regexp.QuoteMeta(code) + `">.*?</tr>`)
	for page := 1; page < 20; page++ {
		_, body := send(t, c, "GET", url+"&page="+strconv.Itoa(page), nil)
		if r := row.FindString(body); r != "" {
			return r
		}
		if !strings.Contains(body, `rel="next"`) {
			return ""
		}
	}
	return ""
}

// TestCockpit counts the quarter's reports by kind and lists who has not
// submitted yet; officers may not open it.
func TestCockpit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts, db := entryServerOn(t, engine, "2022-08-01")
		leader := loginAs(t, ts, "leader")
		status, body := send(t, leader, "GET", ts.URL+"/cockpit?year=2022&quarter=2", nil)
		if status != 200 {
			t.Fatalf("cockpit = %d", status)
		}
		rows, err := db.Completeness(context.Background(), store.CompletenessFilter{Scope: store.Scope{Agency: "37", Year: 2022, Quarter: 2}})
		if err != nil {
			t.Fatal(err)
		}
		missing := 0
		for _, r := range rows {
			if kpi.Editable(r.State) {
				missing++
			}
		}
		total := regexp.MustCompile(`(?s)<tr data-kind="total">.*?</tr>`).FindString(body)
		if !strings.Contains(total, ">"+strconv.Itoa(len(rows))+"<") || !strings.Contains(total, ">"+strconv.Itoa(missing)+"</a>") {
			t.Fatalf("total row %s, want %d agencies and %d missing", total, len(rows), missing)
		}
		if n := strings.Count(body, "<tr data-agency="); n > cockpitRows {
			t.Fatalf("the cockpit lists %d agencies on one page, more than %d", n, cockpitRows)
		}
		yh := cockpitRow(t, leader, ts.URL+"/cockpit?year=2022&quarter=2&show=overdue&kind=commune", "14722")
		if !strings.Contains(yh, "Chưa nhập") || !strings.Contains(yh, "Quá hạn") {
			t.Fatalf("Yên Hòa is not listed as missing and overdue: %q", yh)
		}
		submitYenHoa(t, ts.URL, db, loginAs(t, ts, "officer.yenhoa"))
		if cockpitRow(t, leader, ts.URL+"/cockpit?year=2022&quarter=2&show=missing", "14722") != "" {
			t.Fatal("Yên Hòa is still listed as missing after submitting")
		}
		if cockpitRow(t, leader, ts.URL+"/cockpit?year=2022&quarter=2&show=submitted&kind=commune", "14722") == "" ||
			cockpitRow(t, leader, ts.URL+"/cockpit?year=2022&quarter=2&show=submitted&kind=commune", "37-S03") != "" {
			t.Fatal("the submitted communes list is wrong")
		}
		// Submitted on 01/08, after the 29/06 deadline: the lateness stays in
		// sight once the report is in, on the cockpit, the officer home and the
		// API, and through approval.
		if yh := cockpitRow(t, leader, ts.URL+"/cockpit?year=2022&quarter=2&show=submitted&kind=commune", "14722"); !strings.Contains(yh, "Nộp muộn") || strings.Contains(yh, "Quá hạn") {
			t.Errorf("the submitted Yên Hòa row does not say it was late: %q", yh)
		}
		officer := loginAs(t, ts, "officer.yenhoa")
		if _, home := send(t, officer, "GET", ts.URL+"/entry?year=2022&quarter=2", nil); !strings.Contains(home, "Nộp muộn") {
			t.Error("the officer home forgets the late submission")
		}
		if _, err := db.Approve(context.Background(), store.Transition{Agency: "14722", Period: kpi.Period{Year: 2022, Quarter: 2}, Actor: "leader", Version: -1}); err != nil {
			t.Fatal(err)
		}
		if _, api := send(t, officer, "GET", ts.URL+"/api/v1/entries/14722/2022/q2", nil); !strings.Contains(api, `"late":true`) {
			t.Errorf("the API forgets the late submission once approved: %.300s", api)
		}
		if status, _ := send(t, loginAs(t, ts, "staff"), "GET", ts.URL+"/cockpit", nil); status != 200 {
			t.Fatalf("staff cockpit = %d", status)
		}
		if status, _ := send(t, loginAs(t, ts, "officer.yenhoa"), "GET", ts.URL+"/cockpit", nil); status != http.StatusForbidden {
			t.Fatalf("officer cockpit = %d, want 403", status)
		}
	})
}
