package demo

import (
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// dosProfile is the dossier traffic of one agency kind (Biểu 06).
type dosProfile struct {
	lo, hi float64    // new dossiers per quarter in 2020, range over agencies
	online [2]float64 // online share of new dossiers in 2020 Q1 and 2022 Q2
	late   float64    // relative propensity to resolve late
}

// dosProfiles: departments and districts handle thousands of dossiers a
// quarter, communes hundreds, vertical units (police, social insurance, tax)
// the most, and the most online.
var dosProfiles = map[kpi.Kind]dosProfile{
	kpi.KindDepartment: {lo: 1000, hi: 4500, online: [2]float64{0.08, 0.40}, late: 1.0},
	kpi.KindDistrict:   {lo: 1500, hi: 4000, online: [2]float64{0.04, 0.30}, late: 1.2},
	kpi.KindCommune:    {lo: 150, hi: 700, online: [2]float64{0.02, 0.22}, late: 1.5},
	kpi.KindVertical:   {lo: 3000, hi: 9000, online: [2]float64{0.30, 0.65}, late: 0.6},
}

// season scales a quarter's new dossiers: Tết slows Q1, year-end rushes Q4.
var season = [5]float64{0, 0.85, 1.0, 0.95, 1.15}

// Per year (2020, 2021, 2022): traffic growth, the province share of resolved
// dossiers that were late, and the share of pending dossiers overdue. A late
// share of 0.20 % makes the 2021 on-time rate 99.80 %, shown as 99,8 %; 0.48 %
// gives 99.5 % in 2020 and 0.11 % gives 99.9 % in 2022.
var (
	dosGrowth    = [3]float64{1, 1.06, 1.12}
	lateShare    = [3]float64{0.0048, 0.0020, 0.0011}
	overdueShare = [3]float64{0.04, 0.02, 0.015}
)

// genDossiers fills the Biểu 06 columns of every agency with a dossier
// profile: first the flow of each agency quarter by quarter (so each quarter
// carries over the previous quarter's pending dossiers), then, year by year,
// the late dossiers as an exact share of the province's resolved ones.
func genDossiers(g *grid) error {
	rng := newRand(streamDossiers)
	factor := map[kpi.Kind]float64{}
	for _, k := range kpi.Kinds {
		if prof, ok := dosProfiles[k]; ok {
			factor[k] = prof.late
		}
	}
	agencies, err := g.reporting(flow{code: "dos_received", factor: factor})
	if err != nil {
		return err
	}
	for _, a := range agencies {
		dossierFlow(rng, g, a)
	}
	for y, year := range years {
		if err := splitResolved(rng, g, agencies, yearPeriods(year), lateShare[y]); err != nil {
			return err
		}
	}
	return nil
}

// dossierFlow writes one agency's received, carried, resolved and pending
// columns. Columns 3 = 4 + 5 + 6 and 3 = 7 + 11 and 11 = 12 + 13 hold by
// construction; 2020 Q1 starts from a small carried-over stock.
func dossierFlow(rng *rand.Rand, g *grid, a int) {
	prof := dosProfiles[g.agencies[a].Kind]
	base := uniform(rng, prof.lo, prof.hi)
	bias := uniform(rng, 0.7, 1.3)
	pendRate := uniform(rng, 0.03, 0.08)
	carried := round(base * uniform(rng, 0.02, 0.05))
	for p, per := range periods {
		y := per.Year - years[0]
		fresh := round(base * season[per.Quarter] * dosGrowth[y] * uniform(rng, 0.92, 1.08))
		t := float64(p) / float64(len(periods)-1)
		share := min((prof.online[0]+(prof.online[1]-prof.online[0])*t)*bias, 0.95)
		online := round(float64(fresh) * share)
		received := fresh + carried
		pending := round(float64(received) * pendRate * uniform(rng, 0.8, 1.2))
		overdue := int(float64(pending) * overdueShare[y] * uniform(rng, 0, 2))
		g.put(a, p, "dos_received", received)
		g.put(a, p, "dos_online", online)
		g.put(a, p, "dos_direct", fresh-online)
		g.put(a, p, "dos_carried", carried)
		g.put(a, p, "dos_resolved", received-pending)
		g.put(a, p, "dos_pending", pending)
		g.put(a, p, "dos_pending_ontime", pending-overdue)
		g.put(a, p, "dos_pending_overdue", overdue)
		carried = pending
	}
}

// splitResolved divides the resolved dossiers of the agencies over quarters
// ps into early, on time and late (7 = 8 + 9 + 10). The late ones total
// exactly share × Σ resolved, placed where agencies were slow: about a third
// of agency-quarters have none.
func splitResolved(rng *rand.Rand, g *grid, agencies, ps []int, share float64) error {
	n := len(agencies) * len(ps)
	w, resolved := make([]float64, 0, n), make([]int, 0, n)
	for _, a := range agencies {
		f := dosProfiles[g.agencies[a].Kind].late
		for _, p := range ps {
			r := g.get(a, p, "dos_resolved")
			x := 0.0
			if rng.Float64() >= 0.3 {
				x = float64(r) * f * uniform(rng, 0.3, 1.7)
			}
			w, resolved = append(w, x), append(resolved, r)
		}
	}
	late, err := allocateCapped(round(share*float64(sum(resolved))), w, resolved)
	if err != nil {
		return err
	}
	k := 0
	for _, a := range agencies {
		for _, p := range ps {
			inTime := resolved[k] - late[k]
			early := round(float64(inTime) * uniform(rng, 0.55, 0.85))
			g.put(a, p, "dos_late", late[k])
			g.put(a, p, "dos_early", early)
			g.put(a, p, "dos_ontime", inTime-early)
			k++
		}
	}
	return nil
}
