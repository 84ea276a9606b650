// Package demo generates the Ninh Bình demo dataset: quarterly values per
// agency for 2020, 2021 and the first half of 2022, the submission state of
// each agency's quarter, and a few targets. The province figures for 2021 come
// out exactly as reported in ../shared/SEED.md (beside the repository), yet they are never stored:
// exact totals are split over agencies and quarters with a largest-remainder
// allocation, and everything else is drawn from a fixed-seed PCG, so two runs
// give the same bytes.
package demo

import (
	"fmt"
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// Value is one entered number for (agency, indicator, quarter); it is the
// domain type itself so the store can save the dataset as it is.
type Value = kpi.Value

// Submission is the workflow state of one agency's quarter: kpi.StateApproved,
// kpi.StateSubmitted or kpi.StateDraft. An agency's quarter without values
// has no submission (not started).
type Submission struct {
	Agency string
	Period kpi.Period
	State  string
}

// Dataset is everything the demo loads into a fresh database.
type Dataset struct {
	Values      []Value
	Submissions []Submission
	Targets     []kpi.Target
}

// seed is fixed so the demo is the same on every machine ("NinhBinh").
const seed uint64 = 0x4e696e6842696e68

// Each part of the generator draws from its own PCG stream, so retuning one
// part leaves the numbers of the others unchanged.
const (
	streamReform uint64 = iota + 1
	streamOrganisation
	streamServices
	streamDossiers
	streamSurvey
	streamEgov
	streamWorkflow
	streamFields
)

func newRand(stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// periods are the quarters the demo fills, in order: 2020, 2021, 2022 H1.
var periods = []kpi.Period{
	{Year: 2020, Quarter: 1}, {Year: 2020, Quarter: 2}, {Year: 2020, Quarter: 3}, {Year: 2020, Quarter: 4},
	{Year: 2021, Quarter: 1}, {Year: 2021, Quarter: 2}, {Year: 2021, Quarter: 3}, {Year: 2021, Quarter: 4},
	{Year: 2022, Quarter: 1}, {Year: 2022, Quarter: 2},
}

// years are the years of periods, in order.
var years = []int{2020, 2021, 2022}

// required are the indicators the generator fills; a catalogue without one of
// them cannot carry the demo.
var required = []string{
	"tthc_simplified", "steps_cut", "hours_cut", "portal_linked", "svc_total", "svc_level3", "svc_level4",
	"dos_received", "dos_online", "dos_direct", "dos_carried", "dos_resolved", "dos_early", "dos_ontime",
	"dos_late", "dos_pending", "dos_pending_ontime", "dos_pending_overdue", "sat_responses", "sat_satisfied",
	"sat_very", "div_cut", "subdept_cut", "psu_cut", "has_lan", "staff_total", "staff_pc", "vc_endpoints",
}

// Generate builds the demo dataset for the agencies of tree and the entered
// indicators of cat: values for 2020 Q1–Q4, 2021 Q1–Q4 and 2022 Q1–Q2, one
// submission per agency-quarter with values, and the targets. svc_full and
// svc_partial (Decree 42/2022, in force from 1 August 2022, after the last
// demo quarter) are left without values, as are par_index and sipas.
func Generate(tree *kpi.Tree, cat *kpi.Catalogue) (*Dataset, error) {
	g, err := newGrid(tree, cat)
	if err != nil {
		return nil, err
	}
	steps := []func(*grid) error{genReform, genOrganisation, genServices, genDossiers, genFields, genSurvey, genEgov}
	for _, step := range steps {
		if err := step(g); err != nil {
			return nil, err
		}
	}
	states := planStates(g)
	ds := g.emit(states)
	ds.Targets = targets(g)
	return ds, nil
}

// grid holds the generated values as a dense agency × period × indicator
// array, so that output order comes from the tree, the periods and the
// catalogue, never from map iteration.
type grid struct {
	agencies []kpi.Agency
	codes    []string // entered indicators, catalogue order
	col      map[string]int
	val      []int
	has      []bool
	cat      *kpi.Catalogue
	// options are the values by field of the agency-periods broken down
	// (agency, period → values in catalogue order, field by field).
	options map[[2]int][]optionValue
}

func newGrid(tree *kpi.Tree, cat *kpi.Catalogue) (*grid, error) {
	if tree == nil || cat == nil {
		return nil, fmt.Errorf("demo: no agency tree or catalogue")
	}
	g := &grid{agencies: tree.All(), col: map[string]int{}, cat: cat}
	for _, ind := range cat.Entered() {
		g.col[ind.Code] = len(g.codes)
		g.codes = append(g.codes, ind.Code)
	}
	for _, code := range required {
		if _, ok := g.col[code]; !ok {
			return nil, fmt.Errorf("demo: the catalogue lacks the entered indicator %s", code)
		}
	}
	n := len(g.agencies) * len(periods) * len(g.codes)
	g.val, g.has = make([]int, n), make([]bool, n)
	return g, nil
}

func (g *grid) at(a, p int, code string) int {
	return (a*len(periods)+p)*len(g.codes) + g.col[code]
}

// put records agency a's value of code for period p.
func (g *grid) put(a, p int, code string, v int) {
	i := g.at(a, p, code)
	g.val[i], g.has[i] = v, true
}

// get returns agency a's value of code for period p, 0 if none.
func (g *grid) get(a, p int, code string) int { return g.val[g.at(a, p, code)] }

// ofKind returns the indices of the agencies of the kinds, in tree order.
func (g *grid) ofKind(kinds ...kpi.Kind) []int {
	var out []int
	for i, a := range g.agencies {
		for _, k := range kinds {
			if a.Kind == k {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// index returns the position of the agency with the code, or -1.
func (g *grid) index(code string) int {
	for i, a := range g.agencies {
		if a.Code == code {
			return i
		}
	}
	return -1
}

// yearPeriods returns the indices of the periods of year.
func yearPeriods(year int) []int {
	var out []int
	for p, per := range periods {
		if per.Year == year {
			out = append(out, p)
		}
	}
	return out
}

// emit writes the values and submissions in period, tree and catalogue order.
// states[p][a] == "" means agency a has not started period p: its values are
// dropped and it gets no submission.
func (g *grid) emit(states [][]string) *Dataset {
	ds := &Dataset{}
	for p, per := range periods {
		for a, ag := range g.agencies {
			if states[p][a] == kpi.StateNotStarted {
				continue
			}
			some := false
			for _, code := range g.codes {
				if i := g.at(a, p, code); g.has[i] {
					ds.Values = append(ds.Values, Value{Agency: ag.Code, Indicator: code, Period: per, Value: float64(g.val[i])})
					some = true
				}
			}
			for _, o := range g.options[[2]int{a, p}] {
				ds.Values = append(ds.Values, Value{Agency: ag.Code, Indicator: o.code, Period: per, Option: o.option, Value: float64(o.value)})
			}
			if some {
				ds.Submissions = append(ds.Submissions, Submission{Agency: ag.Code, Period: per, State: states[p][a]})
			}
		}
	}
	return ds
}
