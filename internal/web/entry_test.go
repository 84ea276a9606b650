package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"parkpi/internal/store/storetest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/web"
)

// The demo quarter the entry tests fill: Yên Hòa, 2022 Q2, not started.
const (
	yenHoa   = "14722"
	entryURL = "/entry/14722/2022/q2"
)

var q2 = kpi.Period{Year: 2022, Quarter: 2}

// entryServer serves a copy of the demo with the clock at day.
func entryServer(t *testing.T, day string) (*httptest.Server, *store.DB) {
	t.Helper()
	return entryServerOn(t, storetest.SQLite, day)
}

// entryServerOn is entryServer on the engine.
func entryServerOn(t *testing.T, engine, day string) (*httptest.Server, *store.DB) {
	t.Helper()
	db := demoDBOn(t, engine)
	now, err := time.Parse("2006-01-02", day)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, db
}

func send(t *testing.T, c *http.Client, method, rawURL string, form url.Values) (int, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if method == "POST" {
		req, _ := http.NewRequest("POST", rawURL, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", strings.Join(strings.SplitN(rawURL, "/", 4)[:3], "/"))
		resp, err = c.Do(req)
	} else {
		resp, err = c.Get(rawURL)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, html.UnescapeString(string(b))
}

// validForm is a quarter of Yên Hòa that passes the submission's
// validation without warnings: the previous quarter's figures, with the
// dossiers carried over equal to those in progress at its end.
func validForm(t *testing.T, db *store.DB) url.Values {
	t.Helper()
	e, err := db.Entry(context.Background(), yenHoa, q2)
	if err != nil {
		t.Fatal(err)
	}
	v := map[string]float64{}
	for k, x := range e.Previous {
		v[k] = x
	}
	v["dos_carried"] = e.Previous["dos_pending"]
	v["dos_received"] = v["dos_online"] + v["dos_direct"] + v["dos_carried"]
	v["dos_resolved"] = v["dos_early"] + v["dos_ontime"] + v["dos_late"]
	v["dos_pending"] = v["dos_received"] - v["dos_resolved"]
	v["dos_pending_ontime"] = v["dos_pending"] - v["dos_pending_overdue"]
	if c := kpi.ValidateSubmission(storetest.Catalogue(t, db), e.Input(v)); !c.OK() || len(c.Warnings) > 0 {
		t.Fatalf("the test quarter does not pass: %+v", c)
	}
	form := url.Values{"version": {"0"}, "action": {"save"}}
	for k, x := range v {
		form.Set(k, kpi.FormatNumber("vi", x))
	}
	return form
}

// fieldBlock returns the table row of one field in a rendered form.
func fieldBlock(t *testing.T, body, code string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<tr class="field[^"]*" data-field="` + regexp.QuoteMeta(code) + `">.*?</tr>`)
	m := re.FindString(body)
	if m == "" {
		t.Fatalf("no field %s in the page", code)
	}
	return m
}

func quarterValues(t *testing.T, db *store.DB, agency string, p kpi.Period) map[string]float64 {
	t.Helper()
	v, err := db.QuarterValues(context.Background(), agency, p)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEntryFormShows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts, db := entryServerOn(t, engine, "2022-06-25") // Q2 2022 is due 29/06 (cut-off 14/06 + 15 days)
		c := loginAs(t, ts, "officer.yenhoa")
		for _, path := range []string{entryURL, "/entry/14722/2022/2"} {
			status, body := send(t, c, "GET", ts.URL+path, nil)
			if status != 200 {
				t.Fatalf("GET %s = %d", path, status)
			}
			e, _ := db.Entry(context.Background(), yenHoa, q2)
			cat := storetest.Catalogue(t, db)
			fields := cat.FieldsOf(e.Agency.Kind, q2.Year)
			if len(fields) == 0 {
				t.Fatal("Yên Hòa has no form")
			}
			// Exactly its data set's fields: none of another kind's form.
			onForm := map[string]bool{}
			for _, ind := range fields {
				onForm[ind.Code] = true
			}
			for _, ind := range cat.Entered() {
				if !onForm[ind.Code] && strings.Contains(body, `data-field="`+ind.Code+`"`) {
					t.Errorf("%s is not on a commune's form but is in the page", ind.Code)
				}
			}
			for _, ind := range fields {
				row := fieldBlock(t, body, ind.Code)
				if !strings.Contains(row, `name="`+ind.Code+`"`) || !strings.Contains(row, `inputmode=`) {
					t.Errorf("%s: no input", ind.Code)
				}
				if prev, ok := e.Previous[ind.Code]; ok && !strings.Contains(row, kpi.FormatNumber("vi", prev)) {
					t.Errorf("%s: the previous quarter's %v is not beside the field", ind.Code, prev)
				}
			}
			if !strings.Contains(body, "Chưa nhập") || !strings.Contains(body, "29/06/2022") || strings.Contains(body, "Quá hạn") {
				t.Errorf("state, deadline or overdue wrong on %s", path)
			}
		}
		if status, _ := send(t, c, "GET", ts.URL+"/entry/14722/2022/q5", nil); status != 404 {
			t.Errorf("quarter 5 = %d, want 404", status)
		}
	})
}

