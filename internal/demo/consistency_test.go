package demo

import (
	"math"
	"testing"

	"parkpi/internal/kpi"
)

type cellKey struct {
	agency string
	period kpi.Period
	ind    string
}

// cells indexes the dataset's totals (option 0) by (agency, period,
// indicator).
func cells(t *testing.T, ds *Dataset) map[cellKey]float64 {
	t.Helper()
	out := make(map[cellKey]float64, len(ds.Values))
	for _, v := range ds.Values {
		if v.Option != 0 {
			continue
		}
		k := cellKey{v.Agency, v.Period, v.Indicator}
		if _, dup := out[k]; dup {
			t.Fatalf("value entered twice: %+v", k)
		}
		out[k] = v.Value
	}
	return out
}

func TestValuesAreValid(t *testing.T) {
	tree, cat, ds := setup(t)
	for _, v := range ds.Values {
		ind, ok := cat.Get(v.Indicator)
		switch {
		case !ok || ind.Kind != kpi.KindEntered:
			t.Errorf("%+v: not an entered indicator", v)
		case tree.Get(v.Agency) == nil:
			t.Errorf("%+v: unknown agency", v)
		case v.Period.Validate() != nil || v.Period.Year < 2020 || v.Period.Index() > (kpi.Period{Year: 2022, Quarter: 2}).Index():
			t.Errorf("%+v: period outside 2020 Q1–2022 Q2", v)
		case v.Value < ind.Min || v.Value > ind.Max:
			t.Errorf("%+v: outside %v..%v", v, ind.Min, ind.Max)
		case v.Value != math.Trunc(v.Value):
			t.Errorf("%+v: not a whole number", v)
		}
	}
}

// TestDossierForm checks the Biểu 06 identities of every agency-quarter, the
// carry-over from the previous quarter and plausible volumes per kind.
func TestDossierForm(t *testing.T) {
	tree, _, ds := setup(t)
	c := cells(t, ds)
	volume := map[kpi.Kind][2]float64{
		kpi.KindDepartment: {500, 10000}, kpi.KindDistrict: {1000, 10000},
		kpi.KindCommune: {80, 1500}, kpi.KindVertical: {1500, 20000},
	}
	checked := 0
	for _, s := range ds.Submissions {
		get := func(ind string) float64 { return c[cellKey{s.Agency, s.Period, ind}] }
		if _, ok := c[cellKey{s.Agency, s.Period, "dos_received"}]; !ok {
			continue
		}
		checked++
		rec, res, pend := get("dos_received"), get("dos_resolved"), get("dos_pending")
		if rec != get("dos_online")+get("dos_direct")+get("dos_carried") || res != get("dos_early")+get("dos_ontime")+get("dos_late") ||
			rec != res+pend || pend != get("dos_pending_ontime")+get("dos_pending_overdue") {
			t.Errorf("%s %v: Biểu 06 identities broken", s.Agency, s.Period)
		}
		carried := get("dos_carried")
		if s.Period == (kpi.Period{Year: 2020, Quarter: 1}) {
			if carried <= 0 || carried > rec/10 {
				t.Errorf("%s 2020 Q1 carries %v of %v: not a small starting stock", s.Agency, carried, rec)
			}
		} else if prev, ok := c[cellKey{s.Agency, s.Period.Prev(), "dos_pending"}]; !ok || prev != carried {
			t.Errorf("%s %v carries %v, previous quarter pending %v (ok %v)", s.Agency, s.Period, carried, prev, ok)
		}
		r := volume[tree.Get(s.Agency).Kind]
		if fresh := get("dos_online") + get("dos_direct"); fresh < r[0] || fresh > r[1] {
			t.Errorf("%s %v: %v new dossiers, outside %v", s.Agency, s.Period, fresh, r)
		}
	}
	if checked < 1000 {
		t.Errorf("only %d agency-quarters with dossiers", checked)
	}
}

