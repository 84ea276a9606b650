package store

import (
	"context"
	"sort"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// A monthly data set's values are entered by month (kpi_values and
// submissions under "M01".."M12"); its quarters are derived in the same
// write from the quarter's months (deriveQuarter), so the derived tables,
// which read quarters only, see a monthly agency as a quarterly one.

// checkPeriodKind refuses a write of a period that is not how the
// agency's data set is entered in its year (kpi.CheckPeriodKind).
func (t *writeTx) checkPeriodKind(ctx context.Context, a kpi.Agency, p kpi.Period) error {
	cat, err := t.catalogue(ctx)
	if err != nil {
		return err
	}
	return kpi.CheckPeriodKind(cat.DataSetFor(a.Kind), a, p)
}

// saveMonth is saveQuarterPrepared of a month: the month's version and
// state checks, its values and report (a draft from now on), then its
// quarter folded from the months.
func (t *writeTx) saveMonth(ctx context.Context, a kpi.Agency, w ValueWrite, codes []string, errs saveErrors) (int, error) {
	sub, err := submissionTx(ctx, t, a.ID, w.Period)
	if err != nil {
		return 0, err
	}
	if err := errs.editable(w, a, sub); err != nil {
		return 0, err
	}
	if err := t.writeMonth(ctx, a, w, codes); err != nil {
		return 0, err
	}
	if err := upsertSubmission(ctx, t, a.ID, w.Period, kpi.StateDraft, sub, w.Actor, t.db.now()); err != nil {
		return 0, err
	}
	return sub.Version + 1, t.deriveQuarter(ctx, a, w.Period, w.Actor, w.Source)
}

// writeMonth writes the values of one agency-month (no derived table
// reads a month: deriveQuarter passes the change on to the quarter).
func (t *writeTx) writeMonth(ctx context.Context, a kpi.Agency, w ValueWrite, codes []string) error {
	if len(w.Options) > 0 {
		return kpi.Errorf(kpi.EINVALID, "Số liệu theo lĩnh vực được nhập theo quý, không theo tháng.",
			"Figures by field are entered by quarter, not by month.")
	}
	var rows []struct {
		Indicator int64   `db:"indicator_id"`
		Value     float64 `db:"value"`
	}
	if err := t.SelectContext(ctx, &rows, t.Rebind(`SELECT indicator_id, value FROM kpi_values
		WHERE agency_id = ? AND year = ? AND period = ? AND option_id = 0`), a.ID, w.Period.Year, w.Period.Code()); err != nil {
		return err
	}
	cur := make(map[int64]float64, len(rows))
	for _, r := range rows {
		cur[r.Indicator] = r.Value
	}
	plan := writePlan{agency: a, w: w, at: t.db.now()}
	for _, code := range codes {
		id := t.db.idOrZero(code)
		q := kpi.Quarters{} // the month's value, under its quarter as the plan expects
		if v, ok := cur[id]; ok {
			q[w.Period.Quarter] = v
		}
		plan.add(id, kpi.SeriesKey{Indicator: code}, q, w.Values[code])
	}
	return plan.exec(ctx, t)
}

// deriveQuarter makes the quarter of month m what its months say: each
// field of the agency's data set folded over the months by its rule (none
// when no month has it), the state from the months' states, and what that
// changes in the derived tables, like a save of the quarter.
func (t *writeTx) deriveQuarter(ctx context.Context, a kpi.Agency, m kpi.Period, actor, source string) error {
	cat, err := t.catalogue(ctx)
	if err != nil {
		return err
	}
	q := m.QuarterOf()
	codes := make([]string, 0, 3)
	for _, p := range q.MonthsOf() {
		codes = append(codes, p.Code())
	}
	var vals []struct {
		Period    string  `db:"period"`
		Indicator int64   `db:"indicator_id"`
		Value     float64 `db:"value"`
	}
	query, args, err := sqlx.In(`SELECT period, indicator_id, value FROM kpi_values
		WHERE agency_id = ? AND year = ? AND option_id = 0 AND period IN (?)`, a.ID, q.Year, codes)
	if err != nil {
		return err
	}
	if err := t.SelectContext(ctx, &vals, t.Rebind(query), args...); err != nil {
		return err
	}
	months := map[string]kpi.Quarters{}
	for _, v := range vals {
		n, _ := kpi.MonthOfCode(v.Period)
		code := t.db.codeOf(v.Indicator)
		if months[code] == nil {
			months[code] = kpi.Quarters{}
		}
		months[code][n-(q.Quarter-1)*3] = v.Value
	}
	w := ValueWrite{Agency: a.Code, Period: q, Values: map[string]*float64{}, Version: -1, Actor: actor, Source: source}
	folded := cat.FoldSeries(months)
	fields := cat.FieldsOf(a.Kind, q.Year)
	sorted := make([]string, 0, len(fields))
	for _, ind := range fields {
		w.Values[ind.Code] = nil
		if v, ok := folded[ind.Code]; ok {
			w.Values[ind.Code] = &v
		}
		sorted = append(sorted, ind.Code)
	}
	sort.Strings(sorted)
	state, err := t.monthsState(ctx, a, q, codes)
	if err != nil {
		return err
	}
	sub, err := submissionTx(ctx, t, a.ID, q)
	if err != nil {
		return err
	}
	if err := t.writeQuarter(ctx, a, w, sorted, state); err != nil {
		return err
	}
	if state == sub.State {
		return nil
	}
	return upsertSubmission(ctx, t, a.ID, q, state, sub, actor, t.db.now())
}

// monthsState is the state of quarter q derived from its months' reports.
func (t *writeTx) monthsState(ctx context.Context, a kpi.Agency, q kpi.Period, codes []string) (string, error) {
	var subs []struct {
		Period string `db:"period"`
		State  string `db:"state"`
	}
	query, args, err := sqlx.In(`SELECT period, state FROM submissions
		WHERE agency_id = ? AND dataset_id = ? AND year = ? AND period IN (?)`, a.ID, mainDataset, q.Year, codes)
	if err != nil {
		return "", err
	}
	if err := t.SelectContext(ctx, &subs, t.Rebind(query), args...); err != nil {
		return "", err
	}
	states := make([]string, 3)
	for _, s := range subs {
		n, _ := kpi.MonthOfCode(s.Period)
		states[n-(q.Quarter-1)*3-1] = s.State
	}
	return kpi.QuarterState(states), nil
}
