package web_test

import (
	"testing"

	"parkpi/internal/kpi"
)

type stateJSON struct {
	State    string       `json:"state"`
	Coverage kpi.Coverage `json:"coverage"`
	Headline []struct {
		Code         string        `json:"code"`
		Value        float64       `json:"value"`
		OK           bool          `json:"ok"`
		Display      string        `json:"display"`
		Direction    string        `json:"direction"`
		Coverage     *kpi.Coverage `json:"coverage"`
		CoverageNote string        `json:"coverage_note"`
	} `json:"headline"`
}

func (v stateJSON) figure(t *testing.T, code string) (float64, *kpi.Coverage, string) {
	t.Helper()
	for _, h := range v.Headline {
		if h.Code == code {
			if h.Coverage == nil {
				t.Fatalf("%s carries no coverage", code)
			}
			return h.Value, h.Coverage, h.Display
		}
	}
	t.Fatalf("no headline figure %s", code)
	return 0, nil, ""
}

// TestOverviewStates: 2022 Q2 is in progress (approved, submitted, draft
// and missing reports), so approved-only and all-data figures differ, and
// each headline figure's coverage adds up to the agencies of the province;
// 2021 is approved throughout, so both states agree and show SEED.md's
// figures.
func TestOverviewStates(t *testing.T) {
	ts, _, c := dashServer(t, "leader")
	get := func(query string) stateJSON {
		var v stateJSON
		if status := getJSON(t, c, ts.URL+"/api/v1/overview?"+query, &v); status != 200 {
			t.Fatalf("%s: status %d", query, status)
		}
		return v
	}
	approved, all := get("year=2022&quarter=2&state=approved"), get("year=2022&quarter=2&state=all")
	if approved.State != "approved" || all.State != "all" {
		t.Fatalf("states %q / %q", approved.State, all.State)
	}
	va, cov, _ := approved.figure(t, "svc_total")
	vall, _, _ := all.figure(t, "svc_total")
	if va == vall || va > vall {
		t.Fatalf("svc_total approved %v, all %v: approved-only must count fewer reports", va, vall)
	}
	if c := *cov; c.Approved+c.Submitted+c.Draft+c.Missing != c.Agencies || c.Agencies != 174 || c.Missing == 0 || c.Draft == 0 || c.Submitted == 0 {
		t.Fatalf("coverage %+v does not add up to the province's 174 agencies in every state", c)
	}
	for _, h := range approved.Headline {
		if h.CoverageNote == "" || h.Direction == "better" || h.Direction == "worse" {
			t.Fatalf("%s: an incomplete figure shows a rise or fall without its note: %+v", h.Code, h)
		}
	}
	seed := map[string]string{"tthc_simplified": "1.344", "steps_cut": "2.590", "hours_cut": "3.141", "svc_total": "2.039",
		"svc_level3": "313", "svc_level4": "1.209", "ontime_rate": "99,8%", "sat_rate": "100%", "sat_very_rate": "96,57%"}
	a21, all21 := get("year=2021&state=approved"), get("year=2021")
	for code, want := range seed {
		v1, cov, d1 := a21.figure(t, code)
		v2, _, d2 := all21.figure(t, code)
		if v1 != v2 || d1 != want || d2 != want {
			t.Errorf("2021 %s: approved %v (%s), all %v (%s); want both %s", code, v1, d1, v2, d2, want)
		}
		if !cov.Complete(kpi.LevelApproved) {
			t.Errorf("2021 %s: coverage %+v, want every agency approved", code, *cov)
		}
	}
}

// TestBadStateRefused: an unknown state is a 422 in words.
func TestBadStateRefused(t *testing.T) {
	ts, _, c := dashServer(t, "leader")
	for _, url := range []string{"/api/v1/overview?state=draft", "/api/v1/ranking?state=nope", "/api/v1/agencies/37?state=x"} {
		var e struct{ Message string }
		if status := getJSON(t, c, ts.URL+url, &e); status != 422 || e.Message == "" {
			t.Errorf("%s: %d %q, want 422 with a message", url, status, e.Message)
		}
	}
}
