package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/xuri/excelize/v2"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store/storetest"
)

// phoneWidth is the viewport of a small phone, in CSS pixels.
const phoneWidth = 390

// fitsWidth fails the test when the page's main content is wider than the
// viewport (a phone user would have to scroll sideways to read a form).
func fitsWidth(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { const m = document.querySelector("main");
		return m.scrollWidth - m.clientWidth; })()`))
	if err != nil || over > 0 {
		t.Errorf("%s at %d px: main is %d px wider than the screen (%v)", page, phoneWidth, over, err)
	}
}

// submitStatus runs the actions (a click or an Enter that posts a form) and
// returns the status of the page the post answers with.
func submitStatus(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) int {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		t.Fatalf("post the form: %v", err)
	}
	return int(resp.Status)
}

// TestBrowserCatalogueChange walks the catalogue as data end to end, in
// one run of one server: on a phone-width screen an administrator adds the
// indicator "Hồ sơ được số hóa" for communes on /admin/catalogue, and the
// rule "digitised ≤ resolved" (tried against Yên Hòa's stored quarters
// first); then the Yên Hòa officer finds the field on the form, gets the
// rule's Vietnamese message beside it (422, nothing saved), corrects it and
// submits; the leader approves; the figure is on the overview, in the API
// and in the summary export.
func TestBrowserCatalogueChange(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	ctx, problems := newBrowser(t)

	browserLogin(t, ctx, ts.URL, "admin")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, 844), chromedp.Navigate(ts.URL+"/admin/catalogue"),
		chromedp.WaitVisible(css("#catalogue-indicators"))); err != nil {
		t.Fatal(err)
	}
	fitsWidth(t, ctx, "/admin/catalogue")
	screenshot(t, ctx, "catalogue-1-list")
	err := chromedp.Do(ctx, chromedp.Click(css(`a[href="/admin/catalogue/indicators/new"]`)), chromedp.WaitVisible(css("#catalogue-form")),
		chromedp.SendKeys(css("#c-code"), "digitised"), chromedp.SetValue(css("#c-group"), "dossiers"),
		chromedp.SendKeys(css("#c-name_vi"), "Hồ sơ được số hóa"), chromedp.SendKeys(css("#c-name_en"), "Dossiers digitised"),
		chromedp.SendKeys(css("#c-unit_vi"), "hồ sơ"), chromedp.SendKeys(css("#c-unit_en"), "dossiers"),
		chromedp.Click(css(`#c-datasets input[value="commune"]`)),
		chromedp.Click(css(`#c-views input[value="overview"]`)), chromedp.Click(css(`#c-views input[value="summary"]`)))
	if err != nil {
		t.Fatalf("fill the indicator: %v", err)
	}
	fitsWidth(t, ctx, "the indicator form")
	if st := submitStatus(t, ctx, chromedp.Click(css("#catalogue-save"))); st != http.StatusOK || !strings.Contains(text(t, ctx, "#catalogue-notice"), "Đã lưu") {
		t.Fatalf("add the indicator: %d", st)
	}
	screenshot(t, ctx, "catalogue-2-indicator")

	err = chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/admin/catalogue/rules/new"), chromedp.WaitVisible(css("#catalogue-form")),
		chromedp.SendKeys(css("#c-code"), "digitised_bound"), chromedp.SendKeys(css("#c-left"), "digitised"),
		chromedp.SetValue(css("#c-op"), "<="), chromedp.SendKeys(css("#c-right"), "dos_resolved"),
		chromedp.SendKeys(css("#c-message_vi"), "Hồ sơ được số hóa ({left}) không được lớn hơn tổng số hồ sơ đã giải quyết ({right})."),
		chromedp.SendKeys(css("#c-message_en"), "Dossiers digitised ({left}) cannot exceed dossiers resolved ({right})."),
		chromedp.Click(css(`#c-datasets input[value="commune"]`)), chromedp.SendKeys(css("#c-try_agency"), yenHoa))
	if err != nil {
		t.Fatalf("fill the rule: %v", err)
	}
	if st := submitStatus(t, ctx, chromedp.Click(css("#catalogue-try"))); st != http.StatusOK ||
		!strings.Contains(text(t, ctx, "#catalogue-try-result"), "0 quý bị báo") {
		t.Fatalf("try the rule: %d", st)
	}
	fitsWidth(t, ctx, "the rule form with its trial")
	screenshot(t, ctx, "catalogue-3-rule-tried")
	if _, ok := storetest.Catalogue(t, db).Definition().Rule("digitised_bound"); ok {
		t.Fatal("trying the rule saved it")
	}
	if st := submitStatus(t, ctx, chromedp.Click(css("#catalogue-save"))); st != http.StatusOK || !strings.Contains(text(t, ctx, "#catalogue-notice"), "Đã lưu") {
		t.Fatalf("save the rule: %d", st)
	}

	// The officer, on the same server: no restart.
	form := validForm(t, db)
	resolved, _ := kpi.ParseNumber("vi", form.Get("dos_resolved"))
	wrong, digitised := kpi.FormatNumber("vi", resolved+5), resolved-3
	browserLogin(t, ctx, ts.URL, "officer.yenhoa")
	actions := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(1280, 1600), chromedp.Navigate(ts.URL + entryURL),
		chromedp.WaitVisible(css(`#group-dossiers [data-field="digitised"]`))}
	for _, ind := range storetest.Catalogue(t, db).FieldsOf(kpi.KindCommune, q2.Year) {
		if v := form.Get(ind.Code); v != "" {
			// Set, not typed: the dossiers carried over come prefilled.
			actions = append(actions, chromedp.SetValue(css("#f-"+ind.Code), v))
		}
	}
	actions = append(actions, chromedp.SendKeys(css("#f-digitised"), wrong))
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("fill the quarter: %v", err)
	}
	if st := submitStatus(t, ctx, chromedp.SendKeys(css("#f-digitised"), kb.Enter)); st != http.StatusUnprocessableEntity {
		t.Fatalf("an entry breaking the rule = %d, want 422", st)
	}
	msg := text(t, ctx, `[data-field="digitised"] .field-error`)
	if want := "Hồ sơ được số hóa (" + wrong + ") không được lớn hơn tổng số hồ sơ đã giải quyết (" + form.Get("dos_resolved") + ")."; !strings.Contains(msg, want) {
		t.Fatalf("beside the new field: %q, want %q", msg, want)
	}
	screenshot(t, ctx, "catalogue-4-rule-message")
	if len(quarterValues(t, db, yenHoa, q2)) != 0 {
		t.Fatal("the entry breaking the rule saved values")
	}
	err = chromedp.Do(ctx, chromedp.SetValue(css("#f-digitised"), kpi.FormatNumber("vi", digitised)),
		chromedp.Click(css("#entry-submit")), chromedp.WaitVisible(css("#confirm-submit")), // asked first
		chromedp.Click(css("#confirm-yes")), chromedp.WaitVisible(css("#entry-notice")))
	if err != nil || !strings.Contains(text(t, ctx, "#entry-notice"), "Đã gửi duyệt") {
		t.Fatalf("submit: %v", err)
	}
	if _, page := getWith(t, loginAs(t, ts, "officer.sotuphap"), ts.URL+"/entry/37-S03/2022/q2"); strings.Contains(page, `data-field="digitised"`) {
		t.Fatal("a department's form shows the communes' new field")
	}

	browserLogin(t, ctx, ts.URL, "leader")
	err = chromedp.Do(ctx, chromedp.Navigate(ts.URL+entryURL), chromedp.WaitVisible(css("#entry-approve")),
		chromedp.Click(css("#entry-approve")), chromedp.WaitVisible(css("#entry-notice")),
		chromedp.Navigate(ts.URL+"/?year=2022"), chromedp.WaitVisible(css(`.card[data-indicator="digitised"]`)))
	if err != nil {
		t.Fatalf("approve and open the overview: %v", err)
	}
	display := i18n.Number("vi", digitised, 0)
	if card := text(t, ctx, `.card[data-indicator="digitised"]`); !strings.Contains(card, "Hồ sơ được số hóa") || !strings.Contains(card, display) {
		t.Fatalf("the overview card: %q, want %s", card, display)
	}
	screenshot(t, ctx, "catalogue-5-overview")

	leader := loginAs(t, ts, "leader")
	if v, shown := overviewHeadline(t, leader, ts.URL, "digitised"); v != digitised || shown != display {
		t.Fatalf("the API's headline figure = %v (%q), want %v", v, shown, digitised)
	}
	if got := summaryCell(t, leader, ts.URL, yenHoa, "Hồ sơ được số hóa (hồ sơ)"); got != kpi.FormatNumber("en", digitised) {
		t.Fatalf("Yên Hòa's digitised dossiers in the summary export = %q, want %v", got, digitised)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("script errors or CSP violations: %q", p)
	}
}

// overviewHeadline reads one headline figure of the 2022 overview JSON.
func overviewHeadline(t *testing.T, c *http.Client, base, code string) (float64, string) {
	t.Helper()
	var v overviewJSON
	if st := getJSON(t, c, base+"/api/v1/overview?year=2022", &v); st != http.StatusOK {
		t.Fatalf("the API's overview: %d", st)
	}
	return headlineOf(t, v, code)
}

// summaryCell reads, from the 2022 summary export read back, the cell of
// one agency's row under the column headed header.
func summaryCell(t *testing.T, c *http.Client, base, agency, header string) string {
	t.Helper()
	status, _, body := fetch(t, c, base+"/export/summary.xlsx?year=2022")
	if status != http.StatusOK {
		t.Fatalf("the summary export: %d", status)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Tổng hợp", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for _, r := range rows {
		for i, cell := range r {
			if cell == header {
				col = i
			}
		}
		if col >= 0 && len(r) > col && len(r) > 1 && r[1] == agency {
			return r[col]
		}
	}
	t.Fatalf("no column %q (%d) or no row of %s in the summary", header, col, agency)
	return ""
}
