package web_test

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// dashServer serves a fresh demo copy; it returns the server, the database
// behind it (to compare with the store's aggregates) and a client logged in
// as user.
func dashServer(t *testing.T, user string) (*httptest.Server, *store.DB, *http.Client) {
	t.Helper()
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	return ts, db, loginAs(t, ts, user)
}

// getJSON decodes the answer into v and returns the status.
func getJSON(t *testing.T, c *http.Client, url string, v any) int {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q, body %.200s", url, ct, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v in %.200s", url, err, body)
	}
	return resp.StatusCode
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

type figureJSON struct {
	Code     string     `json:"code"`
	Value    float64    `json:"value"`
	OK       bool       `json:"ok"`
	Display  string     `json:"display"`
	Previous kpi.Figure `json:"previous"`
	Target   struct {
		Has    bool    `json:"has_target"`
		Value  float64 `json:"value"`
		Status string  `json:"status"`
	} `json:"target"`
}

type overviewJSON struct {
	Year         int          `json:"year"`
	Quarter      int          `json:"quarter"`
	YearComplete bool         `json:"year_complete"`
	Headline     []figureJSON `json:"headline"`
	Groups       []struct {
		Rows []figureJSON `json:"rows"`
	} `json:"groups"`
	Trends []struct {
		Code   string `json:"code"`
		Series []struct {
			Label string `json:"label"`
			Cells []struct {
				Value float64 `json:"value"`
				OK    bool    `json:"ok"`
			} `json:"cells"`
		} `json:"series"`
	} `json:"trends"`
	Ranking      rankingJSON `json:"ranking"`
	Completeness struct {
		Quarter int `json:"quarter"`
		Total   struct {
			Approved, Submitted, Draft, Returned int
			NotStarted                           int `json:"not_started"`
			Agencies                             int
		} `json:"total"`
	} `json:"completeness"`
}

type rankingJSON struct {
	Indicator string `json:"indicator"`
	Dir       string `json:"dir"`
	Rows      []struct {
		Rank  int      `json:"rank"`
		Code  string   `json:"code"`
		Kind  kpi.Kind `json:"kind"`
		Value float64  `json:"value"`
		OK    bool     `json:"ok"`
	} `json:"rows"`
}

// TestAPIOverviewMatchesStore compares every figure of the overview API
// with the store's own aggregates for the same scope and period.
func TestAPIOverviewMatchesStore(t *testing.T) {
	ts, db, c := dashServer(t, "leader")
	ctx := context.Background()
	for _, q := range []int{0, 2} {
		var v overviewJSON
		if status := getJSON(t, c, ts.URL+"/api/v1/overview?year=2021&quarter="+itoaT(q), &v); status != 200 {
			t.Fatalf("status %d", status)
		}
		cur, _ := db.Figures(ctx, store.Scope{Agency: "37", Year: 2021, Quarter: q})
		prev, _ := db.Figures(ctx, store.Scope{Agency: "37", Year: 2020, Quarter: q})
		if v.Year != 2021 || v.Quarter != q || len(v.Headline) == 0 {
			t.Fatalf("overview = year %d quarter %d, %d headline figures", v.Year, v.Quarter, len(v.Headline))
		}
		all := append([]figureJSON(nil), v.Headline...)
		for _, g := range v.Groups {
			all = append(all, g.Rows...)
		}
		for _, f := range all {
			if f.OK != cur[f.Code].OK || !near(f.Value, cur[f.Code].Value) || !near(f.Previous.Value, prev[f.Code].Value) {
				t.Errorf("Q%d %s: API %v (prev %v), store %v (prev %v)", q, f.Code, f.Value, f.Previous.Value, cur[f.Code], prev[f.Code])
			}
		}
		for _, tr := range v.Trends {
			for i, s := range tr.Series {
				for qq, cell := range s.Cells {
					want, _ := db.Figures(ctx, store.Scope{Agency: "37", Year: 2020 + i, Quarter: qq + 1})
					if cell.OK != want[tr.Code].OK || !near(cell.Value, want[tr.Code].Value) {
						t.Errorf("trend %s %s Q%d: %v, store %v", tr.Code, s.Label, qq+1, cell, want[tr.Code])
					}
				}
			}
		}
	}
}

func itoaT(n int) string { return strconv.Itoa(n) }

