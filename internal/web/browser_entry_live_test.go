package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserEntryLive: on a phone, the Yên Hòa officer's quarter puts each
// label above its input; a total that does not add up gets its message
// beside the field as it is typed, from the server's check, with nothing
// saved, and the message goes when it is put right; a save with a mistake
// comes back opened on that field.
func TestBrowserEntryLive(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	ctx, problems := newBrowser(t)
	browserLogin(t, ctx, ts.URL, "officer.yenhoa")
	setViewport(t, ctx, viewport{"390", 390, 844, true})
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+entryURL), chromedp.WaitVisible(css("#entry-form"))); err != nil {
		t.Fatal(err)
	}
	above, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () {
	  var l = document.querySelector("label[for=f-dos_received]").closest("th").getBoundingClientRect();
	  var i = document.getElementById("f-dos_received").getBoundingClientRect();
	  return l.bottom <= i.top + 1 && l.width > 250;
	})()`))
	if err != nil || !above {
		t.Errorf("on a phone the label is not above its input, across the line (%v)", err)
	}
	form := validForm(t, db)
	err = chromedp.Do(ctx, chromedp.Clear(css("#f-dos_online")), chromedp.SendKeys(css("#f-dos_online"), form.Get("dos_online")),
		chromedp.Clear(css("#f-dos_direct")), chromedp.SendKeys(css("#f-dos_direct"), form.Get("dos_direct")),
		chromedp.Clear(css("#f-dos_carried")), chromedp.SendKeys(css("#f-dos_carried"), form.Get("dos_carried")),
		chromedp.SendKeys(css("#f-dos_received"), form.Get("dos_received")+"1"),
		chromedp.WaitVisible(css(`[data-field="dos_received"] .field-error`)))
	if err != nil {
		t.Fatalf("no message while typing a total that does not add up: %v", err)
	}
	if msg := text(t, ctx, `[data-field="dos_received"] .field-error`); !strings.Contains(msg, "phải bằng") {
		t.Errorf("the live message reads %q", msg)
	}
	if live := text(t, ctx, "#entry-live"); !strings.Contains(live, "1 lỗi") {
		t.Errorf("the summary line reads %q", live)
	}
	shot(t, ctx, "entry", "live-check-390")
	if len(quarterValues(t, db, yenHoa, q2)) != 0 {
		t.Fatal("typing saved values")
	}
	err = chromedp.Do(ctx, chromedp.SendKeys(css("#f-dos_received"), kb.Backspace),
		chromedp.WaitNotPresent(css(`[data-field="dos_received"] .field-error`)))
	if err != nil {
		t.Fatalf("the message stays once the total is right: %v", err)
	}
	// Saved with the mistake, the page comes back on the field to fix.
	err = chromedp.Do(ctx, chromedp.SendKeys(css("#f-dos_received"), "1"), chromedp.Click(css("#entry-save")),
		chromedp.WaitVisible(css("#entry-errors")))
	if err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if err != nil || focused != "f-dos_received" {
		t.Errorf("after a refused save the focus is on %q, want the field with the error", focused)
	}
	shot(t, ctx, "entry", "refused-save-390")
	if p := problems(); len(p) > 0 {
		t.Errorf("script errors or CSP violations: %q", p)
	}
}
