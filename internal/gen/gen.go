package gen

import (
	"context"
	"fmt"
	"math"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Options size the dataset. The same options give the same rows.
type Options struct {
	Agencies int // agencies in the tree, the national node included
	// Provinces splits the agencies among this many provinces; 0 means
	// the country's 34 (fewer for a small tree). Few provinces make large
	// ones: a template of ten thousand rows for the import benchmark.
	Provinces int
	Years     int    // years of quarterly values, ending with LastYear
	LastYear  int    // 0 means DefaultLastYear
	Seed      uint64 // 0 means DefaultSeed
}

// Defaults: a dataset that ends with the last full year, from a fixed seed.
const (
	DefaultLastYear        = 2025
	DefaultSeed     uint64 = 0x7061726b7069 // "parkpi"
	MaxAgencies            = 100_000
	MaxYears               = 50
)

// withDefaults fills the zero fields and checks the ranges.
func (o Options) withDefaults() (Options, error) {
	if o.LastYear == 0 {
		o.LastYear = DefaultLastYear
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	switch {
	case o.Agencies < MinAgencies || o.Agencies > MaxAgencies:
		return o, kpi.Errorf(kpi.EINVALID, "Số cơ quan phải từ %d đến %d, không phải %d.", "--agencies must be %d to %d, not %d.", MinAgencies, MaxAgencies, o.Agencies)
	case o.Provinces < 0 || o.Provinces > MaxProvinces(o.Agencies):
		return o, kpi.Errorf(kpi.EINVALID, "Số tỉnh phải từ 1 đến %d (mỗi tỉnh cần ít nhất %d cơ quan), không phải %d.",
			"--provinces must be 1 to %d (a province needs at least %d agencies), not %d.", MaxProvinces(o.Agencies), minProvince, o.Provinces)
	case o.Years < 1 || o.Years > MaxYears:
		return o, kpi.Errorf(kpi.EINVALID, "Số năm phải từ 1 đến %d, không phải %d.", "--years must be 1 to %d, not %d.", MaxYears, o.Years)
	case o.LastYear-o.Years+1 < kpi.MinYear || o.LastYear > kpi.MaxYear:
		return o, kpi.Errorf(kpi.EINVALID, "Các năm phải nằm trong %d–%d.", "The years must lie within %d–%d.", kpi.MinYear, kpi.MaxYear)
	}
	return o, nil
}

// FirstYear is the first year with values.
func (o Options) FirstYear() int { return o.LastYear - o.Years + 1 }

// Generate sends every value and submission of the agencies to sink: all
// entered indicators of cat for every quarter of the years, for every
// agency but the national node, and for an agency whose data set is
// monthly in a year also that year's months, which fold back into its
// quarters exactly (splitMonths). The last quarter is left in draft, so
// it can still be edited; every earlier quarter is approved.
func Generate(ctx context.Context, agencies []kpi.Agency, cat *kpi.Catalogue, o Options, sink Sink) error {
	o, err := o.withDefaults()
	if err != nil {
		return err
	}
	entered := cat.Entered()
	for idx, a := range agencies {
		if a.Code == RootCode {
			continue
		}
		ds := cat.DataSetFor(a.Kind)
		g := newAgencyGen(a, idx, o, cat)
		g.fill(cat)
		for _, ind := range entered {
			for p, v := range g.cells[ind.Code] {
				per := kpi.Period{Year: o.FirstYear() + p/4, Quarter: p%4 + 1}
				if err := sink.Value(ctx, kpi.Value{Agency: a.Code, Indicator: ind.Code, Period: per, Value: v}); err != nil {
					return err
				}
				if !ds.MonthlyIn(per.Year) || !ds.Has(ind.Code) {
					continue
				}
				for m, mv := range g.months(cat, ind, p) {
					if err := sink.Value(ctx, kpi.Value{Agency: a.Code, Indicator: ind.Code, Period: per.MonthsOf()[m], Value: mv}); err != nil {
						return err
					}
				}
			}
		}
		for p := range 4 * o.Years {
			s := kpi.Submission{Agency: a.Code, Period: kpi.Period{Year: o.FirstYear() + p/4, Quarter: p%4 + 1}, State: kpi.StateApproved}
			if p == 4*o.Years-1 {
				s.State = kpi.StateDraft
			}
			if err := sink.Submission(ctx, s); err != nil {
				return err
			}
			if !ds.MonthlyIn(s.Period.Year) {
				continue
			}
			for _, month := range s.Period.MonthsOf() { // each month in its quarter's state
				if err := sink.Submission(ctx, kpi.Submission{Agency: a.Code, Period: month, State: s.State}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// months are the three months of the indicator's value in period p: its
// own split, or for a parts indicator the sum of its parts' splits (what
// its rule over periods folds back).
func (g *agencyGen) months(cat *kpi.Catalogue, ind kpi.Indicator, p int) [3]float64 {
	if ind.OverQuarters != kpi.AggParts {
		return splitMonths(ind, g.cells[ind.Code][p])
	}
	var out [3]float64
	for _, code := range ind.Parts {
		part, _ := cat.Get(code)
		for m, v := range splitMonths(part, g.cells[code][p]) {
			out[m] += v
		}
	}
	return out
}

// splitMonths splits a quarter's value into its three months so that the
// indicator's rule over periods folds them back to it exactly: a sum is
// split by cumulative floors of whole units (⌊v/3⌋, ⌊2v/3⌋−⌊v/3⌋,
// v−⌊2v/3⌋), each month's share growing with v, so an order between two
// counts (very satisfied ≤ satisfied ≤ responses) holds in every month;
// a value of any other rule (last, first, average) is repeated.
func splitMonths(ind kpi.Indicator, v float64) [3]float64 {
	if ind.OverQuarters != kpi.AggSum {
		return [3]float64{v, v, v}
	}
	unit := math.Pow(10, float64(ind.Decimals))
	u := math.Round(v * unit)
	a, b := math.Floor(u/3), math.Floor(2*u/3)
	out := [3]float64{a / unit, (b - a) / unit, (u - b) / unit}
	if out[0]+out[1]+out[2] != v { // not whole units: the quarter in its last month
		out = [3]float64{0, 0, v}
	}
	return out
}

// Stats is what a load wrote and how long it took.
type Stats struct {
	Agencies    int
	Values      int
	Submissions int
	Rollups     int // sums of scopes with children
	OwnFigures  int // agencies' own figures of years, by bucket
	RankEntries int
	Elapsed     time.Duration
}

func (s Stats) String() string {
	return fmt.Sprintf("%d agencies, %d values, %d submissions, %d own figures, %d rollup rows, %d rank entries in %s",
		s.Agencies, s.Values, s.Submissions, s.OwnFigures, s.Rollups, s.RankEntries, s.Elapsed.Round(time.Millisecond))
}

// Load generates the dataset into db, which must hold no agencies: batched
// transactions of multi-row INSERTs, the derived tables computed in Go as
// each agency's rows go by (store.Loader), through the same contribution
// function as every write.
func Load(ctx context.Context, db *store.DB, o Options) (Stats, error) {
	start := time.Now()
	o, err := o.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	if n, err := db.CountAgencies(ctx); err != nil || n > 0 {
		if err != nil {
			return Stats{}, err
		}
		return Stats{}, kpi.Errorf(kpi.ECONFLICT, "Cơ sở dữ liệu đã có %d cơ quan; hãy dùng một tệp mới.", "The database already holds %d agencies; use a new file.", n)
	}
	agencies, err := TreeOf(o.Agencies, o.Provinces, o.Seed)
	if err != nil {
		return Stats{}, err
	}
	l, err := db.NewLoader(ctx, agencies, store.LoaderOptions{Actor: "gen", Source: "gen"})
	if err != nil {
		return Stats{}, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		l.Abort(ctx)
		return Stats{}, err
	}
	if err := Generate(ctx, agencies, cat, o, l); err != nil {
		l.Abort(ctx)
		return Stats{}, err
	}
	if err := l.Close(ctx); err != nil {
		return Stats{}, err
	}
	c := l.Counts()
	st := Stats{Agencies: c["agency"], Values: c["value"], Submissions: c["submission"]}
	rows, err := db.TableRows(ctx, "rollups", "own_figures", "rank_entries")
	if err != nil {
		return st, err
	}
	st.Rollups, st.OwnFigures, st.RankEntries = rows["rollups"], rows["own_figures"], rows["rank_entries"]
	st.Elapsed = time.Since(start)
	return st, nil
}
