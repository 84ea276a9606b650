package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"parkpi/internal/kpi"
)

type rankRowJSON struct {
	Rank  int      `json:"rank"`
	Code  string   `json:"code"`
	Kind  kpi.Kind `json:"kind"`
	Value float64  `json:"value"`
	OK    bool     `json:"ok"`
	Cells []struct {
		Value float64 `json:"value"`
		OK    bool    `json:"ok"`
	} `json:"cells"`
}

type pagedRankingJSON struct {
	Indicator string        `json:"indicator"`
	Total     int           `json:"total"`
	Ranked    int           `json:"ranked"`
	Rows      []rankRowJSON `json:"rows"`
	Top       []rankRowJSON `json:"top"`
	Bottom    []rankRowJSON `json:"bottom"`
	URL       string        `json:"url"`
	APIURL    string        `json:"api_url"`
	Columns   []struct {
		Code string `json:"code"`
	} `json:"columns"`
	Paging struct {
		Page    int `json:"page"`
		PerPage int `json:"per_page"`
		Pages   int `json:"pages"`
	} `json:"paging"`
}

// wholeRanking pages through /api/v1/ranking with query and returns every
// row in order, checking the paging on the way.
func wholeRanking(t *testing.T, c *http.Client, base, query string, perPage int) (pagedRankingJSON, []rankRowJSON) {
	t.Helper()
	var first pagedRankingJSON
	var all []rankRowJSON
	for page := 1; ; page++ {
		var v pagedRankingJSON
		url := base + "/api/v1/ranking?" + query + "&per_page=" + itoaT(perPage) + "&page=" + itoaT(page)
		if status := getJSON(t, c, url, &v); status != 200 {
			t.Fatalf("%s: status %d", url, status)
		}
		if page == 1 {
			first = v
		}
		if v.Paging.Page != page || v.Paging.PerPage != perPage || len(v.Rows) > perPage || v.Total != first.Total {
			t.Fatalf("%s: paging %+v, %d rows, total %d", url, v.Paging, len(v.Rows), v.Total)
		}
		all = append(all, v.Rows...)
		if page >= v.Paging.Pages {
			return first, all
		}
	}
}

// TestOverviewRankingEnds: the overview carries the top and bottom ten of
// the ranking — the same agencies, in the same order and with the same
// cells, as the two ends of the full paginated ranking — and links to it.
func TestOverviewRankingEnds(t *testing.T) {
	ts, db, c := dashServer(t, "leader")
	tests := map[string]struct{ overview, ranking string }{
		"on-time rate, every kind":      {"year=2021", "year=2021"},
		"communes, on-time rate, worst": {"year=2021&kind=commune&dir=asc", "year=2021&kind=commune&dir=asc"},
		"a quarter, hours cut":          {"year=2022&quarter=2&sort=hours_cut", "year=2022&quarter=2&indicator=hours_cut"},
	}
	tree, err := db.Tree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var ov struct {
				Ranking pagedRankingJSON `json:"ranking"`
			}
			getJSON(t, c, ts.URL+"/api/v1/overview?"+tc.overview, &ov)
			head, all := wholeRanking(t, c, ts.URL, tc.ranking, 7)
			r := ov.Ranking
			if r.Total != len(all) || r.Ranked != head.Ranked || r.Total < 30 || len(r.Rows) != 0 {
				t.Fatalf("overview: total %d ranked %d, %d rows; full ranking: %d agencies, %d ranked", r.Total, r.Ranked, len(r.Rows), len(all), head.Ranked)
			}
			if len(r.Top) != 10 || len(r.Bottom) != 10 {
				t.Fatalf("top %d, bottom %d; want ten each", len(r.Top), len(r.Bottom))
			}
			sameRows(t, "top", r.Top, all[:10])
			sameRows(t, "bottom", r.Bottom, all[r.Ranked-10:r.Ranked])
			for _, row := range all {
				if a := tree.Get(row.Code); a == nil || a.Code == "37" || (strings.Contains(tc.ranking, "kind=commune") && a.Kind != kpi.KindCommune) {
					t.Errorf("row %s is not an agency below the province of the kind asked", row.Code)
				}
			}
			if !strings.HasPrefix(r.URL, "/ranking?") || !strings.HasPrefix(r.APIURL, "/api/v1/ranking?") {
				t.Errorf("links %q, %q", r.URL, r.APIURL)
			}
		})
	}
}

// TestOverviewRankingFewRanked: with fewer than twenty agencies ranked the
// bottom list starts after the top, never repeating it, and is empty when
// the top holds them all.
func TestOverviewRankingFewRanked(t *testing.T) {
	ts, _, c := dashServer(t, "leader")
	for _, tc := range []struct {
		kind        string
		top, bottom int
	}{{"department", 10, 8}, {"district", 8, 0}} {
		var ov struct {
			Ranking pagedRankingJSON `json:"ranking"`
		}
		getJSON(t, c, ts.URL+"/api/v1/overview?year=2021&kind="+tc.kind, &ov)
		_, all := wholeRanking(t, c, ts.URL, "year=2021&kind="+tc.kind, 7)
		r := ov.Ranking
		if r.Ranked != tc.top+tc.bottom || len(r.Top) != tc.top || len(r.Bottom) != tc.bottom {
			t.Fatalf("%s: ranked %d, top %d, bottom %d; want %d and %d", tc.kind, r.Ranked, len(r.Top), len(r.Bottom), tc.top, tc.bottom)
		}
		sameRows(t, tc.kind+" top", r.Top, all[:tc.top])
		sameRows(t, tc.kind+" bottom", r.Bottom, all[tc.top:r.Ranked])
	}
}

