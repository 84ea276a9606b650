package kpi

import "testing"

// sumAt adds the buckets at or above l of one series and period: what a
// scope of this agency alone answers at level l.
func sumAt(c Contribution, period, code string, l Level) (float64, int) {
	var sum float64
	var n int
	for _, r := range c.Sums {
		if r.Period == period && r.Indicator == code && r.Bucket >= l {
			sum, n = sum+r.Sum, n+r.N
		}
	}
	return sum, n
}

func rankedCatalogue(t *testing.T) *Catalogue {
	t.Helper()
	c := testCatalogue(t)
	list := c.All()
	for i := range list {
		if list[i].Code == "rate" || list[i].Code == "lan" {
			list[i].Rank = len(list) - i
		}
	}
	out, err := NewCatalogue(list)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestContributeLevels(t *testing.T) {
	c := rankedCatalogue(t)
	y := AgencyYear{Kind: KindCommune, Year: 2022, States: [5]string{"", StateApproved, StateSubmitted, StateDraft, StateNotStarted},
		Values: map[SeriesKey]Quarters{
			{Indicator: "early"}:    {1: 10, 2: 20, 3: 40},
			{Indicator: "ontime"}:   {1: 5, 2: 5, 3: 5},
			{Indicator: "resolved"}: {1: 20, 2: 30, 3: 50},
			{Indicator: "lan"}:      {1: 1, 2: 0},
			{Indicator: "total"}:    {1: 99},
		}}
	got := Contribute(c, y)
	tests := []struct {
		period, code string
		level        Level
		sum          float64
		n            int
	}{
		{"Y", "early", LevelApproved, 10, 1},
		{"Y", "early", LevelSubmitted, 30, 1},
		{"Y", "early", LevelAll, 70, 1},
		{"Q2", "early", LevelApproved, 0, 0},
		{"Q2", "early", LevelSubmitted, 20, 1},
		{"Q3", "early", LevelSubmitted, 0, 0},
		{"Q3", "early", LevelAll, 40, 1},
		{"Y", "lan", LevelApproved, 1, 1},  // last over Q1 alone
		{"Y", "lan", LevelSubmitted, 0, 1}, // last over Q1–Q2: the bucket moves the sum, not the count
		{"Y", "total", LevelAll, 0, 0},     // parts are derived when read
		{"Y", "rate", LevelApproved, 75, 1},
		{"Y", "rate", LevelAll, 85.0 / 100 * 100, 1},
	}
	for _, tc := range tests {
		sum, n := sumAt(got, tc.period, tc.code, tc.level)
		if sum != tc.sum || n != tc.n {
			t.Errorf("%s %s at %v = %v, %d; want %v, %d", tc.period, tc.code, tc.level, sum, n, tc.sum, tc.n)
		}
	}
	ranks := map[RankKey]LevelSet{}
	for _, r := range got.Ranks {
		ranks[r.RankKey] = r.Levels
	}
	if l := ranks[RankKey{"rate", "Q1", 75}]; l != 7 {
		t.Errorf("an approved quarter answers every level in one entry, got %b", l)
	}
	num, den := 25.0, 30.0 // at run time, as the rate is computed
	if l := ranks[RankKey{"rate", "Q2", num / den * 100}]; l != 3 {
		t.Errorf("a submitted quarter answers levels 1 and 2, got %b", l)
	}
	if l := ranks[RankKey{"lan", "Y", 0}]; l != 3 {
		t.Errorf("the year's LAN at levels 1–2 is Q2's 0, got %b (ranks %v)", l, got.Ranks)
	}
	counts := map[CountKey]int{}
	for _, r := range got.Counts {
		counts[r.CountKey] += r.N
	}
	if counts[CountKey{"Q2", KindCommune, StateSubmitted}] != 1 || len(counts) != 3 {
		t.Errorf("counts = %v; want Q1–Q3 and no year while Q4 is not started", counts)
	}
}

func TestContributeApprovedYearIsOneRowPerFigure(t *testing.T) {
	c := rankedCatalogue(t)
	y := AgencyYear{Kind: KindDistrict, Year: 2021, States: [5]string{"", StateApproved, StateApproved, StateApproved, StateApproved},
		Values: map[SeriesKey]Quarters{{Indicator: "early"}: {1: 1, 2: 2, 3: 3, 4: 4}}}
	got := Contribute(c, y)
	if len(got.Own) != 1 || got.Own[0].Bucket != LevelApproved || got.Own[0].Value != 10 {
		t.Fatalf("own = %v; want one approved row of 10", got.Own)
	}
	if len(got.Sums) != 5 {
		t.Fatalf("sums = %v; want the year and four quarters, one bucket each", got.Sums)
	}
	if counts := got.Counts; len(counts) != 5 || counts[4].Period != "Y" || counts[4].State != StateApproved {
		t.Fatalf("counts = %v", counts)
	}
}

func TestDiffOfASubmission(t *testing.T) {
	c := rankedCatalogue(t)
	y := AgencyYear{Kind: KindCommune, Year: 2022, States: [5]string{"", StateDraft},
		Values: map[SeriesKey]Quarters{{Indicator: "early"}: {1: 10}, {Indicator: "ontime"}: {1: 5}, {Indicator: "resolved"}: {1: 20}}}
	before := Contribute(c, y)
	y.States[1] = StateSubmitted
	d := Diff(before, Contribute(c, y))
	moved := map[SumKey]SumRow{}
	for _, r := range d.Sums {
		moved[r.SumKey] = r
	}
	if r := moved[SumKey{"Q1", "early", 0, KindCommune, LevelAll}]; r.Sum != -10 || r.N != -1 {
		t.Errorf("the draft bucket loses the value: %v", r)
	}
	if r := moved[SumKey{"Q1", "early", 0, KindCommune, LevelSubmitted}]; r.Sum != 10 || r.N != 1 {
		t.Errorf("the submitted bucket gains it: %v", r)
	}
	if len(d.OwnSet) != 3 || len(d.OwnGone) != 3 {
		t.Errorf("own figures move bucket: set %v gone %v", d.OwnSet, d.OwnGone)
	}
	if len(d.RankSet) == 0 || len(d.RankGone) != 0 {
		t.Errorf("rank entries change levels in place: set %v gone %v", d.RankSet, d.RankGone)
	}
	if !Diff(before, before).Empty() {
		t.Error("no change, no delta")
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]Level{"": LevelApproved, "all": LevelAll, "submitted": LevelSubmitted, "approved": LevelApproved} {
		if got, err := ParseLevel(in, LevelApproved); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseLevel("draft", LevelAll); ErrorCode(err) != EINVALID {
		t.Errorf("an unknown state is refused, got %v", err)
	}
}
