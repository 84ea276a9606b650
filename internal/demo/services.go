package demo

import (
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// svcStock is a province stock of online public services.
type svcStock struct{ total, l3, l4 int }

// The province stock at four anchor quarters. 2021 Q4 is SEED.md (2,039
// services, 313 at level 3, 1,209 at level 4) and 2020 Q4 has 1,209 − 398 =
// 811 at level 4; the others are plausible. Quarters between anchors are
// interpolated per agency.
var svcAnchors = []struct {
	period int // index into periods
	stock  svcStock
}{
	{0, svcStock{total: 1560, l3: 262, l4: 640}},  // 2020 Q1
	{3, svcStock{total: 1718, l3: 290, l4: 811}},  // 2020 Q4
	{7, svcStock{total: 2039, l3: 313, l4: 1209}}, // 2021 Q4
	{9, svcStock{total: 2126, l3: 318, l4: 1405}}, // 2022 Q2
}

// svcBase is the anchor the others are derived from: 2021 Q4.
const svcBase = 2

// svcShare is the relative number of services one agency of a kind owns:
// departments most, vertical units many, districts some, communes a few.
var svcShare = map[kpi.Kind]float64{
	kpi.KindDepartment: 60, kpi.KindVertical: 100, kpi.KindDistrict: 35, kpi.KindCommune: 2.6,
}

// svcFull is how readily a kind puts its services fully online (level 4).
var svcFull = map[kpi.Kind]float64{
	kpi.KindDepartment: 1, kpi.KindVertical: 1.3, kpi.KindDistrict: 0.8, kpi.KindCommune: 0.6,
}

// svcSpread is how much one owner's share of a change may differ from its
// share of the stock.
const svcSpread = 0.15

// stocks is one anchor's per-owner stock, indexed like the owners slice.
type stocks struct{ total, l3, l4 []int }

// genServices builds each owner's stock at the anchors — never decreasing,
// with level 3 + level 4 ≤ total — and fills the quarters between them.
func genServices(g *grid) error {
	rng := newRand(streamServices)
	owners, err := g.reporting(flow{code: "svc_total", factor: svcShare})
	if err != nil {
		return err
	}
	at := make([]stocks, len(svcAnchors))
	if at[svcBase], err = baseStocks(rng, g, owners); err != nil {
		return err
	}
	for k := svcBase - 1; k >= 0; k-- {
		if at[k], err = shrinkStocks(rng, at[k+1], svcAnchors[k].stock); err != nil {
			return err
		}
	}
	for k := svcBase + 1; k < len(svcAnchors); k++ {
		if at[k], err = growStocks(rng, at[k-1], svcAnchors[k].stock); err != nil {
			return err
		}
	}
	for k := 1; k < len(svcAnchors); k++ {
		from, to := svcAnchors[k-1].period, svcAnchors[k].period
		for p := from; p <= to; p++ {
			for i, a := range owners {
				g.put(a, p, "svc_total", interp(at[k-1].total[i], at[k].total[i], p-from, to-from))
				g.put(a, p, "svc_level3", interp(at[k-1].l3[i], at[k].l3[i], p-from, to-from))
				g.put(a, p, "svc_level4", interp(at[k-1].l4[i], at[k].l4[i], p-from, to-from))
			}
		}
	}
	return nil
}

// baseStocks splits the 2021 Q4 stock: services by agency size, level 4 by
// size and the kind's readiness, level 3 within what is left.
func baseStocks(rng *rand.Rand, g *grid, owners []int) (stocks, error) {
	want := svcAnchors[svcBase].stock
	size := make([]float64, len(owners))
	for i, a := range owners {
		size[i] = svcShare[g.agencies[a].Kind] * uniform(rng, 0.5, 1.5)
	}
	s := stocks{total: allocate(want.total, size)}
	w4 := make([]float64, len(owners))
	for i, a := range owners {
		w4[i] = float64(s.total[i]) * svcFull[g.agencies[a].Kind] * uniform(rng, 0.85, 1.15)
	}
	var err error
	if s.l4, err = allocateCapped(want.l4, w4, s.total); err != nil {
		return s, err
	}
	rest := minus(s.total, s.l4)
	s.l3, err = allocateCapped(want.l3, jitter(rng, rest, svcSpread), rest)
	return s, err
}

// shrinkStocks derives an earlier anchor from a later one: every column of
// every owner is at most its later value, so stocks only grow.
func shrinkStocks(rng *rand.Rand, next stocks, want svcStock) (stocks, error) {
	var s stocks
	var err error
	if s.total, err = allocateCapped(want.total, jitter(rng, next.total, svcSpread), next.total); err != nil {
		return s, err
	}
	cap4 := make([]int, len(next.l4))
	for i := range cap4 {
		cap4[i] = min(next.l4[i], s.total[i])
	}
	if s.l4, err = allocateCapped(want.l4, jitter(rng, next.l4, svcSpread), cap4); err != nil {
		return s, err
	}
	cap3 := make([]int, len(next.l3))
	for i := range cap3 {
		cap3[i] = min(next.l3[i], s.total[i]-s.l4[i])
	}
	s.l3, err = allocateCapped(want.l3, jitter(rng, next.l3, svcSpread), cap3)
	return s, err
}

// growStocks derives a later anchor by adding services, then upgrading to
// level 4 and level 3 within each owner's services not yet at those levels.
func growStocks(rng *rand.Rand, prev stocks, want svcStock) (stocks, error) {
	s := stocks{total: plus(prev.total, allocate(want.total-sum(prev.total), jitter(rng, prev.total, svcSpread)))}
	spare := minus(minus(s.total, prev.l4), prev.l3)
	inc4, err := allocateCapped(want.l4-sum(prev.l4), jitter(rng, spare, svcSpread), spare)
	if err != nil {
		return s, err
	}
	s.l4 = plus(prev.l4, inc4)
	spare = minus(spare, inc4)
	inc3, err := allocateCapped(want.l3-sum(prev.l3), jitter(rng, spare, svcSpread), spare)
	s.l3 = plus(prev.l3, inc3)
	return s, err
}

// jitter turns counts into weights varied by ±spread, so agencies (or
// quarters) do not all move in lockstep.
func jitter(rng *rand.Rand, xs []int, spread float64) []float64 {
	w := make([]float64, len(xs))
	for i, x := range xs {
		w[i] = float64(x) * uniform(rng, 1-spread, 1+spread)
	}
	return w
}

func plus(a, b []int) []int {
	out := make([]int, len(a))
	for i := range a {
		out[i] = a[i] + b[i]
	}
	return out
}

func minus(a, b []int) []int {
	out := make([]int, len(a))
	for i := range a {
		out[i] = a[i] - b[i]
	}
	return out
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