// TestAPICompleteness checks the overview's report summary against the
// store, for 2022 whose second quarter is still being filled in.
func TestAPICompleteness(t *testing.T) {
	ts, db, c := dashServer(t, "leader")
	var v overviewJSON
	getJSON(t, c, ts.URL+"/api/v1/overview?year=2022", &v)
	if v.Completeness.Quarter != 2 || v.YearComplete {
		t.Fatalf("2022: summary of Q%d, complete %v; want Q2 of a running year", v.Completeness.Quarter, v.YearComplete)
	}
	rows, err := db.Completeness(context.Background(), store.CompletenessFilter{Scope: store.Scope{Agency: "37", Year: 2022, Quarter: 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, r := range rows {
		want[r.State]++
	}
	got := v.Completeness.Total
	if got.Approved != want[kpi.StateApproved] || got.Submitted != want[kpi.StateSubmitted] || got.Draft != want[kpi.StateDraft] ||
		got.NotStarted != want[kpi.StateNotStarted] || got.Agencies != len(rows) || got.NotStarted == 0 {
		t.Fatalf("completeness %+v, store %v of %d", got, want, len(rows))
	}
}

// TestAPIRankingMatchesStore checks each ranked agency's figure against
// its own figures in the store, the order, the kind filter and direction.
func TestAPIRankingMatchesStore(t *testing.T) {
	ts, db, c := dashServer(t, "leader")
	own, err := db.OwnFigures(context.Background(), store.Scope{Agency: "37", Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		query string
		kind  kpi.Kind
		desc  bool
	}{
		"on-time rate of communes":        {"indicator=ontime_rate&kind=commune", kpi.KindCommune, true},
		"dossiers resolved, fewest first": {"indicator=dos_resolved&dir=asc", "", false},
		"hours cut, worst first":          {"indicator=hours_cut&dir=asc", "", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var v rankingJSON
			if status := getJSON(t, c, ts.URL+"/api/v1/ranking?year=2021&"+tc.query, &v); status != 200 {
				t.Fatalf("status %d", status)
			}
			if len(v.Rows) == 0 {
				t.Fatal("no rows")
			}
			for i, r := range v.Rows {
				want := own[r.Code][v.Indicator]
				if r.OK != want.OK || !near(r.Value, want.Value) || (tc.kind != "" && r.Kind != tc.kind) || r.Code == "37" {
					t.Errorf("%s: %v (kind %s), own figure %v", r.Code, r.Value, r.Kind, want)
				}
				if i > 0 && r.OK && v.Rows[i-1].OK && (r.Value > v.Rows[i-1].Value) == tc.desc && r.Value != v.Rows[i-1].Value {
					t.Errorf("row %d (%v) out of order after %v", i, r.Value, v.Rows[i-1].Value)
				}
			}
		})
	}
}

// TestRankingOnlyByRankingIndicators: rankings read maintained rank
// entries, so an indicator outside the catalogue's ranking list is refused
// with the list, never a 500 or an empty ranking.
func TestRankingOnlyByRankingIndicators(t *testing.T) {
	ts, _, c := dashServer(t, "leader")
	for _, url := range []string{"/api/v1/ranking?year=2021&indicator=dos_late", "/api/v1/overview?year=2021&sort=dos_late"} {
		var e struct{ Message string }
		if status := getJSON(t, c, ts.URL+url, &e); status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", url, status)
		}
		if !strings.Contains(e.Message, "dos_late") || !strings.Contains(e.Message, "ontime_rate") || !strings.Contains(e.Message, "hours_cut") {
			t.Fatalf("%s: message %q does not name the ranking indicators", url, e.Message)
		}
	}
}

// TestAPIAgencyMatchesStore checks Yên Mô's page: year and quarter figures
// of its subtree and each commune's figures.
func TestAPIAgencyMatchesStore(t *testing.T) {
	ts, db, c := dashServer(t, "leader")
	ctx := context.Background()
	var v struct {
		Scope       kpi.Agency `json:"scope"`
		Breadcrumbs []struct{ Code string }
		Groups      []struct {
			Rows []struct {
				Code     string
				Year     kpi.Figure
				Quarters []kpi.Figure
			}
		}
		Columns  []struct{ Code string } `json:"child_columns"`
		Children []struct {
			Code  string
			Cells []kpi.Figure
		}
	}
	if status := getJSON(t, c, ts.URL+"/api/v1/agencies/377?year=2021", &v); status != 200 {
		t.Fatalf("status %d", status)
	}
	if v.Scope.Code != "377" || len(v.Breadcrumbs) != 2 || v.Breadcrumbs[0].Code != "37" {
		t.Fatalf("scope %+v, breadcrumbs %+v", v.Scope, v.Breadcrumbs)
	}
	year, _ := db.Figures(ctx, store.Scope{Agency: "377", Year: 2021})
	for _, g := range v.Groups {
		for _, r := range g.Rows {
			if r.Year.OK != year[r.Code].OK || !near(r.Year.Value, year[r.Code].Value) {
				t.Errorf("%s year: %v, store %v", r.Code, r.Year, year[r.Code])
			}
			for q, cell := range r.Quarters {
				want, _ := db.Figures(ctx, store.Scope{Agency: "377", Year: 2021, Quarter: q + 1})
				if cell.OK != want[r.Code].OK || !near(cell.Value, want[r.Code].Value) {
					t.Errorf("%s Q%d: %v, store %v", r.Code, q+1, cell, want[r.Code])
				}
			}
		}
	}
	kids, _ := db.ChildFigures(ctx, store.Scope{Agency: "377", Year: 2021})
	if len(v.Children) != len(kids) || len(v.Children) == 0 {
		t.Fatalf("%d children, store has %d", len(v.Children), len(kids))
	}
	for _, ch := range v.Children {
		for i, col := range v.Columns {
			if want := kids[ch.Code][col.Code]; ch.Cells[i].OK != want.OK || !near(ch.Cells[i].Value, want.Value) {
				t.Errorf("child %s %s: %v, store %v", ch.Code, col.Code, ch.Cells[i], want)
			}
		}
	}
}

// TestAPIDrilldownAddsUp checks that the values behind Yên Mô's on-time
// rate add up to the store's totals of its numerator and denominator.
func TestAPIDrilldownAddsUp(t *testing.T) {
	ts, db, c := dashServer(t, "leader")
	var v struct {
		Components []struct{ Code string }
		Rows       []struct {
			Code      string
			State     string
			ChangedBy string `json:"changed_by"`
		}
		Sums []kpi.Figure
	}
	if status := getJSON(t, c, ts.URL+"/api/v1/agencies/377/values?indicator=ontime_rate&year=2021&quarter=3", &v); status != 200 {
		t.Fatalf("status %d", status)
	}
	totals, _ := db.Totals(context.Background(), store.Scope{Agency: "377", Year: 2021, Quarter: 3})
	if len(v.Components) != 3 || len(v.Rows) < 2 {
		t.Fatalf("components %+v, %d rows", v.Components, len(v.Rows))
	}
	for i, comp := range v.Components {
		if !near(v.Sums[i].Value, totals[comp.Code].Sum) {
			t.Errorf("%s: sum %v, store total %v", comp.Code, v.Sums[i].Value, totals[comp.Code].Sum)
		}
	}
	for _, r := range v.Rows {
		if r.State != kpi.StateApproved || r.ChangedBy == "" {
			t.Errorf("%s: state %q, changed by %q", r.Code, r.State, r.ChangedBy)
		}
	}
}

// TestAPIErrors: bad parameters answer 422 JSON in both languages, unknown
// agencies 404, strangers 401, and officers only see their own agency.
func TestAPIErrors(t *testing.T) {
	ts, _, leader := dashServer(t, "leader")
	officer := loginAs(t, ts, "officer.yenhoa")
	admin := loginAs(t, ts, "admin")
	tests := []struct {
		name   string
		client *http.Client
		path   string
		status int
	}{
		{"bad year", leader, "/api/v1/overview?year=abc", 422},
		{"bad quarter", leader, "/api/v1/overview?year=2021&quarter=5", 422},
		{"bad indicator", leader, "/api/v1/ranking?year=2021&indicator=nope", 422},
		{"bad kind", leader, "/api/v1/ranking?year=2021&kind=planet", 422},
		{"bad direction", leader, "/api/v1/ranking?year=2021&dir=up", 422},
		{"bad drill-down indicator", leader, "/api/v1/agencies/377/values?indicator=x&year=2021", 422},
		{"unknown agency", admin, "/api/v1/agencies/nope?year=2021", 404},
		{"unknown agency, not revealed to a leader", leader, "/api/v1/agencies/nope?year=2021", 403},
		{"not logged in", http.DefaultClient, "/api/v1/overview?year=2021", 401},
		{"officer, own commune", officer, "/api/v1/agencies/14722?year=2021", 200},
		{"officer, the district above", officer, "/api/v1/agencies/377?year=2021", 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v map[string]any
			if status := getJSON(t, tc.client, ts.URL+tc.path, &v); status != tc.status {
				t.Fatalf("status %d, want %d: %v", status, tc.status, v)
			}
			if tc.status == 422 {
				vi, _ := v["message_vi"].(string)
				en, _ := v["message_en"].(string)
				if v["error"] != kpi.EINVALID || vi == "" || en == "" || en == vi || v["message"] != vi {
					t.Fatalf("error body %v lacks the Vietnamese and English messages", v)
				}
			}
		})
	}
}

// TestAPILive: a value saved is in the next answer, with no cache between.
func TestAPILive(t *testing.T) {
	ts, db, c := dashServer(t, "leader")
	hours := func() float64 {
		var v overviewJSON
		getJSON(t, c, ts.URL+"/api/v1/overview?year=2022&quarter=2", &v)
		for _, f := range v.Headline {
			if f.Code == "hours_cut" {
				return f.Value
			}
		}
		t.Fatal("no hours_cut")
		return 0
	}
	before := hours()
	w := store.ValueWrite{Agency: "14722", Period: kpi.Period{Year: 2022, Quarter: 2}, Version: -1, Actor: "officer.yenhoa", Source: "test",
		Values: map[string]*float64{"hours_cut": ptr(40)}}
	if _, err := db.SaveValues(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	if after := hours(); !near(after, before+40) {
		t.Fatalf("hours cut %v -> %v after saving 40 more", before, after)
	}
}
