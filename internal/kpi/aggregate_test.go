package kpi

import (
	"math"
	"strings"
	"testing"
)

func TestOverQuarters(t *testing.T) {
	tests := map[string]struct {
		method string
		q      Quarters
		want   float64
		ok     bool
	}{
		"sum of all quarters":             {AggSum, Quarters{1: 10, 2: 20, 3: 30, 4: 40}, 100, true},
		"sum of a partial year":           {AggSum, Quarters{1: 10, 2: 5}, 15, true},
		"sum with an explicit zero":       {AggSum, Quarters{1: 0}, 0, true},
		"nothing entered":                 {AggSum, Quarters{}, 0, false},
		"last takes Q4":                   {AggLast, Quarters{1: 1, 2: 2, 3: 3, 4: 4}, 4, true},
		"last skips a missing Q4":         {AggLast, Quarters{1: 7, 3: 9}, 9, true},
		"last of an early year":           {AggLast, Quarters{1: 7}, 7, true},
		"last keeps a zero in Q4":         {AggLast, Quarters{1: 7, 4: 0}, 0, true},
		"first takes the opening stock":   {AggFirst, Quarters{2: 5, 3: 8}, 5, true},
		"avg over the quarters entered":   {AggAvg, Quarters{1: 90, 3: 96}, 93, true},
		"avg with nothing":                {AggAvg, Quarters{}, 0, false},
		"parts fold quarter by quarter":   {AggParts, Quarters{1: 3, 2: 4}, 7, true},
		"unknown method behaves like sum": {"", Quarters{1: 1, 2: 1}, 2, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := OverQuarters(tc.method, tc.q)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("OverQuarters(%s, %v) = %v, %v; want %v, %v", tc.method, tc.q, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func testCatalogue(t *testing.T) *Catalogue {
	t.Helper()
	count := func(code, name string, over string) Indicator {
		return Indicator{Code: code, Group: "d", NameVI: name, NameEN: name, UnitVI: "hồ sơ", UnitEN: "dossiers",
			Kind: KindEntered, OverQuarters: over, AcrossAgencies: AcrossSum, Max: 1000000, HigherIsBetter: true, Outlier: DefaultOutlier}
	}
	rate := func(code, formula string) Indicator {
		return Indicator{Code: code, Group: "d", NameVI: code, NameEN: code, UnitVI: "%", UnitEN: "%", Kind: KindDerived,
			Formula: formula, Max: 100, HigherIsBetter: true, Decimals: 1}
	}
	total := count("total", "Tổng", AggParts)
	total.Parts = []string{"early", "ontime", "late"}
	lan := count("lan", "LAN", AggLast)
	lan.Max, lan.Group = 1, "e"
	index := count("index", "Chỉ số", AggLast)
	index.AcrossAgencies, index.Max, index.Decimals, index.Group = AcrossAvg, 100, 2, "e"
	lanRate := rate("lan_rate", `lan / reported("lan") * 100`)
	lanRate.Group = "e"
	c, err := NewCatalogue([]Indicator{count("early", "Trước hạn", AggSum), count("ontime", "Đúng hạn", AggSum),
		count("late", "Quá hạn", AggSum), count("resolved", "Đã giải quyết", AggSum), total,
		rate("rate", "(early + ontime) / resolved * 100"), lan, lanRate, index})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDeriveWeightedRate is the case the whole design hangs on: the province
// rate is the sum of numerators over the sum of denominators. A large agency
// at 90% and a small one at 100% make 90.1%, not the 95% an average of
// percentages would give.
func TestDeriveWeightedRate(t *testing.T) {
	c := testCatalogue(t)
	big := map[string]float64{"early": 400, "ontime": 500, "late": 100, "resolved": 1000}
	small := map[string]float64{"early": 5, "ontime": 5, "late": 0, "resolved": 10}
	totals := map[string]Total{}
	for _, agency := range []map[string]float64{big, small} {
		for code, v := range agency {
			totals[code] = totals[code].Add(v)
		}
	}
	got := Derive(c, totals)["rate"]
	want := 910.0 / 1010.0 * 100
	if !got.OK || math.Abs(got.Value-want) > 1e-9 {
		t.Fatalf("weighted rate = %+v, want %v", got, want)
	}
	avgOfPercent := (90.0 + 100.0) / 2
	if math.Abs(got.Value-avgOfPercent) < 1 {
		t.Fatalf("weighted rate %v is the average of percentages %v: the test case must tell them apart", got.Value, avgOfPercent)
	}
}

func TestDerive(t *testing.T) {
	c := testCatalogue(t)
	tests := map[string]struct {
		totals map[string]Total
		code   string
		want   Figure
	}{
		"sum across agencies":         {map[string]Total{"early": {Sum: 12, N: 3}}, "early", Figure{12, true}},
		"missing stays missing":       {map[string]Total{}, "early", Figure{}},
		"reported zero is a zero":     {map[string]Total{"late": {Sum: 0, N: 2}}, "late", Figure{0, true}},
		"parts add up":                {map[string]Total{"early": {5, 1}, "ontime": {7, 1}, "late": {1, 1}}, "total", Figure{13, true}},
		"parts with one part missing": {map[string]Total{"early": {5, 1}}, "total", Figure{5, true}},
		"ratio with zero denominator": {map[string]Total{"early": {0, 1}, "ontime": {0, 1}, "resolved": {0, 1}}, "rate", Figure{}},
		"ratio without numerator":     {map[string]Total{"resolved": {10, 1}}, "rate", Figure{}},
		"share of reporting agencies": {map[string]Total{"lan": {Sum: 3, N: 4}}, "lan_rate", Figure{75, true}},
		"average across agencies":     {map[string]Total{"index": {Sum: 180, N: 2}}, "index", Figure{90, true}},
		"average with no agency":      {map[string]Total{"index": {Sum: 0, N: 0}}, "index", Figure{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := Derive(c, tc.totals)[tc.code]
			if got.OK != tc.want.OK || math.Abs(got.Value-tc.want.Value) > 1e-9 {
				t.Fatalf("Derive()[%s] = %+v, want %+v", tc.code, got, tc.want)
			}
		})
	}
}

func TestChange(t *testing.T) {
	tests := map[string]struct {
		cur, prev Figure
		want      Delta
	}{
		"hours cut 2021 vs 2020": {Figure{3141, true}, Figure{760, true}, Delta{2381, true}},
		"a fall":                 {Figure{5, true}, Figure{8, true}, Delta{-3, true}},
		"no previous year":       {Figure{5, true}, Figure{}, Delta{}},
		"no current year":        {Figure{}, Figure{5, true}, Delta{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Change(tc.cur, tc.prev); got != tc.want {
				t.Fatalf("Change = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestRank(t *testing.T) {
	up := Indicator{Code: "rate", HigherIsBetter: true}
	down := Indicator{Code: "late", HigherIsBetter: false}
	figs := map[string]Figure{"a": {90, true}, "b": {99, true}, "c": {90, true}, "d": {}}
	got := Rank(up, figs)
	wantOrder := []string{"b", "a", "c", "d"}
	wantRank := []int{1, 2, 2, 0}
	for i := range got {
		if got[i].Code != wantOrder[i] || got[i].Rank != wantRank[i] {
			t.Fatalf("Rank(higher better)[%d] = %+v; want %s rank %d", i, got[i], wantOrder[i], wantRank[i])
		}
	}
	got = Rank(down, figs)
	if got[0].Code != "a" || got[2].Code != "b" || got[3].Code != "d" {
		t.Fatalf("Rank(lower better) = %+v", got)
	}
}

func TestTargetStatus(t *testing.T) {
	up := Indicator{HigherIsBetter: true}
	down := Indicator{HigherIsBetter: false}
	tests := map[string]struct {
		ind       Indicator
		f         Figure
		target    float64
		has, done bool
		want      string
	}{
		"met exactly":             {up, Figure{98, true}, 98, true, true, StatusMet},
		"met above":               {up, Figure{99.8, true}, 98, true, true, StatusMet},
		"within 5% is at risk":    {up, Figure{95, true}, 98, true, true, StatusAtRisk},
		"far short is missed":     {up, Figure{80, true}, 98, true, true, StatusMissed},
		"far short while running": {up, Figure{80, true}, 98, true, false, StatusAtRisk},
		"lower is better, met":    {down, Figure{3, true}, 5, true, true, StatusMet},
		"lower is better, missed": {down, Figure{9, true}, 5, true, true, StatusMissed},
		"no target":               {up, Figure{9, true}, 0, false, true, StatusNone},
		"no figure":               {up, Figure{}, 98, true, true, StatusNone},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := TargetStatus(tc.ind, tc.f, tc.target, tc.has, tc.done); got != tc.want {
				t.Fatalf("TargetStatus = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestInputs follows parts and ratios down to the entered indicators they
// are made of, each once; a figure derived from those inputs alone equals
// the one derived from every total.
func TestInputs(t *testing.T) {
	c := testCatalogue(t)
	tests := map[string]struct {
		codes []string
		want  string
	}{
		"an entered indicator is its own input":       {[]string{"late"}, "late"},
		"a ratio needs its numerator and denominator": {[]string{"rate"}, "early ontime resolved"},
		"parts are followed":                          {[]string{"total"}, "total early ontime late"},
		"agencies as denominator need nothing more":   {[]string{"lan_rate"}, "lan"},
		"each input once, unknown codes left out":     {[]string{"rate", "early", "nope", "rate"}, "early ontime resolved"},
	}
	totals := map[string]Total{"early": {Sum: 4, N: 1}, "ontime": {Sum: 5, N: 1}, "late": {Sum: 1, N: 1}, "resolved": {Sum: 10, N: 1}, "lan": {Sum: 1, N: 1}}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := c.Inputs(tc.codes...)
			if strings.Join(got, " ") != tc.want {
				t.Fatalf("Inputs(%v) = %v, want %s", tc.codes, got, tc.want)
			}
			only := map[string]Total{}
			for _, code := range got {
				only[code] = totals[code]
			}
			all, part := Derive(c, totals), Derive(c, only)
			for _, code := range tc.codes {
				if all[code] != part[code] {
					t.Errorf("%s from its inputs = %+v, from every total = %+v", code, part[code], all[code])
				}
			}
		})
	}
}