// TestEntryErrorsBesideFields posts one mistake per rule: 422, each message
// of the shared validation inside its own field's row in Vietnamese, the
// typed values kept, and nothing saved.
func TestEntryErrorsBesideFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts, db := entryServerOn(t, engine, "2022-07-10")
		c := loginAs(t, ts, "officer.yenhoa")
		form := validForm(t, db)
		form.Set("dos_online", "1.2.3,4,5") // not a number
		form.Set("dos_resolved", "99999")   // breaks resolved = early + on time + late, and received = resolved + pending
		form.Set("vc_endpoints", "2,5")     // not whole
		form.Set("portal_linked", "3")      // out of range
		form.Set("svc_total", "10")         // level 3 + level 4 > services on the portal
		form.Set("svc_level3", "8")         // (and full + partial <= total holds)
		form.Set("svc_level4", "5")         //
		form.Set("svc_full", "4")           //
		form.Set("svc_partial", "6")        //
		form.Set("staff_pc", "1.000.000")   // more staff with a PC than staff
		form.Set("staff_total", "10")       //
		form.Set("has_lan", "=1+1")         // a formula
		status, body := send(t, c, "POST", ts.URL+entryURL, form)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("POST with errors = %d, want 422", status)
		}
		want := map[string]string{
			"dos_online":    "không phải là số hợp lệ",
			"dos_resolved":  "phải bằng Hồ sơ giải quyết trước hạn",
			"vc_endpoints":  "Phải là số nguyên",
			"portal_linked": "Phải từ 0 đến 1",
			"svc_total":     "Dịch vụ công trực tuyến mức độ 3 + Dịch vụ công trực tuyến mức độ 4 (13) không được lớn hơn",
			"staff_pc":      "không được lớn hơn Số cán bộ",
			"has_lan":       "Không nhập công thức",
		}
		for code, msg := range want {
			row := fieldBlock(t, body, code)
			if !strings.Contains(row, msg) {
				t.Errorf("the row of %s lacks %q:\n%s", code, msg, row)
			}
			if !strings.Contains(row, `value="`+form.Get(code)+`"`) {
				t.Errorf("the row of %s lost the typed %q", code, form.Get(code))
			}
		}
		if row := fieldBlock(t, body, "dos_early"); strings.Contains(row, "field-error") {
			t.Errorf("a valid field shows an error: %s", row)
		}
		if row := fieldBlock(t, body, "svc_total"); strings.Contains(row, "toàn trình") {
			t.Errorf("full + partial within the total is reported: %s", row)
		}
		if len(quarterValues(t, db, yenHoa, q2)) != 0 {
			t.Fatal("a form with errors saved values")
		}
		// In English the same mistake reads in English.
		req, _ := http.NewRequest("GET", ts.URL+"/lang/en", nil)
		if resp, err := c.Do(req); err == nil {
			resp.Body.Close()
		}
		_, body = send(t, c, "POST", ts.URL+entryURL, url.Values{"version": {"0"}, "vc_endpoints": {"2.5"}})
		if row := fieldBlock(t, body, "vc_endpoints"); !strings.Contains(row, "Must be a whole number") {
			t.Errorf("English message missing: %s", row)
		}
	})
}

