package web_test

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestScorecard766: a crafted quarter of Yên Hòa, entered through the API,
// scores the hand-computed 70,7 of 100 on the scorecard page and in the
// API (every report counted: it is a draft); approved data, the default,
// does not count the draft. The province's scorecard ranks its agencies.
func TestScorecard766(t *testing.T) {
	ts := newServer(t)
	officer := loginAs(t, ts, "officer.yenhoa")
	api := apiClient{t: t, base: ts.URL, token: makeToken(t, ts.URL, officer, url.Values{"name": {"766"}})}
	values := map[string]any{
		"tthc_total": 50, "tthc_published": 45,
		"dos_online": 30, "dos_direct": 70, "dos_carried": 0, "dos_received": 100,
		"dos_resolved": 95, "dos_early": 10, "dos_ontime": 80, "dos_late": 5,
		"dos_pending": 5, "dos_pending_ontime": 5, "dos_pending_overdue": 0,
		"dos_fee": 40, "dos_paid_online": 10, "dos_digitised": 60,
		"sat_responses": 100, "sat_satisfied": 90, "sat_very": 50,
	}
	var e entryJSON
	if st := api.do("PUT", "/api/v1/entries/14722/2023/q1", map[string]any{"version": 0, "values": values}, &e); st != http.StatusOK {
		t.Fatalf("crafted quarter: %d %+v", st, e)
	}
	var v struct {
		Scorecard struct {
			Total  float64 `json:"total"`
			Scored int     `json:"scored"`
			Groups []struct {
				Code  string  `json:"code"`
				Score float64 `json:"score"`
			} `json:"groups"`
		} `json:"scorecard"`
	}
	if st := api.do("GET", "/api/v1/scores?scope=14722&year=2023&quarter=1&state=all", nil, &v); st != http.StatusOK {
		t.Fatalf("API: %d", st)
	}
	if math.Abs(v.Scorecard.Total-70.7) > 1e-9 || v.Scorecard.Scored != 6 {
		t.Fatalf("API total = %v (%d groups), want 70.7 (6)", v.Scorecard.Total, v.Scorecard.Scored)
	}
	status, body := getWith(t, officer, ts.URL+"/scores?scope=14722&year=2023&quarter=1&state=all")
	if status != http.StatusOK || !strings.Contains(body, "<b data-total>70,7</b>") || !strings.Contains(body, "Tiến độ giải quyết") {
		t.Fatalf("scorecard page: %d\n%.2000s", status, body)
	}
	if st := api.do("GET", "/api/v1/scores?scope=14722&year=2023&quarter=1", nil, &v); st != http.StatusOK || v.Scorecard.Scored != 0 {
		t.Fatalf("approved only: %d, %d groups scored, want none (the quarter is a draft)", st, v.Scorecard.Scored)
	}
	leader := loginAs(t, ts, "leader")
	_, _, raw := fetch(t, leader, ts.URL+"/api/v1/scores?year=2021")
	var prov struct {
		Ranking []struct {
			Rank  int     `json:"rank"`
			Total float64 `json:"total"`
		} `json:"ranking"`
		ByKind []json.RawMessage `json:"by_kind"`
	}
	if err := json.Unmarshal(raw, &prov); err != nil || len(prov.Ranking) < 100 || len(prov.ByKind) < 3 {
		t.Fatalf("province scores: %v, %d ranked, %d kinds", err, len(prov.Ranking), len(prov.ByKind))
	}
	for i := 1; i < len(prov.Ranking); i++ {
		if prov.Ranking[i].Total > prov.Ranking[i-1].Total {
			t.Fatalf("the ranking is not best first at %d", i)
		}
	}
	if status, _, _ := fetch(t, officer, ts.URL+"/scores?scope=37"); status != http.StatusForbidden {
		t.Errorf("an officer's province scores: %d, want 403", status)
	}
	if status, _, _ := fetch(t, leader, ts.URL+"/scores?kind=planet"); status != http.StatusUnprocessableEntity {
		t.Errorf("a bad kind: %d, want 422", status)
	}
}
