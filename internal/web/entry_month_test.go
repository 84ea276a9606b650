package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/kpi"
)

// TestEntryByMonth: the service centre's data set is monthly. The officer
// home lists the months of the quarter being reported, each linking to its
// form. Its July 2022
// form is entered through the page (/entry/…/2022/m7, titled by the month),
// and the save makes Q3 2022 what its months say: the survey counts of the
// quarter, on the province's overview of Q3 at every report level. A
// quarter's page of the centre links its months and has no form; a post
// to it is refused, saying the quarter comes from its months, and saves
// nothing.
func TestEntryByMonth(t *testing.T) {
	ts, db := entryServer(t, "2022-07-20")
	c := loginAs(t, ts, "admin")
	const centre = "37-TTPVHCC"
	month := ts.URL + "/entry/" + centre + "/2022/m7"
	status, form := send(t, c, "GET", month, nil)
	if status != http.StatusOK || !strings.Contains(form, "Số liệu tháng 7/2022") || !strings.Contains(form, `name="sat_responses"`) {
		t.Fatalf("July's form: %d\n%.400s", status, form)
	}
	_, home := send(t, c, "GET", ts.URL+"/entry?scope="+centre, nil)
	for _, m := range []string{"m4", "m5", "m6"} {
		if !strings.Contains(home, `href="/entry/`+centre+`/2022/`+m) {
			t.Errorf("the officer home does not list the month %s of Q2 2022", m)
		}
	}
	v := url.Values{"version": {"0"}, "action": {"save"}, "sat_responses": {"120"}, "sat_satisfied": {"118"}, "sat_very": {"100"},
		"has_lan": {"1"}, "staff_total": {"45"}, "staff_pc": {"45"}}
	if status, body := send(t, c, "POST", month, v); status != http.StatusSeeOther {
		t.Fatalf("saving July: %d\n%s", status, snippet(body))
	}
	q3 := kpi.Period{Year: 2022, Quarter: 3}
	vals, err := db.QuarterValues(context.Background(), centre, q3)
	if err != nil || vals["sat_responses"] != 120 || vals["staff_total"] != 45 {
		t.Fatalf("Q3 from July: %v, %v", vals, err)
	}
	_, overview := send(t, c, "GET", ts.URL+"/?year=2022&quarter=3&scope=37&state=all", nil)
	if !strings.Contains(overview, "120") {
		t.Errorf("the province's Q3 overview does not show July's 120 survey responses")
	}
	sub, err := db.Submission(context.Background(), centre, q3)
	if err != nil || sub.State != kpi.StateDraft {
		t.Fatalf("Q3's report after July: %+v, %v", sub, err)
	}
	_, quarter := send(t, c, "GET", ts.URL+"/entry/"+centre+"/2022/q3", nil)
	for _, m := range []string{"m7", "m8", "m9"} {
		if !strings.Contains(quarter, `href="/entry/`+centre+`/2022/`+m+`"`) {
			t.Errorf("the centre's Q3 page does not link its month %s", m)
		}
	}
	if strings.Contains(quarter, `<form method="post" action="/entry/`+centre+`/2022/q3"`) || !strings.Contains(quarter, "báo cáo theo tháng") {
		t.Errorf("the centre's Q3 page offers a quarter's form to fill")
	}
	v.Set("version", strconv.Itoa(sub.Version))
	v.Set("sat_responses", "999")
	status, body := send(t, c, "POST", ts.URL+"/entry/"+centre+"/2022/q3", v)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "báo cáo theo tháng") {
		t.Errorf("a quarter of the monthly centre: %d\n%s", status, snippet(body))
	}
	if vals, _ := db.QuarterValues(context.Background(), centre, q3); vals["sat_responses"] != 120 {
		t.Errorf("the refused quarter changed Q3: %v", vals)
	}
}

// snippet is the part of a page that says what went wrong, if any.
func snippet(body string) string {
	if i := strings.Index(body, "field-error"); i >= 0 {
		return body[max(0, i-200):min(len(body), i+400)]
	}
	return body[:min(len(body), 600)]
}
