package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// DrillQuery asks for the entered values behind a figure: the indicators
// (entered ones: a ratio's numerator and denominator, a sum's parts) of every
// agency in the subtree of Agency, for a quarter or, with Quarter 0, the year.
type DrillQuery struct {
	Agency     string
	Indicators []string
	Year       int
	Quarter    int
	scope      int64 // Agency's id, resolved before the queries (scopeID)
}

// Contribution is one agency's entered value of one indicator behind a
// figure, with the state of its report and its last change.
type Contribution struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Kind      kpi.Kind  `json:"kind"`
	Indicator string    `json:"indicator"`
	Value     float64   `json:"value"`
	State     string    `json:"state"`      // of the quarter; for a year, of its latest quarter with a report
	Quarter   int       `json:"quarter"`    // the quarter State belongs to
	ChangedBy string    `json:"changed_by"` // who last changed the value
	ChangedAt time.Time `json:"changed_at"`
	Audited   bool      `json:"audited"` // the last change comes from the audit log (false: a bulk load)
}

type drillValue struct {
	Code      string    `db:"code"`
	Name      string    `db:"name"`
	Kind      string    `db:"kind"`
	Indicator string    `db:"indicator"`
	Quarter   int       `db:"quarter"`
	Value     float64   `db:"value"`
	UpdatedBy string    `db:"updated_by"`
	UpdatedAt time.Time `db:"updated_at"`
}

type drillKey struct{ code, indicator string }

// Contributions returns, in tree order, each agency's value of each asked
// indicator. A value's last change is the newest audit row for it; values
// loaded in bulk (the demo) have no audit row of their own, so the value
// row's writer and time stand in. Values of a year are the agency's year
// figures, folded from its quarters as the dashboards fold them.
func (db *DB) Contributions(ctx context.Context, q DrillQuery) ([]Contribution, error) {
	if len(q.Indicators) == 0 {
		return nil, nil
	}
	var err error
	if q.scope, err = db.scopeID(ctx, q.Agency); err != nil {
		return nil, err
	}
	rows, err := db.drillValues(ctx, q)
	if err != nil {
		return nil, err
	}
	audits, err := db.drillAudits(ctx, q)
	if err != nil {
		return nil, err
	}
	states, err := db.drillStates(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]Contribution, 0, len(rows))
	for _, r := range rows {
		c := Contribution{Code: r.Code, Name: r.Name, Kind: kpi.Kind(r.Kind), Indicator: r.Indicator, Value: r.Value,
			ChangedBy: r.UpdatedBy, ChangedAt: r.UpdatedAt}
		if a, ok := audits[drillKey{r.Code, r.Indicator}]; ok {
			c.ChangedBy, c.ChangedAt, c.Audited = a.UpdatedBy, a.UpdatedAt, true
		}
		if s, ok := states[r.Code]; ok {
			c.State, c.Quarter = s.state, s.quarter
		}
		out = append(out, c)
	}
	return out, nil
}

// drillValues reads the values with their writer. For a year it reads the
// year figures and takes the newest quarter row as the writer.
func (db *DB) drillValues(ctx context.Context, q DrillQuery) ([]drillValue, error) {
	ids := db.indicatorIDs(q.Indicators)
	query, args, err := db.inQuery(`SELECT a.code, a.name, a.kind, v.indicator_id, v.period, v.value, v.updated_by, v.updated_at
		FROM agency_closure c
		JOIN agencies a ON a.id = c.descendant_id
		JOIN kpi_values v ON v.agency_id = a.id
		WHERE `+ancestorIs("c", q.scope)+` AND v.year = ? AND (? = 'Y' OR v.period = ?) AND v.option_id = 0 AND v.indicator_id IN (?)
		ORDER BY a.sort_order, a.id, v.indicator_id, v.period`, q.Year, kpi.QuarterCode(q.Quarter), kpi.QuarterCode(q.Quarter), ids)
	if err != nil {
		return nil, err
	}
	var raw []struct {
		Code      string  `db:"code"`
		Name      string  `db:"name"`
		Kind      string  `db:"kind"`
		Indicator int64   `db:"indicator_id"`
		Period    string  `db:"period"`
		Value     float64 `db:"value"`
		UpdatedBy string  `db:"updated_by"`
		UpdatedAt int64   `db:"updated_at"`
	}
	if err := db.r.SelectContext(ctx, &raw, query, args...); err != nil {
		return nil, err
	}
	all := make([]drillValue, len(raw))
	for i, r := range raw {
		quarter, _ := kpi.QuarterOfCode(r.Period)
		all[i] = drillValue{Code: r.Code, Name: r.Name, Kind: r.Kind, Indicator: db.codeOf(r.Indicator), Quarter: quarter,
			Value: r.Value, UpdatedBy: r.UpdatedBy, UpdatedAt: fromUnix(r.UpdatedAt)}
	}
	if q.Quarter != 0 {
		return ordered(all, q.Indicators), nil
	}
	years, err := db.drillYears(ctx, q)
	if err != nil {
		return nil, err
	}
	// One row per (agency, indicator): the year figure, written by whoever
	// wrote its newest quarter.
	var out []drillValue
	last := map[drillKey]int{}
	for _, v := range all {
		k := drillKey{v.Code, v.Indicator}
		y, ok := years[k]
		if !ok {
			continue
		}
		v.Value, v.Quarter = y, 0
		if i, seen := last[k]; seen {
			if v.UpdatedAt.After(out[i].UpdatedAt) {
				out[i].UpdatedBy, out[i].UpdatedAt = v.UpdatedBy, v.UpdatedAt
			}
			continue
		}
		last[k] = len(out)
		out = append(out, v)
	}
	return ordered(out, q.Indicators), nil
}