// TestEntrySaveSubmit saves a draft, refuses to submit warnings without a
// comment, then submits with one.
func TestEntrySaveSubmit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts, db := entryServerOn(t, engine, "2022-07-10")
		c := loginAs(t, ts, "officer.yenhoa")
		form := validForm(t, db)
		status, _ := send(t, c, "POST", ts.URL+entryURL, form)
		if status != http.StatusSeeOther {
			t.Fatalf("save = %d, want 303", status)
		}
		got := quarterValues(t, db, yenHoa, q2)
		if want, _ := kpi.ParseNumber("vi", form.Get("dos_received")); got["dos_received"] != want {
			t.Fatalf("saved dos_received = %v, want %v", got["dos_received"], want)
		}
		_, body := send(t, c, "GET", ts.URL+entryURL+"?done=save", nil)
		if !strings.Contains(body, "Đã lưu nháp") || !strings.Contains(body, `value="1"`) {
			t.Fatal("the saved form lacks the notice or version 1")
		}
		// A warning: carried over differs from last quarter's in progress.
		form.Set("version", "1")
		form.Set("action", "submit")
		bump := func(code string) {
			x, _ := kpi.ParseNumber("vi", form.Get(code))
			form.Set(code, kpi.FormatNumber("vi", x+1))
		}
		for _, code := range []string{"dos_carried", "dos_received", "dos_pending", "dos_pending_ontime"} {
			bump(code)
		}
		status, body = send(t, c, "POST", ts.URL+entryURL, form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(fieldBlock(t, body, "dos_carried"), "khác số hồ sơ đang giải quyết") ||
			!strings.Contains(body, "hãy ghi chú giải trình") {
			t.Fatalf("submit with a warning and no comment = %d", status)
		}
		if s, _ := db.Submission(context.Background(), yenHoa, q2); s.State != kpi.StateDraft || s.Version != 1 {
			t.Fatalf("a refused submission changed the quarter: %+v", s)
		}
		form.Set("comment", "Nhận thêm 1 hồ sơ chuyển từ bộ phận một cửa huyện.")
		if status, _ = send(t, c, "POST", ts.URL+entryURL, form); status != http.StatusSeeOther {
			t.Fatalf("submit with a comment = %d", status)
		}
		s, _ := db.Submission(context.Background(), yenHoa, q2)
		if s.State != kpi.StateSubmitted || s.Comment == "" {
			t.Fatalf("after submit: %+v", s)
		}
	})
}

// TestEntryOtherAgencyForbidden: an officer posting to an agency outside
// their scope gets 403 and nothing is written.
func TestEntryOtherAgencyForbidden(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	c := loginAs(t, ts, "officer.yenhoa")
	form := validForm(t, db)
	var before int // the refusals' own access rows aside
	_ = db.Reader().Get(&before, "SELECT COUNT(*) FROM audit_log WHERE entity <> 'access'")
	for _, target := range []string{"/entry/377/2022/q2", "/entry/37-S03/2022/q2"} {
		if status, _ := send(t, c, "POST", ts.URL+target, form); status != http.StatusForbidden {
			t.Errorf("POST %s by the Yên Hòa officer = %d, want 403", target, status)
		}
	}
	var after int
	_ = db.Reader().Get(&after, "SELECT COUNT(*) FROM audit_log WHERE entity <> 'access'")
	if after != before {
		t.Fatalf("a forbidden post wrote %d audit rows", after-before)
	}
	for _, a := range []string{"377", "37-S03"} {
		if s, _ := db.Submission(context.Background(), a, q2); s.UpdatedBy == "officer.yenhoa" {
			t.Fatalf("%s changed by a forbidden post", a)
		}
	}
}