func sameRows(t *testing.T, what string, got, want []rankRowJSON) {
	t.Helper()
	for i := range want {
		g, w := got[i], want[i]
		if g.Code != w.Code || g.Rank != w.Rank || !g.OK || !near(g.Value, w.Value) || len(g.Cells) != len(w.Cells) {
			t.Fatalf("%s row %d: %+v, full ranking %+v", what, i, g, w)
		}
		for j := range w.Cells {
			if g.Cells[j].OK != w.Cells[j].OK || !near(g.Cells[j].Value, w.Cells[j].Value) {
				t.Errorf("%s row %s cell %d: %+v, full ranking %+v", what, g.Code, j, g.Cells[j], w.Cells[j])
			}
		}
	}
}

// TestRankingPaging: pages of any size add up to one ranking (every agency
// once, in order, ranked ones first); per_page is capped; bad paging
// parameters are a 422; a page past the end is empty.
func TestRankingPaging(t *testing.T) {
	ts, _, c := dashServer(t, "leader")
	_, by7 := wholeRanking(t, c, ts.URL, "year=2021&indicator=sat_rate", 7)
	_, by100 := wholeRanking(t, c, ts.URL, "year=2021&indicator=sat_rate", 100)
	if len(by7) != len(by100) || len(by7) < 150 {
		t.Fatalf("%d rows by 7, %d by 100", len(by7), len(by100))
	}
	seen := map[string]bool{}
	for i := range by7 {
		if by7[i].Code != by100[i].Code || seen[by7[i].Code] {
			t.Fatalf("row %d: %s by 7, %s by 100 (or seen twice)", i, by7[i].Code, by100[i].Code)
		}
		seen[by7[i].Code] = true
		if i > 0 && by7[i].OK && !by7[i-1].OK {
			t.Fatalf("row %d (%s) has a figure after one without", i, by7[i].Code)
		}
	}
	var capped pagedRankingJSON
	getJSON(t, c, ts.URL+"/api/v1/ranking?year=2021&per_page=100000", &capped)
	if capped.Paging.PerPage != 100 || len(capped.Rows) != 100 {
		t.Fatalf("per_page=100000 gave %d per page, %d rows; want at most 100", capped.Paging.PerPage, len(capped.Rows))
	}
	var past pagedRankingJSON
	if getJSON(t, c, ts.URL+"/api/v1/ranking?year=2021&page=999", &past); len(past.Rows) != 0 || past.Total != len(by7) {
		t.Fatalf("page 999: %d rows of %d", len(past.Rows), past.Total)
	}
	for _, q := range []string{"page=0", "page=x", "per_page=-1", "per_page=1.5"} {
		var v map[string]any
		if status := getJSON(t, c, ts.URL+"/api/v1/ranking?year=2021&"+q, &v); status != 422 || v["message_vi"] == "" {
			t.Errorf("%s: status %d %v, want 422", q, status, v)
		}
	}
}

// TestRankingPage: the full ranking page shows a page of rows with links to
// the agencies and to the next page, and column headers that stay on it.
func TestRankingPage(t *testing.T) {
	ts, _, c := dashServer(t, "leader")
	status, body := getWith(t, c, ts.URL+"/ranking?year=2021&kind=commune&indicator=ontime_rate&page=2")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{"Bảng xếp hạng cơ quan, đơn vị năm 2021", "Trang 2/3", "Dòng 51–100 trong 143", `rel="prev"`, `rel="next"`,
		`href="/agencies/`, `href="/ranking?dir=desc&indicator=sat_rate&kind=commune&year=2021"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the ranking page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<tr data-agency=`); n != 50 {
		t.Errorf("%d rows on page 2, want 50", n)
	}
	if status, _ := getWith(t, c, ts.URL+"/ranking?year=2021&dir=up"); status != 422 {
		t.Errorf("dir=up: status %d, want 422", status)
	}
}

// TestOverviewCacheKeepsDecisions: the overview served from the cache is
// still refused to a client whose session ended, and a language's overview
// is never served in the other language.
func TestOverviewCacheKeepsDecisions(t *testing.T) {
	ts, _, c := dashServer(t, "leader")
	for range 2 {
		if status, body := getWith(t, c, ts.URL+"/?year=2021"); status != 200 || !strings.Contains(body, "1.344") {
			t.Fatalf("vi overview: %d", status)
		}
	}
	en := loginAs(t, ts, "leader")
	if _, err := en.Get(ts.URL + "/lang/en?next=/"); err != nil {
		t.Fatal(err)
	}
	if _, body := getWith(t, en, ts.URL+"/?year=2021"); !strings.Contains(body, "1,344") || strings.Contains(body, "1.344") {
		t.Fatal("the English overview was served in Vietnamese")
	}
	var v overviewJSON
	if status := getJSON(t, c, ts.URL+"/api/v1/overview?year=2021", &v); status != 200 {
		t.Fatalf("status %d", status)
	}
	resp, err := c.PostForm(ts.URL+"/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var e map[string]any
	if status := getJSON(t, c, ts.URL+"/api/v1/overview?year=2021", &e); status != http.StatusUnauthorized {
		t.Fatalf("after logout the cached overview answered %d, want 401", status)
	}
}
