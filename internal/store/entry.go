package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// historyQuarters is how many quarters before the entered one the entry
// reads: enough for the previous quarter, the same quarter last year and
// the outlier window of kpi.ValidateEntry.
const historyQuarters = 8

// Entry is an agency's quarter as the entry form shows it: its state and
// values, and beside them the previous quarter, the same quarter last year
// and the agency's own recent history.
type Entry struct {
	Agency     kpi.Agency
	Period     kpi.Period
	Submission kpi.Submission
	Values     map[string]float64   // this quarter
	Previous   map[string]float64   // the quarter before
	LastYear   map[string]float64   // the same quarter a year earlier
	History    map[string][]float64 // the quarters before, oldest first, only those with a value
	// Options are this quarter's values by breakdown option: option id →
	// indicator code → value (the totals are in Values).
	Options map[int64]map[string]float64
}

// Input returns what validation needs to check values against this
// agency's data set and past: its kind, the year, the previous quarter and
// the history.
func (e Entry) Input(values map[string]float64) kpi.EntryInput {
	return kpi.EntryInput{Kind: e.Agency.Kind, Year: e.Period.Year, Values: values, Previous: e.Previous, History: e.History}
}

// Entry reads an agency's quarter for the entry form: three statements
// (the agency, the submission, and one range read of its values over the
// last two years and this one).
func (db *DB) Entry(ctx context.Context, agency string, p kpi.Period) (Entry, error) {
	if err := p.Validate(); err != nil {
		return Entry{}, err
	}
	a, err := agencyByCode(ctx, db.r, agency)
	if err != nil {
		return Entry{}, err
	}
	return db.entryTx(ctx, db.r, a, p)
}

// entryTx reads the entry inside or outside a transaction.
func (db *DB) entryTx(ctx context.Context, q queryer, a kpi.Agency, p kpi.Period) (Entry, error) {
	sub, err := submissionTx(ctx, q, a.ID, p)
	if err != nil {
		return Entry{}, err
	}
	sub.Agency = a.Code
	e := Entry{Agency: a, Period: p, Submission: sub, Values: map[string]float64{}, Previous: map[string]float64{},
		LastYear: map[string]float64{}, History: map[string][]float64{}}
	var rows []struct {
		Indicator int64   `db:"indicator_id"`
		Year      int     `db:"year"`
		Period    string  `db:"period"`
		Value     float64 `db:"value"`
	}
	first := p.Index() - historyQuarters
	// Rows come in period order, so History is built oldest first.
	// Rows come in key order: by year, then period ("Q1" < "Q2" ...).
	err = sqlx.SelectContext(ctx, q, &rows, q.Rebind(`SELECT indicator_id, year, period, value FROM kpi_values
		WHERE agency_id = ? AND year BETWEEN ? AND ? AND option_id = 0
		ORDER BY year, period`), a.ID, first/4, p.Year)
	if err != nil {
		return Entry{}, err
	}
	if e.Options, err = db.entryOptions(ctx, q, a, p); err != nil {
		return Entry{}, err
	}
	prev, lastYear := p.Prev().Index(), p.LastYear().Index()
	for _, r := range rows {
		quarter, ok := kpi.QuarterOfCode(r.Period)
		code := db.codeOf(r.Indicator)
		if !ok || quarter == 0 || code == "" {
			continue
		}
		i := kpi.Period{Year: r.Year, Quarter: quarter}.Index()
		switch {
		case i == p.Index():
			e.Values[code] = r.Value
		case i < first || i > p.Index():
			continue
		default:
			e.History[code] = append(e.History[code], r.Value)
		}
		if i == prev {
			e.Previous[code] = r.Value
		}
		if i == lastYear {
			e.LastYear[code] = r.Value
		}
	}
	return e, nil
}