// TestConcurrentSaves: two officers save the same form from the same
// version at once; one wins, the other gets 409 with the winner's values
// beside their own, and nothing of the winner is lost.
func TestConcurrentSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts, db := entryServerOn(t, engine, "2022-07-10")
		a, b := loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "officer.yenmo")
		fa, fb := validForm(t, db), validForm(t, db)
		fa.Set("vc_endpoints", "11")
		fb.Set("vc_endpoints", "12")
		type result struct {
			who    string
			status int
			body   string
		}
		results := make(chan result, 2)
		for who, pair := range map[string]struct {
			c *http.Client
			f url.Values
		}{"a": {a, fa}, "b": {b, fb}} {
			go func() {
				// t.Fatal must not run off the test goroutine: report instead.
				req, _ := http.NewRequest("POST", ts.URL+entryURL, strings.NewReader(pair.f.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", ts.URL)
				resp, err := pair.c.Do(req)
				if err != nil {
					results <- result{who: who}
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				results <- result{who, resp.StatusCode, html.UnescapeString(string(body))}
			}()
		}
		r1, r2 := <-results, <-results
		if r1.status == http.StatusConflict {
			r1, r2 = r2, r1
		}
		if r1.status != http.StatusSeeOther || r2.status != http.StatusConflict {
			t.Fatalf("statuses %d and %d, want one 303 and one 409", r1.status, r2.status)
		}
		winner, loser := map[string]string{"a": "11", "b": "12"}[r1.who], map[string]string{"a": "11", "b": "12"}[r2.who]
		if got := quarterValues(t, db, yenHoa, q2)["vc_endpoints"]; strconv.FormatFloat(got, 'f', -1, 64) != winner {
			t.Fatalf("stored vc_endpoints = %v, want the winner's %s", got, winner)
		}
		row := fieldBlock(t, r2.body, "vc_endpoints")
		if !strings.Contains(row, `value="`+loser+`"`) || !strings.Contains(row, "Người khác vừa lưu: <strong>"+winner) {
			t.Fatalf("the 409 row does not show both values:\n%s", row)
		}
		if !strings.Contains(r2.body, `name="version" value="1"`) {
			t.Fatal("the 409 form does not carry the new version")
		}
	})
}

// TestEntryLockedAfterApproval: an approved quarter refuses the officer's
// save with 409 and keeps its values.
func TestEntryLockedAfterApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts, db := entryServerOn(t, engine, "2022-07-10")
		officer, leader := loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "leader")
		form := validForm(t, db)
		form.Set("action", "submit")
		if status, _ := send(t, officer, "POST", ts.URL+entryURL, form); status != http.StatusSeeOther {
			t.Fatalf("submit = %d", status)
		}
		if status, _ := send(t, leader, "POST", ts.URL+entryURL+"/approve", url.Values{"version": {"1"}}); status != http.StatusSeeOther {
			t.Fatalf("approve = %d", status)
		}
		before := quarterValues(t, db, yenHoa, q2)
		form.Set("action", "save")
		form.Set("version", "2")
		form.Set("vc_endpoints", "999")
		status, body := send(t, officer, "POST", ts.URL+entryURL, form)
		if status != http.StatusConflict || !strings.Contains(body, "không sửa được") {
			t.Fatalf("save after approval = %d", status)
		}
		if after := quarterValues(t, db, yenHoa, q2); after["vc_endpoints"] != before["vc_endpoints"] {
			t.Fatal("an approved value changed")
		}
		_, body = send(t, officer, "GET", ts.URL+entryURL, nil)
		if !strings.Contains(body, "readonly") || strings.Contains(body, `id="entry-save"`) {
			t.Fatal("the approved form is still editable")
		}
	})
}

// TestEntryRefusesOnlineServicesOverTotal: the case that was accepted
// without a word — 610 partial online services on a portal of 2 — is
// refused on the form (422) with the catalogue rule's message beside the
// total, the typed values kept and nothing saved; within the total it saves.
func TestEntryRefusesOnlineServicesOverTotal(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	c := loginAs(t, ts, "officer.yenhoa")
	form := url.Values{"version": {"0"}, "action": {"save"}, "svc_total": {"2"}, "svc_full": {"0"}, "svc_partial": {"610"}}
	status, body := send(t, c, "POST", ts.URL+entryURL, form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("full + partial over the total = %d, want 422", status)
	}
	row := fieldBlock(t, body, "svc_total")
	if !strings.Contains(row, "Dịch vụ công trực tuyến toàn trình (Nghị định 42/2022) + Dịch vụ công trực tuyến một phần (Nghị định 42/2022) (610) không được lớn hơn Dịch vụ công cung cấp trên Cổng (2).") {
		t.Fatalf("the row of svc_total lacks the rule's message:\n%s", row)
	}
	if !strings.Contains(fieldBlock(t, body, "svc_partial"), `value="610"`) {
		t.Error("the typed 610 is lost")
	}
	if len(quarterValues(t, db, yenHoa, q2)) != 0 {
		t.Fatal("the refused form saved values")
	}
	form.Set("svc_total", "610")
	if status, _ := send(t, c, "POST", ts.URL+entryURL, form); status != http.StatusSeeOther {
		t.Fatalf("full + partial equal to the total = %d, want 303", status)
	}
	if got := quarterValues(t, db, yenHoa, q2); got["svc_partial"] != 610 || got["svc_total"] != 610 {
		t.Fatalf("saved: %v", got)
	}
}
