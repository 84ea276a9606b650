package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// seedCards are SEED.md's 2021 figures as the overview cards show them, in
// Vietnamese and English, with the change against 2020 where the article
// gives one.
var seedCards = []struct{ code, vi, en, change string }{
	{"tthc_simplified", "1.344", "1,344", ""},
	{"steps_cut", "2.590", "2,590", ""},
	{"hours_cut", "3.141", "3,141", "+2.381"},
	{"svc_total", "2.039", "2,039", ""},
	{"svc_level3", "313", "313", ""},
	{"svc_level4", "1.209", "1,209", "+398"},
	{"ontime_rate", "99,8%", "99.8%", ""},
	{"sat_rate", "100%", "100%", ""},
	{"sat_very_rate", "96,57%", "96.57%", ""},
	{"div_cut", "19", "19", ""},
	{"subdept_cut", "4", "4", ""},
	{"psu_cut", "7", "7", ""},
	{"vc_endpoints", "162", "162", ""},
}

// TestBrowserDashboard: the leader logs in, opens the 2021 overview and
// finds each SEED.md figure on its card, sees the charts drawn, switches to
// English (labels and number format change), follows the ranking to Yên
// Hòa's page, and prints without navigation.
func TestBrowserDashboard(t *testing.T) {
	ts := newServerOn(t, demoDB(t), nil)
	ctx, problems := newBrowser(t)
	browserLogin(t, ctx, ts.URL, "leader")
	err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?year=2021"), chromedp.WaitVisible(chromedp.CSS(".cards")),
		chromedp.WaitVisible(chromedp.CSS("#charts.ready canvas")))
	if err != nil {
		t.Fatalf("open the 2021 overview: %v", err)
	}
	for _, c := range seedCards {
		checkCard(t, ctx, c.code, c.vi, c.change)
	}
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#charts canvas").length`))
	if err != nil || charts < len(seedCards) {
		t.Errorf("%d charts drawn (%v)", charts, err)
	}
	if got := text(t, ctx, `article.card[data-indicator="ontime_rate"] .target`); !strings.Contains(got, "Đạt") {
		t.Errorf("on-time target status = %q", got)
	}
	screenshot(t, ctx, "dashboard-overview-2021-vi")

	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("header.site a.lang")), chromedp.WaitVisible(chromedp.CSS(".cards")))
	if err != nil {
		t.Fatalf("switch to English: %v", err)
	}
	body := text(t, ctx, "main")
	for _, label := range []string{"Headline figures", "Agency ranking", "Quarterly trends", "Reports received", "Met"} {
		if !strings.Contains(body, label) {
			t.Errorf("the English overview lacks %q", label)
		}
	}
	for _, c := range seedCards {
		checkCard(t, ctx, c.code, c.en, strings.ReplaceAll(c.change, ".", ","))
	}
	screenshot(t, ctx, "dashboard-overview-2021-en")

	followRankingTo(t, ctx, ts.URL+"/?year=2021&kind=commune#ranking", "14722")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if h1 := text(t, ctx, "section.agency h1"); !strings.Contains(loc, "/agencies/14722") || !strings.Contains(h1, "Yên Hòa") {
		t.Fatalf("at %s, heading %q; want Yên Hòa's page", loc, h1)
	}
	if crumbs := text(t, ctx, ".breadcrumbs"); !strings.Contains(crumbs, "Yên Mô") {
		t.Errorf("breadcrumbs %q lack the district", crumbs)
	}
	screenshot(t, ctx, "dashboard-agency-14722-en")

	checkPrint(t, ctx, ts.URL)
	if p := problems(); len(p) > 0 {
		t.Errorf("script errors or CSP violations: %q", p)
	}
}

// followRankingTo opens the overview's ranking at url, follows its link to
// the full ranking and pages through it (the overview shows only the top
// and bottom ten) until the agency's row, then follows that to its page.
func followRankingTo(t *testing.T, ctx context.Context, url, code string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#ranking tbody.rank-top")),
		chromedp.Click(chromedp.CSS("#ranking a.full-ranking")), chromedp.WaitVisible(chromedp.CSS("section.ranking-full table.ranking")))
	if err != nil {
		t.Fatalf("open the full ranking from the overview: %v", err)
	}
	row := fmt.Sprintf(`section.ranking-full a[href^="/agencies/%s?"]`, code)
	for page := 1; ; page++ {
		found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q) !== null`, row)))
		if err != nil {
			t.Fatal(err)
		}
		if found {
			break
		}
		next, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".pager a[rel=next]") || {}).href || ""`))
		if next == "" || page > 20 {
			t.Fatalf("agency %s is on no page of the full ranking", code)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(next), chromedp.WaitVisible(chromedp.CSS("section.ranking-full table.ranking"))); err != nil {
			t.Fatalf("page %d of the full ranking: %v", page+1, err)
		}
	}
	screenshot(t, ctx, "dashboard-ranking-full")
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(row)), chromedp.WaitVisible(chromedp.CSS("section.agency h1")))
	if err != nil {
		t.Fatalf("follow the ranking to agency %s: %v", code, err)
	}
}

// checkCard finds value (and change, when given) on a figure's card.
func checkCard(t *testing.T, ctx context.Context, code, value, change string) {
	t.Helper()
	sel := fmt.Sprintf(`article.card[data-indicator="%s"] `, code)
	if got := text(t, ctx, sel+".value"); !strings.Contains(got, value) {
		t.Errorf("card %s shows %q, want %s", code, got, value)
	}
	if change != "" && !strings.Contains(text(t, ctx, sel+".change"), change) {
		t.Errorf("card %s lacks the change %s", code, change)
	}
}

// checkPrint: navigation and selectors are hidden on paper.
func checkPrint(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/?year=2021"), chromedp.WaitVisible(chromedp.CSS(".cards")))
	if err == nil {
		_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	}
	if err != nil {
		t.Fatal(err)
	}
	display, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.site nav")).display + "/" + getComputedStyle(document.querySelector("form.period")).display`))
	if err != nil || display != "none/none" {
		t.Errorf("printed, navigation/selector display = %q (%v); want none/none", display, err)
	}
	screenshot(t, ctx, "dashboard-overview-2021-print")
}
