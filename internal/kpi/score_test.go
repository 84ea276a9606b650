package kpi_test

import (
	"math"
	"strings"
	"testing"

	"parkpi/data"
	"parkpi/internal/kpi"
)

// crafted is an agency's counts whose Decision 766 score is worked out by
// hand below.
func crafted() map[string]float64 {
	return map[string]float64{
		"tthc_total": 50, "tthc_published": 45, // transparency 45/50 = 0.9 × 18 = 16.2
		"dos_early": 10, "dos_ontime": 80, "dos_pending_ontime": 5, "dos_resolved": 95, "dos_pending": 5, // progress 95/100 × 20 = 19
		"dos_online": 30, "dos_direct": 70, // online 30/100 × 12 = 3.6
		"dos_fee": 40, "dos_paid_online": 10, // payment 10/40 × 10 = 2.5
		"sat_satisfied": 90, "sat_responses": 100, // satisfaction 0.9 × 18 = 16.2
		"dos_digitised": 60, // digitisation 60/100 × 22 = 13.2
	}
}

func figuresOf(v map[string]float64) map[string]kpi.Figure {
	out := map[string]kpi.Figure{}
	for k, x := range v {
		out[k] = kpi.Figure{Value: x, OK: true}
	}
	return out
}

func TestScore766(t *testing.T) {
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	x := cat.ScoreIndex()
	if x == nil || x.Total() != 100 || len(x.Groups()) != 6 {
		t.Fatalf("the seed index: %+v", x)
	}
	tests := []struct {
		name   string
		change func(map[string]float64)
		total  float64
		scored int
		group  string // a group to check
		score  float64
		ok     bool
	}{
		{"hand-computed", func(map[string]float64) {}, 70.7, 6, "progress", 19, true},
		{"no payment counts", func(v map[string]float64) { delete(v, "dos_fee"); delete(v, "dos_paid_online") }, 68.2, 5, "payment", 0, false},
		{"a zero denominator", func(v map[string]float64) { v["dos_fee"], v["dos_paid_online"] = 0, 0 }, 68.2, 5, "payment", 0, false},
		{"a ratio above one is capped", func(v map[string]float64) { v["tthc_published"] = 60 }, 72.5, 6, "transparency", 18, true},
		{"everything on time", func(v map[string]float64) { v["dos_early"], v["dos_ontime"] = 20, 75 }, 71.7, 6, "progress", 20, true},
		{"nothing reported", func(v map[string]float64) { clear(v) }, 0, 0, "satisfaction", 0, false},
	}
	for _, tc := range tests {
		v := crafted()
		tc.change(v)
		sc := x.Score(figuresOf(v))
		if math.Abs(sc.Total-tc.total) > 1e-9 || sc.Scored != tc.scored || sc.Max != 100 {
			t.Errorf("%s: total %v (%d groups), want %v (%d)", tc.name, sc.Total, sc.Scored, tc.total, tc.scored)
		}
		for _, g := range sc.Groups {
			if g.Code == tc.group && (math.Abs(g.Score-tc.score) > 1e-9 || g.OK != tc.ok) {
				t.Errorf("%s: %s = %v (%v), want %v (%v)", tc.name, g.Code, g.Score, g.OK, tc.score, tc.ok)
			}
		}
	}
}

// TestScoreIndexRefusesBadGroups: a definition whose score index is wrong
// is refused as a whole, the problem named beside the group's column.
func TestScoreIndexRefusesBadGroups(t *testing.T) {
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	refused := func(groups ...kpi.ScoreGroup) []kpi.Problem {
		def := cat.Definition()
		def.Scores = groups
		_, problems := kpi.Build(def)
		return problems
	}
	good := kpi.ScoreGroup{Code: "g", NameVI: "Nhóm", NameEN: "Group", Points: 10, Formula: "dos_online / dos_received"}
	if p := refused(good); len(p) != 0 {
		t.Fatalf("a good group refused: %+v", p)
	}
	for name, tc := range map[string]struct {
		change func(kpi.ScoreGroup) kpi.ScoreGroup
		field  string
	}{
		"an unknown code":    {func(g kpi.ScoreGroup) kpi.ScoreGroup { g.Formula = "nope / dos_received"; return g }, "formula"},
		"a derived rate":     {func(g kpi.ScoreGroup) kpi.ScoreGroup { g.Formula = "ontime_rate / 100"; return g }, "formula"},
		"broken syntax":      {func(g kpi.ScoreGroup) kpi.ScoreGroup { g.Formula = "dos_online / (dos_received"; return g }, "formula"},
		"text, not a number": {func(g kpi.ScoreGroup) kpi.ScoreGroup { g.Formula = `"a"`; return g }, "formula"},
		"a previous quarter": {func(g kpi.ScoreGroup) kpi.ScoreGroup { g.Formula = "prev.dos_online / dos_received"; return g }, "formula"},
		"no points":          {func(g kpi.ScoreGroup) kpi.ScoreGroup { g.Points = 0; return g }, "points"},
		"no name":            {func(g kpi.ScoreGroup) kpi.ScoreGroup { g.NameEN = ""; return g }, "name_vi"},
		"a formula too long": {func(g kpi.ScoreGroup) kpi.ScoreGroup { g.Formula = strings.Repeat("dos_online + ", 50) + "1"; return g }, "formula"},
	} {
		p := refused(tc.change(good))
		if len(p) != 1 || p[0].Table != kpi.TableScores || p[0].Key != "g" || p[0].Field != tc.field {
			t.Errorf("%s: %+v, want one problem of scores/g on %s", name, p, tc.field)
		}
	}
	if p := refused(good, good); len(p) != 1 || p[0].Field != "code" {
		t.Errorf("a code twice: %+v, want one problem on code", p)
	}
}
