package web_test

import (
	"context"
	"parkpi/internal/store/storetest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

func provinceFigure(t *testing.T, db *store.DB, code string) kpi.Figure {
	t.Helper()
	root, err := db.RootAgency(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return agencyFigure(t, db, root.Code, code)
}

// agencyFigure is one agency's own 2022 figure.
func agencyFigure(t *testing.T, db *store.DB, agency, code string) kpi.Figure {
	t.Helper()
	figs, err := db.Figures(context.Background(), store.Scope{Agency: agency, Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	return figs[code]
}

// TestBrowserEntryFlow: the Yên Hòa officer fills 2022 Q2 with one
// identity that does not add up, reads the Vietnamese message beside that
// field, corrects it and submits; the leader approves; the overview shows
// the new province figure on the next request.
func TestBrowserEntryFlow(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	ctx, problems := newBrowser(t)

	form := validForm(t, db)
	// Yên Hòa's services on the portal this quarter (a few more than last
	// quarter, not an outlier): the province's 2022 figure, a sum of each
	// agency's latest quarter, moves by the difference.
	e, err := db.Entry(context.Background(), yenHoa, q2)
	if err != nil {
		t.Fatal(err)
	}
	services := e.Previous["svc_total"] + 7
	form.Set("svc_total", kpi.FormatNumber("vi", services))
	before := provinceFigure(t, db, "svc_total")
	ownBefore := agencyFigure(t, db, yenHoa, "svc_total")
	correct := form.Get("dos_resolved")
	resolved, _ := kpi.ParseNumber("vi", correct)
	wrong := kpi.FormatNumber("vi", resolved+10)

	browserLogin(t, ctx, ts.URL, "officer.yenhoa")
	actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(ts.URL + entryURL), chromedp.WaitVisible(css("#entry-form"))}
	for _, ind := range storetest.Catalogue(t, db).FieldsOf(e.Agency.Kind, q2.Year) {
		v := form.Get(ind.Code)
		if ind.Code == "dos_resolved" {
			v = wrong
		}
		if v != "" { // over what the form may have filled in already (the dossiers carried over)
			actions = append(actions, chromedp.Clear(css("#f-"+ind.Code)), chromedp.SendKeys(css("#f-"+ind.Code), v))
		}
	}
	// Enter in a field saves: the first button of the form is "Lưu nháp".
	actions = append(actions, chromedp.SendKeys(css("#f-svc_total"), kb.Enter),
		chromedp.WaitVisible(css(`[data-field="dos_resolved"] .field-error`)))
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("fill the quarter: %v", err)
	}
	msg := text(t, ctx, `[data-field="dos_resolved"] .field-error`)
	typed, err := chromedp.Run(ctx, chromedp.Value(css("#f-dos_resolved")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "Tổng số hồ sơ đã giải quyết") || !strings.Contains(msg, "phải bằng") || typed != wrong {
		t.Fatalf("beside dos_resolved: %q (typed %q kept as %q)", msg, wrong, typed)
	}
	screenshot(t, ctx, "entry-1-error")
	if len(quarterValues(t, db, yenHoa, q2)) != 0 {
		t.Fatal("the form with an error saved values")
	}

	// Submitting asks first; the quarter goes only on "Gửi duyệt".
	err = chromedp.Do(ctx, chromedp.SetValue(css("#f-dos_resolved"), correct),
		chromedp.Click(css("#entry-submit")), chromedp.WaitVisible(css("#confirm-submit")))
	if err != nil || !strings.Contains(text(t, ctx, "#confirm-text"), "Gửi số liệu quý 2/2022") {
		t.Fatalf("submit asks nothing first: %v", err)
	}
	screenshot(t, ctx, "entry-2-confirm")
	err = chromedp.Do(ctx, chromedp.Click(css("#confirm-yes")), chromedp.WaitVisible(css("#entry-notice")))
	if notice := text(t, ctx, "#entry-notice"); err != nil || !strings.Contains(notice, "Đã gửi duyệt") {
		t.Fatalf("submit: %q, %v", notice, err)
	}
	screenshot(t, ctx, "entry-2-submitted")

	browserLogin(t, ctx, ts.URL, "leader")
	err = chromedp.Do(ctx, chromedp.Navigate(ts.URL+entryURL), chromedp.WaitVisible(css("#entry-approve")),
		chromedp.Click(css("#entry-approve")), chromedp.WaitVisible(css("#entry-notice")))
	if notice := text(t, ctx, "#entry-notice"); err != nil || !strings.Contains(notice, "Đã duyệt") {
		t.Fatalf("approve: %q, %v", notice, err)
	}
	screenshot(t, ctx, "entry-3-approved")
	if sub, _ := db.Submission(context.Background(), yenHoa, q2); sub.State != kpi.StateApproved {
		t.Fatalf("state after approval: %+v", sub)
	}

	after := provinceFigure(t, db, "svc_total")
	if want := before.Value - ownBefore.Value + services; after.Value != want {
		t.Fatalf("province services on the portal 2022: %v -> %v, want %v (Yên Hòa %v -> %v)", before.Value, after.Value, want, ownBefore.Value, services)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?year=2022"), chromedp.WaitVisible(css("main"))); err != nil {
		t.Fatal(err)
	}
	page := text(t, ctx, "main")
	if want := i18n.Number("vi", after.Value, 0); !strings.Contains(page, want) {
		t.Fatalf("the 2022 overview lacks the new services on the portal %s (was %s)", want, i18n.Number("vi", before.Value, 0))
	}
	screenshot(t, ctx, "entry-4-overview")
	if p := problems(); len(p) > 0 {
		t.Errorf("script errors or CSP violations: %q", p)
	}
}
