package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestRateChangesInPoints: a rate's change reads in percentage points —
// on the overview's card and in its table, on the agency page, and in the
// API's display strings — with the rate's own decimals; a count's change
// has no unit.
func TestRateChangesInPoints(t *testing.T) {
	ts := newServer(t)
	c := loginAs(t, ts, "leader")
	_, page := send(t, c, "GET", ts.URL+"/?year=2021", nil)
	card := regexp.MustCompile(`(?s)<article class="card[^"]*" data-indicator="ontime_rate">.*?</article>`).FindString(page)
	if !strings.Contains(card, `<p class="change better">+0,3 điểm % <span>so với năm 2020</span>`) {
		t.Errorf("the on-time rate's card:\n%s", card)
	}
	row := regexp.MustCompile(`(?s)<tr data-indicator="sat_very_rate"><th scope="row">.*?</tr>`).FindString(page)
	if !strings.Contains(row, "+3,07 điểm %") {
		t.Errorf("the very-satisfied row of the details:\n%s", row)
	}
	if card := regexp.MustCompile(`(?s)data-indicator="hours_cut">.*?</article>`).FindString(page); !strings.Contains(card, "+2.381 <span>") {
		t.Errorf("a count's change:\n%s", card)
	}
	_, agency := send(t, c, "GET", ts.URL+"/agencies/37?year=2021", nil)
	if row := regexp.MustCompile(`(?s)<tr data-indicator="ontime_rate">.*?</tr>`).FindString(agency); !strings.Contains(row, "+0,3 điểm %") {
		t.Errorf("the agency page's on-time row:\n%s", row)
	}
	var ov struct {
		Headline []struct {
			Code          string `json:"code"`
			ChangeDisplay string `json:"change_display"`
		} `json:"headline"`
	}
	getJSON(t, c, ts.URL+"/api/v1/overview?year=2021", &ov)
	for _, f := range ov.Headline {
		if f.Code == "ontime_rate" && f.ChangeDisplay != "+0,3 điểm %" {
			t.Errorf("the API's change of the on-time rate reads %q", f.ChangeDisplay)
		}
	}
	send(t, c, "GET", ts.URL+"/lang/en", nil)
	_, page = send(t, c, "GET", ts.URL+"/?year=2021", nil)
	if card := regexp.MustCompile(`(?s)data-indicator="ontime_rate">.*?</article>`).FindString(page); !strings.Contains(card, "+0.3 pp") {
		t.Errorf("in English:\n%s", card)
	}
}
