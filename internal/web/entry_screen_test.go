package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/web"
)

// checkPost sends the form's fields to the live check as the page does.
func checkPost(t *testing.T, c *http.Client, rawURL string, form url.Values) (int, web.CheckAnswer) {
	t.Helper()
	req, _ := http.NewRequest("POST", rawURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a web.CheckAnswer
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("live check answer %s: %v", b, err)
		}
	}
	return resp.StatusCode, a
}

// TestEntryLiveCheck: the live check answers the one validation's messages
// by field for what is typed — the form's reading of numbers included —
// writes nothing, is bounded in body and rate, and is gated like saving.
func TestEntryLiveCheck(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	officer := loginAs(t, ts, "officer.yenhoa")
	form := validForm(t, db)
	status, a := checkPost(t, officer, ts.URL+entryURL+"/check", form)
	if status != http.StatusOK || len(a.Errors) != 0 || a.Summary != "Không có lỗi." {
		t.Fatalf("a valid quarter: %d %+v", status, a)
	}
	form.Set("dos_late", "999")     // breaks resolved = early + on time + late
	form.Set("svc_total", "1.2.3,") // not a number
	status, a = checkPost(t, officer, ts.URL+entryURL+"/check", form)
	fields := map[string]string{}
	for _, e := range a.Errors {
		fields[e.Field] = e.Message
	}
	if status != http.StatusOK || len(a.Errors) != 2 || !strings.Contains(fields["dos_resolved"], "phải bằng") ||
		!strings.Contains(fields["svc_total"], "không phải là số hợp lệ") || !strings.Contains(a.Summary, "2 lỗi") {
		t.Fatalf("two mistakes: %d %+v", status, a)
	}
	if len(quarterValues(t, db, yenHoa, q2)) != 0 {
		t.Fatal("the live check saved values")
	}
	// Gated like the save: a leader may not enter, an officer not elsewhere.
	if status, _ := checkPost(t, loginAs(t, ts, "leader"), ts.URL+entryURL+"/check", form); status != http.StatusForbidden {
		t.Errorf("the leader's check = %d, want 403", status)
	}
	if status, _ := checkPost(t, officer, ts.URL+"/entry/37-S03/2022/q2/check", form); status != http.StatusForbidden {
		t.Errorf("a check of another agency = %d, want 403", status)
	}
	big := url.Values{"svc_total": {strings.Repeat("1", 40<<10)}}
	if status, _ := checkPost(t, officer, ts.URL+entryURL+"/check", big); status != http.StatusUnprocessableEntity {
		t.Errorf("a 40 KiB check = %d, want 422", status)
	}
	// A burst beyond the bucket is refused, politely.
	limited := 0
	for range 30 {
		if status, _ := checkPost(t, officer, ts.URL+entryURL+"/check", form); status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Error("30 checks at once were all answered")
	}
}

// TestEntryPrefillsCarriedOver: a quarter not typed in yet opens with the
// dossiers carried over filled in from the previous quarter's dossiers in
// progress, said beside the field; once saved, the stored value shows.
func TestEntryPrefillsCarriedOver(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	officer := loginAs(t, ts, "officer.yenhoa")
	e, err := db.Entry(t.Context(), yenHoa, q2)
	if err != nil {
		t.Fatal(err)
	}
	pending := kpi.FormatNumber("vi", e.Previous["dos_pending"])
	_, body := send(t, officer, "GET", ts.URL+entryURL, nil)
	row := fieldBlock(t, body, "dos_carried")
	if !strings.Contains(row, `value="`+pending+`"`) || !strings.Contains(row, "Điền sẵn bằng “Tổng số hồ sơ đang giải quyết” cuối quý trước") {
		t.Fatalf("the carried-over field is not prefilled with %s:\n%s", pending, row)
	}
	if strings.Contains(fieldBlock(t, body, "dos_pending"), `value="`) && !strings.Contains(fieldBlock(t, body, "dos_pending"), `value=""`) {
		t.Error("another field is prefilled")
	}
	// The leader sees the quarter as stored: nothing filled in.
	_, body = send(t, loginAs(t, ts, "leader"), "GET", ts.URL+entryURL, nil)
	if row := fieldBlock(t, body, "dos_carried"); !strings.Contains(row, `value=""`) {
		t.Errorf("the leader's read-only quarter shows a prefilled value:\n%s", row)
	}
	form := url.Values{"version": {"0"}, "dos_carried": {"7"}}
	if status, _ := send(t, officer, "POST", ts.URL+entryURL, form); status != http.StatusSeeOther {
		t.Fatalf("save = %d", status)
	}
	_, body = send(t, officer, "GET", ts.URL+entryURL, nil)
	if row := fieldBlock(t, body, "dos_carried"); !strings.Contains(row, `value="7"`) || strings.Contains(row, "Điền sẵn") {
		t.Errorf("after saving 7:\n%s", row)
	}
}

// version is the quarter's version now.
func version(t *testing.T, ts string, db interface {
	Submission(ctx context.Context, agency string, p kpi.Period) (kpi.Submission, error)
}) string {
	t.Helper()
	s, err := db.Submission(context.Background(), yenHoa, q2)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(s.Version)
}