// ordered keeps tree order and puts each agency's indicators in the order
// asked (numerator before denominator), which SQL's ORDER BY cannot know.
func ordered(rows []drillValue, indicators []string) []drillValue {
	rank := make(map[string]int, len(indicators))
	for i, code := range indicators {
		rank[code] = i
	}
	out := make([]drillValue, 0, len(rows))
	for start := 0; start < len(rows); {
		end := start
		for end < len(rows) && rows[end].Code == rows[start].Code {
			end++
		}
		group := append([]drillValue(nil), rows[start:end]...)
		for i := 1; i < len(group); i++ { // insertion sort: a handful of rows
			for j := i; j > 0 && rank[group[j].Indicator] < rank[group[j-1].Indicator]; j-- {
				group[j], group[j-1] = group[j-1], group[j]
			}
		}
		out = append(out, group...)
		start = end
	}
	return out
}

func (db *DB) drillYears(ctx context.Context, q DrillQuery) (map[drillKey]float64, error) {
	query, args, err := db.inQuery(`SELECT a.code, y.indicator_id, SUM(y.value) AS value
		FROM agency_closure c
		JOIN agencies a ON a.id = c.descendant_id
		JOIN own_figures y ON y.agency_id = a.id
		WHERE `+ancestorIs("c", q.scope)+` AND y.year = ? AND y.period = 'Y' AND y.option_id = 0 AND y.indicator_id IN (?)
		GROUP BY a.code, y.indicator_id HAVING SUM(y.n) > 0`, q.Year, db.indicatorIDs(q.Indicators))
	if err != nil {
		return nil, err
	}
	var rows []struct {
		Code      string  `db:"code"`
		Indicator int64   `db:"indicator_id"`
		Value     float64 `db:"value"`
	}
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, err
	}
	out := make(map[drillKey]float64, len(rows))
	for _, r := range rows {
		out[drillKey{r.Code, db.codeOf(r.Indicator)}] = r.Value
	}
	return out, nil
}

// indicatorIDs are the stored ids of the known codes.
func (db *DB) indicatorIDs(codes []string) []int64 {
	out := make([]int64, 0, len(codes))
	for _, c := range codes {
		if id, ok := db.idOf(c); ok {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		out = append(out, -1) // IN () is not SQL
	}
	return out
}

// drillAudits returns the newest audit row of each (agency, indicator) value.
func (db *DB) drillAudits(ctx context.Context, q DrillQuery) (map[drillKey]drillValue, error) {
	query, args, err := sqlx.In(`SELECT a.code, l.field AS indicator, l.actor AS updated_by, l.at AS updated_at
		FROM agency_closure c
		JOIN agencies a ON a.id = c.descendant_id
		JOIN audit_log l ON l.agency_id = a.id
		WHERE `+ancestorIs("c", q.scope)+` AND l.entity = 'value' AND l.year = ? AND (? = 0 OR l.quarter = ?) AND l.field IN (?)
		ORDER BY l.at, l.id`, q.Year, q.Quarter, q.Quarter, q.Indicators)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		Code      string `db:"code"`
		Indicator string `db:"indicator"`
		UpdatedBy string `db:"updated_by"`
		UpdatedAt int64  `db:"updated_at"`
	}
	if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(query), args...); err != nil {
		return nil, err
	}
	out := make(map[drillKey]drillValue, len(rows))
	for _, r := range rows { // ordered by time: the last one wins
		out[drillKey{r.Code, r.Indicator}] = drillValue{Code: r.Code, Indicator: r.Indicator, UpdatedBy: r.UpdatedBy, UpdatedAt: fromUnix(r.UpdatedAt)}
	}
	return out, nil
}

type drillState struct {
	state   string
	quarter int
}

// drillStates returns each agency's report state: of the quarter asked, or
// for a year of its latest quarter with a report.
func (db *DB) drillStates(ctx context.Context, q DrillQuery) (map[string]drillState, error) {
	var rows []struct {
		Code   string `db:"code"`
		Period string `db:"period"`
		State  string `db:"state"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.code, sub.period, sub.state
		FROM agency_closure c
		JOIN agencies a ON a.id = c.descendant_id
		JOIN submissions sub ON sub.agency_id = a.id
		WHERE `+ancestorIs("c", q.scope)+` AND sub.dataset_id = ? AND sub.year = ? AND (? = 'Y' OR sub.period = ?)`),
		mainDataset, q.Year, kpi.QuarterCode(q.Quarter), kpi.QuarterCode(q.Quarter))
	if err != nil {
		return nil, err
	}
	out := make(map[string]drillState, len(rows))
	for _, r := range rows {
		quarter, _ := kpi.QuarterOfCode(r.Period)
		if cur, ok := out[r.Code]; !ok || quarter > cur.quarter {
			out[r.Code] = drillState{state: r.State, quarter: quarter}
		}
	}
	return out, nil
}
