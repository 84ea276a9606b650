package kpi

import "sort"

// Quarters holds one agency's entered values of one indicator for one year,
// by quarter (1–4). A missing key means "not entered", which differs from 0.
type Quarters map[int]float64

// OverQuarters folds one agency's quarters into its year figure. It reports
// false when no quarter has a value. AggParts is not handled here: a parts
// indicator's year is the sum of its parts' years (see Derive).
func OverQuarters(method string, q Quarters) (float64, bool) {
	var vals [5]float64
	var has [5]bool
	for n := 1; n <= 4; n++ {
		vals[n], has[n] = q[n]
	}
	return foldQuarters(method, vals, has)
}

// foldQuarters is the fold of the quarters (1–4) that have a value: the
// one definition of each rule over quarters.
func foldQuarters(method string, vals [5]float64, has [5]bool) (float64, bool) {
	switch method {
	case AggLast:
		for n := 4; n >= 1; n-- {
			if has[n] {
				return vals[n], true
			}
		}
	case AggFirst:
		for n := 1; n <= 4; n++ {
			if has[n] {
				return vals[n], true
			}
		}
	case AggAvg:
		var sum float64
		var cnt int
		for n := 1; n <= 4; n++ {
			if has[n] {
				sum += vals[n]
				cnt++
			}
		}
		if cnt > 0 {
			return sum / float64(cnt), true
		}
	default: // AggSum, and AggParts quarter by quarter
		var sum float64
		var any bool
		for n := 1; n <= 4; n++ {
			if has[n] {
				sum += vals[n]
				any = true
			}
		}
		return sum, any
	}
	return 0, false
}

// Total is an indicator summed over the agencies of a scope: the sum of their
// figures and how many agencies had one.
type Total struct {
	Sum float64 `db:"sum" json:"sum"`
	N   int     `db:"n" json:"n"`
}

// Add folds one agency's figure into the total.
func (t Total) Add(v float64) Total { return Total{Sum: t.Sum + v, N: t.N + 1} }

// Merge adds two totals.
func (t Total) Merge(o Total) Total { return Total{Sum: t.Sum + o.Sum, N: t.N + o.N} }

// Figure is the value of an indicator for a scope and period. OK is false
// when nothing behind it was entered (shown as "—", never as 0).
type Figure struct {
	Value float64 `json:"value"`
	OK    bool    `json:"ok"`
}

// Derive turns the per-indicator totals of a scope into figures for the whole
// catalogue: entered indicators by their across-agency rule, parts as the sum
// of their parts, derived ones by their formula over the totals (a rate is
// sum of numerators over sum of denominators, never an average of the
// agencies' percentages).
func Derive(c *Catalogue, totals map[string]Total) map[string]Figure {
	out := make(map[string]Figure, len(c.list))
	src := totalsSource(totals)
	for _, ind := range c.list {
		out[ind.Code] = figureOf(c, ind, src)
	}
	return out
}

// figureSource is where a figure's entered parts come from: a scope's
// totals (Derive) or one agency's own values (Contribute's rank entries).
// Both derive through figureOf, the one definition of parts and formulas.
type figureSource struct {
	entered   func(ind Indicator) (float64, bool) // an entered indicator's figure
	reporting func(code string) int               // how many agencies report code
}

// totalsSource reads a scope's totals: entered indicators by their
// across-agency rule.
func totalsSource(totals map[string]Total) figureSource {
	return figureSource{
		entered: func(ind Indicator) (float64, bool) {
			t, ok := totals[ind.Code]
			if !ok || t.N == 0 {
				return 0, false
			}
			if ind.AcrossAgencies == AcrossAvg {
				return t.Sum / float64(t.N), true
			}
			return t.Sum, true
		},
		reporting: func(code string) int { return totals[code].N },
	}
}

// figureOf derives ind from src: entered indicators as they are, parts as
// the sum of their parts, derived ones by their formula over the entered
// figures (a rate is sum of numerators over sum of denominators — never an
// average of percentages). A derived figure exists when every input has a
// value and the result is a finite number: a rate over no dossiers, or of
// counts nobody entered, is no figure rather than 0.
func figureOf(c *Catalogue, ind Indicator, src figureSource) Figure {
	switch {
	case ind.Kind == KindDerived && ind.formula != nil:
		// Most agencies lack some input of some formula (a survey, staff
		// counts): found out before an evaluation costs its environment.
		for _, code := range ind.formula.Codes {
			if in, _ := c.Get(code); !figureOf(c, in, src).OK {
				return Figure{}
			}
		}
		have := true
		cur := func(code string) float64 {
			in, _ := c.Get(code)
			f := figureOf(c, in, src)
			have = have && f.OK
			return f.Value
		}
		reported := func(code string) float64 { return float64(src.reporting(code)) }
		v, ok := ind.formula.eval(cur, nil, reported)
		if !ok || !have {
			return Figure{}
		}
		return Figure{Value: v, OK: true}
	case ind.OverQuarters == AggParts:
		v, ok := sumOf(c, ind.Parts, src)
		return Figure{Value: v, OK: ok}
	case ind.Kind == KindEntered:
		v, ok := src.entered(ind)
		return Figure{Value: v, OK: ok}
	}
	return Figure{}
}

// sumOf adds the figures of the named indicators; it is OK when at least
// one of them has a value.
func sumOf(c *Catalogue, codes []string, src figureSource) (float64, bool) {
	var sum float64
	var ok bool
	for _, code := range codes {
		ind, found := c.Get(code)
		if !found {
			continue
		}
		if f := figureOf(c, ind, src); f.OK {
			sum += f.Value
			ok = true
		}
	}
	return sum, ok
}

// Delta is the change of a figure against a previous one.
type Delta struct {
	Diff float64 `json:"diff"`
	OK   bool    `json:"ok"`
}

// Change returns cur − prev when both exist.
func Change(cur, prev Figure) Delta {
	if !cur.OK || !prev.OK {
		return Delta{}
	}
	return Delta{Diff: cur.Value - prev.Value, OK: true}
}

// Ranked is one agency's place in a ranking.
type Ranked struct {
	Code   string `json:"code"`
	Figure Figure `json:"figure"`
	Rank   int    `json:"rank"`
}

// Rank orders agencies best first by ind's direction; agencies without a
// figure come last, unranked (Rank 0); ties share a rank and fall back to
// code order so the list is stable.
func Rank(ind Indicator, figures map[string]Figure) []Ranked {
	out := make([]Ranked, 0, len(figures))
	for code, f := range figures {
		out = append(out, Ranked{Code: code, Figure: f})
	}
	sort.Slice(out, func(a, b int) bool {
		fa, fb := out[a].Figure, out[b].Figure
		if fa.OK != fb.OK {
			return fa.OK
		}
		if fa.OK && fa.Value != fb.Value {
			if ind.HigherIsBetter {
				return fa.Value > fb.Value
			}
			return fa.Value < fb.Value
		}
		return out[a].Code < out[b].Code
	})
	for i := range out {
		if !out[i].Figure.OK {
			break
		}
		if i > 0 && out[i].Figure.Value == out[i-1].Figure.Value {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}
