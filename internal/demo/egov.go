package demo

import (
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// Cumulative communes switched on by 2020 Q1, …, 2021 Q4; all are on in
// 2022. The one-stop systems of about 100 communes linked to the portal in
// 2020 and all 143 by the end of 2021; commune video-conference endpoints
// went from 45 to 118 in 2020 and reached 143 in 2021 (162 in all with the
// province's 3 and two per district).
var (
	portalCommunes = []int{62, 78, 91, 100, 114, 127, 138, 143}
	vcCommunes     = []int{45, 70, 96, 118, 130, 138, 142, 143}
)

// noLAN2020 is how many communes had no LAN in 2020 (all have one from 2021).
const noLAN2020 = 6

// staffSize is the range of staff of one agency of a kind in 2021.
var staffSize = map[kpi.Kind][2]int{
	kpi.KindProvince: {120, 160}, kpi.KindDepartment: {40, 200}, kpi.KindDistrict: {80, 150},
	kpi.KindCommune: {20, 25}, kpi.KindVertical: {150, 400}, kpi.KindServiceCentre: {30, 40},
}

// communePC is the share of commune staff with a work computer per year
// (2020, 2021, 2022); SEED.md reports "about 85 %" for 2021. Staff above
// the commune level all have one from 2021.
var communePC = [3]float64{0.78, 0.85, 0.88}

// genEgov fills the portal link, LAN, staff and video-conference indicators.
func genEgov(g *grid) error {
	rng := newRand(streamEgov)
	genPortal(rng, g)
	genLAN(rng, g)
	genVC(rng, g)
	return genStaff(rng, g)
}

// genPortal: departments and districts were linked throughout, communes
// join along portalCommunes, the vertical units one a quarter from 2021 Q1.
// Not-yet-linked agencies enter an explicit 0.
func genPortal(rng *rand.Rand, g *grid) {
	for _, a := range g.ofKind(kpi.KindDepartment, kpi.KindDistrict) {
		g.putFrom(a, "portal_linked", 0, 1)
	}
	communes := g.ofKind(kpi.KindCommune)
	start := rollout(rng, len(communes), pad(portalCommunes, len(communes)))
	for i, a := range communes {
		g.putFrom(a, "portal_linked", start[i], 1)
	}
	for j, a := range g.ofKind(kpi.KindVertical) {
		g.putFrom(a, "portal_linked", min(4+j, 7), 1)
	}
}

// genLAN: every agency has a LAN, except a few communes in 2020.
func genLAN(rng *rand.Rand, g *grid) {
	late := map[int]bool{}
	communes := g.ofKind(kpi.KindCommune)
	for _, i := range rng.Perm(len(communes))[:min(noLAN2020, len(communes))] {
		late[communes[i]] = true
	}
	for a := range g.agencies {
		from := 0
		if late[a] {
			from = 4
		}
		g.putFrom(a, "has_lan", from, 1)
	}
}

// genVC: the province node has 3 endpoints, each district 2, each commune 1
// once it is equipped.
func genVC(rng *rand.Rand, g *grid) {
	for _, a := range g.ofKind(kpi.KindProvince) {
		g.putFrom(a, "vc_endpoints", 0, 3)
	}
	for _, a := range g.ofKind(kpi.KindDistrict) {
		g.putFrom(a, "vc_endpoints", 0, 2)
	}
	communes := g.ofKind(kpi.KindCommune)
	start := rollout(rng, len(communes), pad(vcCommunes, len(communes)))
	for i, a := range communes {
		g.putFrom(a, "vc_endpoints", start[i], 1)
	}
}

// genStaff: each agency's staff shrinks a little each year (the
// streamlining of the payroll); the count is entered every quarter.
// Staff with a computer: all above the commune level except in 2020; in
// communes an exact share of the commune total, spread so that communes range
// roughly from 78 % to 92 %.
func genStaff(rng *rand.Rand, g *grid) error {
	base := make([]int, len(g.agencies))
	for a, ag := range g.agencies {
		r := staffSize[ag.Kind]
		base[a] = r[0] + rng.IntN(r[1]-r[0]+1)
	}
	communes := g.ofKind(kpi.KindCommune)
	for y, year := range years {
		total := make([]int, len(g.agencies))
		pc := make([]int, len(g.agencies))
		for a := range g.agencies {
			total[a] = max(base[a]+2-2*y+rng.IntN(2), 1)
			pc[a] = total[a]
			if year == years[0] {
				pc[a] = round(float64(total[a]) * uniform(rng, 0.93, 1))
			}
		}
		size, w, caps := make([]int, len(communes)), make([]float64, len(communes)), make([]int, len(communes))
		for i, a := range communes {
			size[i], caps[i] = total[a], total[a]-1
			w[i] = float64(total[a]) * uniform(rng, 0.92, 1.08)
		}
		shares, err := allocateCapped(round(communePC[y]*float64(sum(size))), w, caps)
		if err != nil {
			return err
		}
		for i, a := range communes {
			pc[a] = shares[i]
		}
		for a := range g.agencies {
			for _, p := range yearPeriods(year) {
				g.put(a, p, "staff_total", total[a])
				g.put(a, p, "staff_pc", pc[a])
			}
		}
	}
	return nil
}

// putFrom enters v for code in every period from start on, 0 before it;
// start < 0 means never (0 throughout).
func (g *grid) putFrom(a int, code string, start, v int) {
	for p := range periods {
		x := 0
		if start >= 0 && p >= start {
			x = v
		}
		g.put(a, p, code, x)
	}
}

// pad extends cumulative counts to every period, with all n on afterwards.
func pad(cumulative []int, n int) []int {
	out := make([]int, len(periods))
	for p := range out {
		out[p] = n
		if p < len(cumulative) {
			out[p] = min(cumulative[p], n)
		}
	}
	return out
}
