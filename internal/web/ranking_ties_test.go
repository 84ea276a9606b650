package web_test

import (
	"fmt"
	"testing"
)

// rankingRow is a row of the ranking's JSON.
type rankingRow struct {
	Rank    int     `json:"rank"`
	Code    string  `json:"code"`
	Value   float64 `json:"value"`
	OK      bool    `json:"ok"`
	Display string  `json:"display"`
}

// TestRankingTellsApart: in the demo's 2021 ranking by on-time rate five
// communes are at 100% and the next at 99,97%: the five share the first
// place, and no two rows whose rates differ read the same, on any page of
// the full ranking, across its page breaks, or at the overview's ends.
func TestRankingTellsApart(t *testing.T) {
	ts := newServer(t)
	c := loginAs(t, ts, "leader")
	var all []rankingRow
	for page := 1; ; page++ {
		var body struct {
			Rows []rankingRow `json:"rows"`
		}
		url := fmt.Sprintf("%s/api/v1/ranking?year=2021&indicator=ontime_rate&per_page=20&page=%d", ts.URL, page)
		if st := getJSON(t, c, url, &body); st != 200 {
			t.Fatalf("page %d = %d", page, st)
		}
		if len(body.Rows) == 0 {
			break
		}
		all = append(all, body.Rows...)
	}
	if len(all) < 100 || all[0].Display != "100%" || all[4].Rank != 1 || all[5].Rank != 6 {
		t.Fatalf("the first rows: %+v", all[:min(8, len(all))])
	}
	if all[5].Display == "100%" || all[5].Display != "99,97%" {
		t.Errorf("the sixth, at %v, reads %q", all[5].Value, all[5].Display)
	}
	checkApart(t, "full ranking", all)
	var ov struct {
		Ranking struct {
			Top    []rankingRow `json:"top"`
			Bottom []rankingRow `json:"bottom"`
		} `json:"ranking"`
	}
	if st := getJSON(t, c, ts.URL+"/api/v1/overview?year=2021&sort=ontime_rate", &ov); st != 200 {
		t.Fatal(st)
	}
	if len(ov.Ranking.Top) < 10 || len(ov.Ranking.Bottom) == 0 {
		t.Fatalf("the overview's ranking: %d top, %d bottom", len(ov.Ranking.Top), len(ov.Ranking.Bottom))
	}
	checkApart(t, "overview top", ov.Ranking.Top)
	checkApart(t, "overview bottom", ov.Ranking.Bottom)
	if len(ov.Ranking.Top) > 5 && ov.Ranking.Top[5].Display != "99,97%" {
		t.Errorf("the overview's sixth reads %q", ov.Ranking.Top[5].Display)
	}
}

// checkApart: equal figures share a rank, different ones never read alike.
func checkApart(t *testing.T, where string, rows []rankingRow) {
	t.Helper()
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		if !a.OK || !b.OK {
			continue
		}
		if a.Value == b.Value && a.Rank != b.Rank {
			t.Errorf("%s: %s and %s have the same figure but ranks %d and %d", where, a.Code, b.Code, a.Rank, b.Rank)
		}
		if a.Value != b.Value && a.Display == b.Display {
			t.Errorf("%s: %s (%v) and %s (%v) both read %q", where, a.Code, a.Value, b.Code, b.Value, a.Display)
		}
	}
}
