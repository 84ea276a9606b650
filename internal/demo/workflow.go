package demo

import (
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// Agencies the officer scenarios rely on.
const (
	yenMo  = "377"   // Yên Mô district
	yenHoa = "14722" // Yên Hòa commune, where SEED.md's article was published
)

// The state of 2022 Q2, the quarter in progress: about a fifth of agencies
// have not started (Yên Hòa and a few other Yên Mô communes among them, so
// an officer can be shown filling a quarter in), a fifth hold a draft, the
// rest have submitted. In 2022 Q1 a few submissions await approval.
const (
	notStartedShare  = 0.2
	draftShare       = 0.2
	yenMoNotStarted  = 4 // Yên Mô communes besides Yên Hòa
	pendingApprovals = 6 // 2022 Q1 submissions not yet approved
)

// planStates returns the state of every agency's quarter, [period][agency];
// kpi.StateNotStarted means the agency has no values for the quarter.
func planStates(g *grid) [][]string {
	rng := newRand(streamWorkflow)
	n := len(g.agencies)
	states := make([][]string, len(periods))
	for p := range states {
		states[p] = make([]string, n)
		for a := range states[p] {
			states[p][a] = kpi.StateApproved
		}
	}
	q1, q2 := len(periods)-2, len(periods)-1
	for _, a := range rng.Perm(n)[:min(pendingApprovals, n)] {
		states[q1][a] = kpi.StateSubmitted
	}
	chosen := make([]bool, n)
	for _, a := range pickNotStarted(rng, g, round(notStartedShare*float64(n))) {
		chosen[a] = true
		states[q2][a] = kpi.StateNotStarted
	}
	drafts := round(draftShare * float64(n))
	for _, a := range rng.Perm(n) {
		if chosen[a] {
			continue
		}
		states[q2][a] = kpi.StateSubmitted
		// The service centre submits on time: its survey is the headline.
		if drafts > 0 && g.agencies[a].Kind != kpi.KindServiceCentre {
			states[q2][a] = kpi.StateDraft
			drafts--
		}
	}
	return states
}

// pickNotStarted returns count agencies for the not-started part of 2022 Q2:
// Yên Hòa, some other Yên Mô communes, then random communes and departments.
func pickNotStarted(rng *rand.Rand, g *grid, count int) []int {
	var out []int
	taken := make([]bool, len(g.agencies))
	take := func(a int) {
		if a >= 0 && !taken[a] && len(out) < count {
			taken[a] = true
			out = append(out, a)
		}
	}
	take(g.index(yenHoa))
	var yenMoCommunes []int
	for _, a := range g.ofKind(kpi.KindCommune) {
		if g.agencies[a].ParentCode == yenMo && g.agencies[a].Code != yenHoa {
			yenMoCommunes = append(yenMoCommunes, a)
		}
	}
	rng.Shuffle(len(yenMoCommunes), func(i, j int) { yenMoCommunes[i], yenMoCommunes[j] = yenMoCommunes[j], yenMoCommunes[i] })
	for _, a := range yenMoCommunes[:min(yenMoNotStarted, len(yenMoCommunes))] {
		take(a)
	}
	pool := g.ofKind(kpi.KindCommune, kpi.KindDepartment)
	for _, i := range rng.Perm(len(pool)) {
		take(pool[i])
	}
	return out
}

// provinceTargets are the province's planned figures for 2021 and 2022.
var provinceTargets = []struct {
	code       string
	y2021, y22 float64
}{
	{"ontime_rate", 98, 98}, {"sat_rate", 90, 90}, {"sat_very_rate", 90, 90},
	{"svc_level4", 1200, 1500}, {"tthc_simplified", 1200, 1400}, {"hours_cut", 3000, 3500},
	{"pc_rate", 90, 90}, {"lan_rate", 100, 100},
}

// communeTargets is how many Yên Mô communes (Yên Hòa first) get their own
// 2021 on-time target, to show targets below the province level.
const communeTargets = 5

// targets returns the province targets (for the root of the tree) and an
// on-time target of 98 % for 2021 for a handful of Yên Mô communes.
func targets(g *grid) []kpi.Target {
	var out []kpi.Target
	var root string
	for _, a := range g.agencies {
		if a.ParentCode == "" {
			root = a.Code
			break
		}
	}
	for _, t := range provinceTargets {
		out = append(out,
			kpi.Target{AgencyCode: root, Indicator: t.code, Year: 2021, Value: t.y2021},
			kpi.Target{AgencyCode: root, Indicator: t.code, Year: 2022, Value: t.y22})
	}
	communes := []string{}
	if g.index(yenHoa) >= 0 {
		communes = append(communes, yenHoa)
	}
	for _, a := range g.ofKind(kpi.KindCommune) {
		if c := g.agencies[a]; c.ParentCode == yenMo && c.Code != yenHoa && len(communes) < communeTargets {
			communes = append(communes, c.Code)
		}
	}
	for _, c := range communes {
		out = append(out, kpi.Target{AgencyCode: c, Indicator: "ontime_rate", Year: 2021, Value: 98})
	}
	return out
}
