package kpi

// The contribution function: one agency's year as the rows it adds to the
// maintained tables. Every write computes it before and after and applies
// the difference (Diff); a rebuild computes it for every agency-year and
// adds it up; so what writes maintain and what a rebuild makes are the same
// rows by construction.

// SeriesKey names one entered series of an agency: an indicator and a
// breakdown option (0 = the total).
type SeriesKey struct {
	Indicator string
	Option    int64
}

// AgencyYear is one agency's year as the contribution function reads it:
// its kind, its entered values by series and the state of each quarter's
// report (index 1–4; "" = not started).
type AgencyYear struct {
	Kind   Kind
	Year   int
	Values map[SeriesKey]Quarters
	States [5]string
}

// SumKey is a row of the sums over a scope: the agencies of one kind, one
// series and period, one bucket. Bucket is a Level: the total at level L is
// the sum of the buckets at or above L.
type SumKey struct {
	Period    string
	Indicator string
	Option    int64
	Kind      Kind
	Bucket    Level
}

// SumRow is what an agency adds to a sum: its figure and 1 for "has one",
// split into buckets (either may be zero, never both).
type SumRow struct {
	SumKey
	Sum float64
	N   int
}

// OwnKey is a row of an agency's own figures of a derived period (a year).
type OwnKey struct {
	Period    string
	Indicator string
	Option    int64
	Bucket    Level
}

// OwnRow is one bucket of an agency's own figure of a derived period.
type OwnRow struct {
	OwnKey
	Value float64
	N     int
}

// RankKey is an agency's own figure of a ranking indicator for a period.
type RankKey struct {
	Indicator string
	Period    string
	Value     float64
}

// RankRow is a rank entry: the figure and the levels it is the answer at
// (an approved quarter answers all three in one row).
type RankRow struct {
	RankKey
	Levels LevelSet
}

// CountKey counts an agency's report of a period by state, by kind.
type CountKey struct {
	Period string
	Kind   Kind
	State  string
}

// CountRow is one report count: 1 for the agency's own report.
type CountRow struct {
	CountKey
	N int
}

// Contribution is everything one agency-year adds to the maintained
// tables: Sums to every scope above it (and its own, if it has children),
// Own to its own figures, Ranks under every proper ancestor, Counts to the
// report counts of every scope above it.
type Contribution struct {
	Sums   []SumRow
	Own    []OwnRow
	Ranks  []RankRow
	Counts []CountRow
}

// figs holds a series' figure at each level (index 1–3).
type figs [4]struct {
	v  float64
	ok bool
}