// TestEntryReviewChanges: a leader reviewing a quarter that was approved,
// reopened and changed sees, at the top of the page and beside the buttons
// to approve or return it, each field changed since the approval, old →
// new; a quarter never approved says so.
func TestEntryReviewChanges(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	officer, leader := loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "leader")
	form := validForm(t, db)
	form.Set("action", "submit")
	mustSee := func(c *http.Client, path string, f url.Values) {
		t.Helper()
		if status, body := send(t, c, "POST", ts.URL+path, f); status != http.StatusSeeOther {
			t.Fatalf("POST %s = %d: %.300s", path, status, body)
		}
	}
	mustSee(officer, entryURL, form)
	_, body := send(t, leader, "GET", ts.URL+entryURL, nil)
	if !strings.Contains(body, `id="review-never"`) || !strings.Contains(body, `id="entry-approve"`) {
		t.Fatal("a first submission does not say it was never approved")
	}
	mustSee(leader, entryURL+"/approve", url.Values{"version": {version(t, ts.URL, db)}})
	mustSee(leader, entryURL+"/reopen", url.Values{"version": {version(t, ts.URL, db)}, "reason": {"Sửa số TTHC thuộc thẩm quyền"}})
	form.Set("version", version(t, ts.URL, db))
	form.Set("tthc_total", "999")
	form.Set("vc_endpoints", "") // cleared
	mustSee(officer, entryURL, form)

	_, body = send(t, leader, "GET", ts.URL+entryURL, nil)
	review, formAt := strings.Index(body, `id="review"`), strings.Index(body, `id="entry-form"`)
	if review < 0 || formAt < 0 || review > formAt {
		t.Fatalf("the review is not above the figures (review at %d, form at %d)", review, formAt)
	}
	changes := body[review:formAt]
	for _, want := range []string{`data-field="tthc_total"`, "→ 999", `data-field="vc_endpoints"`, "Lần duyệt gần nhất", "leader", `id="entry-approve"`, `id="entry-return"`} {
		if !strings.Contains(changes, want) {
			t.Errorf("the review lacks %q:\n%s", want, changes)
		}
	}
	old := "—" // Yên Hòa's quarter had no count of procedures when it was approved
	if v := validForm(t, db).Get("tthc_total"); v != "" {
		old = kpi.FormatNumber("vi", mustParse(t, v))
	}
	if !strings.Contains(changes, `<td class="num old">`+old+`</td>`) {
		t.Errorf("the review lacks the approved count of procedures %s", old)
	}
	if strings.Contains(changes, `data-field="dos_received"`) {
		t.Error("an unchanged field is listed as changed")
	}
}

func mustParse(t *testing.T, s string) float64 {
	t.Helper()
	v, err := kpi.ParseNumber("vi", s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestEntryReturnsWhereItCameFrom: a quarter opened from a page of the
// cockpit leads back there, and so does it after it is approved; an
// address from elsewhere is not followed.
func TestEntryReturnsWhereItCameFrom(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	officer, leader := loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "leader")
	form := validForm(t, db)
	form.Set("action", "submit")
	if status, _ := send(t, officer, "POST", ts.URL+entryURL, form); status != http.StatusSeeOther {
		t.Fatal("submit")
	}
	_, cockpit := send(t, leader, "GET", ts.URL+"/cockpit?year=2022&quarter=2&show=submitted&scope=377", nil)
	from := "/cockpit?quarter=2&scope=377&show=submitted&year=2022"
	link := entryURL + "?from=" + url.QueryEscape(from)
	if !strings.Contains(cockpit, `href="`+link+`"`) {
		i := strings.Index(cockpit, entryURL)
		t.Fatalf("the cockpit's link to the quarter does not remember the list: %s\n%s", link, cockpit[max(0, i-20):i+200])
	}
	_, body := send(t, leader, "GET", ts.URL+link, nil)
	if !strings.Contains(body, `id="entry-back">← Về danh sách tiến độ báo cáo`) || !strings.Contains(body, `href="`+from+`" id="entry-back"`) {
		t.Fatal("the way back is not the cockpit's list")
	}
	req, _ := http.NewRequest("POST", ts.URL+entryURL+"/approve", strings.NewReader(url.Values{"version": {version(t, ts.URL, db)}, "from": {from}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := leader.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != entryURL+"?done=approve&from="+url.QueryEscape(from) {
		t.Fatalf("after approving: %d %s", resp.StatusCode, loc)
	}
	for _, evil := range []string{"https://evil.example/", "//evil.example/", "/admin/users"} {
		_, body := send(t, leader, "GET", ts.URL+entryURL+"?from="+url.QueryEscape(evil), nil)
		if back := backOf(body); back != "/cockpit" || strings.Contains(body, `name="from"`) {
			t.Errorf("from=%s: the way back is %q", evil, back)
		}
	}
	_, body = send(t, officer, "GET", ts.URL+entryURL, nil)
	if backOf(body) != "/entry" {
		t.Error("the officer's way back is not their reports")
	}
}

var backLinkRe = regexp.MustCompile(`href="([^"]*)" id="entry-back"`)

// backOf is the address of a quarter page's way back.
func backOf(body string) string {
	m := backLinkRe.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}
