package demo

import (
	"math/rand/v2"
	"sort"

	"parkpi/internal/kpi"
)

// monthsOf splits agency a's quarter p into its three months, for an
// agency whose data set is monthly in p's year (nil otherwise; the
// shipped catalogue makes the service centre monthly from 2022): an indicator summed over periods is shared among the months
// (the months of the smallest value first and each larger one as the one
// below it plus a share of the difference, so an ordering such as very
// satisfied ≤ satisfied ≤ responses holds in every month); any other
// rule (last, first, average) repeats the quarter's value in each month.
// Folding the months by each indicator's rule gives the quarter back
// exactly, so every quarter figure is what it was.
func (g *grid) monthsOf(rng *rand.Rand, a, p int) [][]Value {
	per := periods[p]
	if !g.cat.DataSetFor(g.agencies[a].Kind).MonthlyIn(per.Year) {
		return nil
	}
	w := []float64{uniform(rng, 0.85, 1.15), uniform(rng, 0.85, 1.15), uniform(rng, 0.85, 1.15)}
	out := make([][]Value, 3)
	var sums []string
	for _, code := range g.codes {
		i := g.at(a, p, code)
		if !g.has[i] {
			continue
		}
		if ind, _ := g.cat.Get(code); ind.OverQuarters == kpi.AggSum {
			sums = append(sums, code)
			continue
		}
		for m, month := range per.MonthsOf() {
			out[m] = append(out[m], Value{Agency: g.agencies[a].Code, Indicator: code, Period: month, Value: float64(g.val[i])})
		}
	}
	sort.SliceStable(sums, func(i, j int) bool { return g.get(a, p, sums[i]) < g.get(a, p, sums[j]) })
	below, prev := []int{0, 0, 0}, 0
	for _, code := range sums {
		v := g.get(a, p, code)
		for m, add := range allocate(v-prev, w) {
			below[m] += add
		}
		prev = v
		for m, month := range per.MonthsOf() {
			out[m] = append(out[m], Value{Agency: g.agencies[a].Code, Indicator: code, Period: month, Value: float64(below[m])})
		}
	}
	return out
}

// emitMonths adds the months of agency a's quarter p, in state, to ds.
func (g *grid) emitMonths(ds *Dataset, rng *rand.Rand, a, p int, state string) {
	for m, vals := range g.monthsOf(rng, a, p) {
		if len(vals) == 0 {
			continue
		}
		ds.Values = append(ds.Values, vals...)
		ds.Submissions = append(ds.Submissions, Submission{Agency: g.agencies[a].Code, Period: periods[p].MonthsOf()[m], State: state})
	}
}