// buckets splits per-level figures into buckets: bucket 3 is the approved
// figure, bucket 2 what submitted reports add to it, bucket 1 what drafts
// add; a bucket that adds nothing is left out.
func (f figs) buckets(emit func(b Level, sum float64, n int)) {
	for l := LevelApproved; l >= LevelAll; l-- {
		sum, n := f[l].v, boolInt(f[l].ok)
		if l < LevelApproved {
			sum -= f[l+1].v
			n -= boolInt(f[l+1].ok)
		}
		if sum != 0 || n != 0 {
			emit(l, sum, n)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// quarterLevel is the level of quarter q's report.
func (y AgencyYear) quarterLevel(q int) Level { return ReportLevel(y.States[q]) }

// seriesFigs is a series' figure for a period at each level: a quarter's
// value counts at the levels its report reaches; a year is folded over the
// quarters whose report reaches the level.
func (y AgencyYear) seriesFigs(ind Indicator, q Quarters, quarter int) figs {
	var out figs
	var vals [5]float64
	var has [5]bool
	for n := 1; n <= 4; n++ {
		vals[n], has[n] = q[n]
	}
	for _, l := range Levels {
		if quarter > 0 {
			if has[quarter] && y.quarterLevel(quarter) >= l {
				out[l].v, out[l].ok = vals[quarter], true
			}
			continue
		}
		var in [5]bool
		for n := 1; n <= 4; n++ {
			in[n] = has[n] && y.quarterLevel(n) >= l
		}
		out[l].v, out[l].ok = foldQuarters(ind.OverQuarters, vals, in)
	}
	return out
}

// Contribute is the contribution function: the rows one agency-year adds.
// Parts indicators (Biểu 06 column 3) are derived from their parts when
// read, so they add nothing of their own; ranking indicators that are
// derived add their own figure to the sums (so a scope knows how many of its
// agencies have one) and every ranking indicator adds its rank entries.
func Contribute(c *Catalogue, y AgencyYear) Contribution {
	var out Contribution
	perSeries := make(map[SeriesKey][5]figs, len(y.Values))
	for key, q := range y.Values {
		ind, ok := c.Get(key.Indicator)
		if !ok || ind.Kind != KindEntered || ind.OverQuarters == AggParts || len(q) == 0 {
			continue
		}
		var all [5]figs
		for quarter := 0; quarter <= 4; quarter++ {
			f := y.seriesFigs(ind, q, quarter)
			all[quarter] = f
			period := QuarterCode(quarter)
			f.buckets(func(b Level, sum float64, n int) {
				out.Sums = append(out.Sums, SumRow{SumKey{period, key.Indicator, key.Option, y.Kind, b}, sum, n})
				if quarter == 0 {
					out.Own = append(out.Own, OwnRow{OwnKey{period, key.Indicator, key.Option, b}, sum, n})
				}
			})
		}
		perSeries[key] = all
	}
	out.Ranks, out.Sums = y.ranks(c, perSeries, out.Sums)
	out.Counts = y.counts()
	return out
}

// ranks adds the rank entries of every ranking indicator, and the sums of
// those that are ratios.
func (y AgencyYear) ranks(c *Catalogue, per map[SeriesKey][5]figs, sums []SumRow) ([]RankRow, []SumRow) {
	var out []RankRow
	for _, ind := range c.ranked {
		for quarter := 0; quarter <= 4; quarter++ {
			period := QuarterCode(quarter)
			var f figs
			for _, l := range Levels {
				fig := ownFigure(c, ind, func(code string) (float64, bool) {
					s := per[SeriesKey{Indicator: code}][quarter][l]
					return s.v, s.ok
				})
				f[l].v, f[l].ok = fig.Value, fig.OK
			}
			out = appendRanks(out, ind.Code, period, f)
			if ind.IsDerived() {
				f.buckets(func(b Level, sum float64, n int) {
					sums = append(sums, SumRow{SumKey{period, ind.Code, 0, y.Kind, b}, sum, n})
				})
			}
		}
	}
	return out, sums
}

// appendRanks adds one entry per distinct figure, with the levels it
// answers.
func appendRanks(out []RankRow, code, period string, f figs) []RankRow {
	start := len(out)
	for _, l := range Levels {
		if !f[l].ok {
			continue
		}
		found := false
		for i := start; i < len(out); i++ {
			if out[i].Value == f[l].v {
				out[i].Levels |= LevelSet(l.bit())
				found = true
			}
		}
		if !found {
			out = append(out, RankRow{RankKey{code, period, f[l].v}, LevelSet(l.bit())})
		}
	}
	return out
}

// counts is the agency's report of each quarter by state, and of the year
// by the lowest state of its quarters once every quarter is started.
func (y AgencyYear) counts() []CountRow {
	var out []CountRow
	started := 0
	for q := 1; q <= 4; q++ {
		if s := y.States[q]; s != StateNotStarted {
			started++
			out = append(out, CountRow{CountKey{QuarterCode(q), y.Kind, s}, 1})
		}
	}
	if started == 4 {
		out = append(out, CountRow{CountKey{PeriodYear, y.Kind, LowestState(y.States[1:]...)}, 1})
	}
	return out
}

// ownFigure is one agency's own figure of ind from its own values (get),
// the same as Derive over a scope of that agency alone: parts summed,
// ratios from the agency's own counts.
func ownFigure(c *Catalogue, ind Indicator, get func(code string) (float64, bool)) Figure {
	return figureOf(c, ind, ownSource(get))
}

// ownSource reads one agency's own values (get) as figureOf reads a scope
// of that agency alone.
func ownSource(get func(code string) (float64, bool)) figureSource {
	return figureSource{
		entered: func(ind Indicator) (float64, bool) { return get(ind.Code) },
		reporting: func(code string) int {
			if _, ok := get(code); ok {
				return 1
			}
			return 0
		},
	}
}

// Only keeps the rows of the named indicators, and no report counts: the
// part of a contribution that a rebuild of those indicators writes.
func (c Contribution) Only(codes map[string]bool) Contribution {
	var out Contribution
	for _, r := range c.Sums {
		if codes[r.Indicator] {
			out.Sums = append(out.Sums, r)
		}
	}
	for _, r := range c.Own {
		if codes[r.Indicator] {
			out.Own = append(out.Own, r)
		}
	}
	for _, r := range c.Ranks {
		if codes[r.Indicator] {
			out.Ranks = append(out.Ranks, r)
		}
	}
	return out
}