// TestStocks checks that services never lose a level-3/4 service to
// arithmetic, stocks only grow, and the survey columns nest.
func TestStocks(t *testing.T) {
	tree, _, ds := setup(t)
	c := cells(t, ds)
	for _, s := range ds.Submissions {
		get := func(ind string) float64 { return c[cellKey{s.Agency, s.Period, ind}] }
		if get("svc_level3")+get("svc_level4") > get("svc_total") {
			t.Errorf("%s %v: level 3 + level 4 > services", s.Agency, s.Period)
		}
		for _, ind := range []string{"svc_total", "svc_level3", "svc_level4", "portal_linked", "vc_endpoints"} {
			prev, ok := c[cellKey{s.Agency, s.Period.Prev(), ind}]
			if cur, has := c[cellKey{s.Agency, s.Period, ind}]; ok && has && cur < prev {
				t.Errorf("%s %v: %s fell from %v to %v", s.Agency, s.Period, ind, prev, cur)
			}
		}
		if get("sat_very") > get("sat_satisfied") || get("sat_satisfied") > get("sat_responses") {
			t.Errorf("%s %v: survey columns do not nest", s.Agency, s.Period)
		}
		_, survey := c[cellKey{s.Agency, s.Period, "sat_responses"}]
		if centre := tree.Get(s.Agency).Kind == kpi.KindServiceCentre; survey != centre {
			t.Errorf("%s %v: survey %v, service centre %v", s.Agency, s.Period, survey, centre)
		}
		if s.Period.Year == 2021 && get("has_lan") != 1 {
			t.Errorf("%s %v: no LAN in 2021", s.Agency, s.Period)
		}
	}
}

// TestSubmissions checks one submission per agency-quarter with values, and
// the workflow states of SEED.md's demo rule.
func TestSubmissions(t *testing.T) {
	tree, _, ds := setup(t)
	withValues := map[cellKey]bool{}
	for _, v := range ds.Values {
		withValues[cellKey{agency: v.Agency, period: v.Period}] = true
	}
	q1, q2 := kpi.Period{Year: 2022, Quarter: 1}, kpi.Period{Year: 2022, Quarter: 2}
	count := map[string]int{}
	seen := map[cellKey]bool{}
	for _, s := range ds.Submissions {
		k := cellKey{agency: s.Agency, period: s.Period}
		if seen[k] || !withValues[k] {
			t.Errorf("%s %v: duplicate submission or one without values", s.Agency, s.Period)
		}
		seen[k] = true
		switch {
		case s.Period == q2:
			count[s.State]++
		case s.Period == q1 && s.State == kpi.StateSubmitted:
			count["q1 submitted"]++
		case s.State != kpi.StateApproved:
			t.Errorf("%s %v: state %q, want approved", s.Agency, s.Period, s.State)
		}
	}
	if len(seen) != len(withValues) {
		t.Errorf("%d agency-quarters with values, %d submissions", len(withValues), len(seen))
	}
	n := tree.Len()
	notStarted := n - count[kpi.StateSubmitted] - count[kpi.StateDraft]
	if count[kpi.StateDraft] < n/10 || count[kpi.StateSubmitted] < n/2 || notStarted < n/7 || notStarted > n/4 || count["q1 submitted"] == 0 {
		t.Errorf("2022 states %v, %d not started", count, notStarted)
	}
	yenMoIdle := 0
	for _, a := range tree.Children("377") {
		if !withValues[cellKey{agency: a.Code, period: q2}] {
			yenMoIdle++
		}
	}
	if withValues[cellKey{agency: "14722", period: q2}] || seen[cellKey{agency: "14722", period: q2}] || yenMoIdle < 2 {
		t.Errorf("Yên Hòa must not have started 2022 Q2 with other Yên Mô communes (%d idle)", yenMoIdle)
	}
	if !withValues[cellKey{agency: "14722", period: q1}] {
		t.Error("Yên Hòa has no 2022 Q1 values")
	}
}

func TestTargets(t *testing.T) {
	_, _, ds := setup(t)
	want := []kpi.Target{
		{AgencyCode: "37", Indicator: "ontime_rate", Year: 2021, Value: 98},
		{AgencyCode: "37", Indicator: "svc_level4", Year: 2022, Value: 1500},
		{AgencyCode: "37", Indicator: "lan_rate", Year: 2021, Value: 100},
		{AgencyCode: "14722", Indicator: "ontime_rate", Year: 2021, Value: 98},
	}
	for _, w := range want {
		found := false
		for _, got := range ds.Targets {
			found = found || got == w
		}
		if !found {
			t.Errorf("target %+v missing", w)
		}
	}
}
