package demo

import (
	"fmt"
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// flow is a summed indicator with an exact total per year (2020, 2021, 2022
// H1), carried by the agencies whose kind has a positive factor. The factor
// is the relative size of one agency of that kind.
type flow struct {
	code   string
	factor map[kpi.Kind]float64
	totals [3]int
}

// reformFlows are the procedure-simplification results of SEED.md: 1,344
// procedures, 2,590 steps and 3,141 hours in 2021, 760 hours in 2020
// (3,141 − 2,381). Departments own most procedures; districts some.
var reformFlows = []flow{
	{"tthc_simplified", map[kpi.Kind]float64{kpi.KindDepartment: 3, kpi.KindDistrict: 1.5}, [3]int{1102, 1344, 742}},
	{"steps_cut", map[kpi.Kind]float64{kpi.KindDepartment: 3, kpi.KindDistrict: 1.2}, [3]int{1215, 2590, 1436}},
	{"hours_cut", map[kpi.Kind]float64{kpi.KindDepartment: 3, kpi.KindDistrict: 1}, [3]int{760, 3141, 1890}},
}

// orgCuts are the organisational cuts of SEED.md (19 divisions, 4
// sub-departments, 7 public service units in 2021). Only departments have
// sub-departments.
var orgCuts = []flow{
	{"div_cut", map[kpi.Kind]float64{kpi.KindDepartment: 1, kpi.KindDistrict: 1}, [3]int{6, 19, 4}},
	{"subdept_cut", map[kpi.Kind]float64{kpi.KindDepartment: 1}, [3]int{1, 4, 1}},
	{"psu_cut", map[kpi.Kind]float64{kpi.KindDepartment: 1, kpi.KindDistrict: 0.6}, [3]int{3, 7, 2}},
}

// reporting returns the agencies with a positive factor, in tree order.
func (g *grid) reporting(f flow) ([]int, error) {
	var out []int
	for i, a := range g.agencies {
		if f.factor[a.Kind] > 0 {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("demo: no agency reports %s", f.code)
	}
	return out, nil
}

// genReform spreads each reform flow over its agencies and quarters. An
// agency keeps its size across years (a big department simplifies more every
// year), and some quarters are zero, as real reporting is lumpy.
func genReform(g *grid) error {
	rng := newRand(streamReform)
	for _, f := range reformFlows {
		agencies, err := g.reporting(f)
		if err != nil {
			return err
		}
		size := make([]float64, len(agencies))
		for i, a := range agencies {
			size[i] = f.factor[g.agencies[a].Kind] * uniform(rng, 0.5, 1.5)
		}
		for y, year := range years {
			ps := yearPeriods(year)
			w := make([]float64, 0, len(agencies)*len(ps))
			for i := range agencies {
				for range ps {
					x := size[i] * uniform(rng, 0.3, 1.7)
					if rng.Float64() < 0.15 {
						x = 0
					}
					w = append(w, x)
				}
			}
			g.putCells(agencies, ps, f.code, allocate(f.totals[y], w))
		}
	}
	return nil
}

// genOrganisation places each cut unit on a random (agency, quarter) cell:
// most cells stay 0, and the zeros are entered so the report shows the
// agency answered.
func genOrganisation(g *grid) error {
	rng := newRand(streamOrganisation)
	for _, f := range orgCuts {
		agencies, err := g.reporting(f)
		if err != nil {
			return err
		}
		for y, year := range years {
			ps := yearPeriods(year)
			cells := make([]int, len(agencies)*len(ps))
			w := make([]float64, len(cells))
			for i, a := range agencies {
				for j := range ps {
					w[i*len(ps)+j] = f.factor[g.agencies[a].Kind]
				}
			}
			for range f.totals[y] {
				cells[pick(rng, w)]++
			}
			g.putCells(agencies, ps, f.code, cells)
		}
	}
	return nil
}

// putCells writes parts laid out agency-major over agencies × ps.
func (g *grid) putCells(agencies, ps []int, code string, parts []int) {
	k := 0
	for _, a := range agencies {
		for _, p := range ps {
			g.put(a, p, code, parts[k])
			k++
		}
	}
}

// pick draws an index with probability proportional to its weight.
func pick(rng *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	r := rng.Float64() * sum
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}
