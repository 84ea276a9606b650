package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"time"

	"parkpi/internal/kpi"
)

// ValueWrite is one save of an agency's quarter, from the form, an upload or
// the API. Values maps indicator codes to the new value; nil clears it.
// Options are the values of indicators broken down, by code and option id
// (nil clears one); the writer gives the total in Values.
type ValueWrite struct {
	Agency  string
	Period  kpi.Period
	Values  map[string]*float64
	Options map[string]map[int64]*float64
	Version int    // the submission version the writer saw; -1 skips the check
	Actor   string // who, for the audit log
	Source  string // "form", "upload", "api"
}

// SaveValues writes one agency-quarter in one transaction: the values, what
// they change in the derived figures (the agency's own, the sums of every
// scope above it, rank entries, report counts), the submission's new
// version and one audit row per changed value. It refuses a stale version
// (ECONFLICT) and a locked quarter, and writes nothing then. It returns the
// new version once the save is committed.
//
// Concurrent saves are committed in groups (groupcommit.go): each still
// whole or nothing, in its own savepoint, with its own answer.
func (db *DB) SaveValues(ctx context.Context, w ValueWrite) (int, error) {
	if err := w.Period.Validate(); err != nil {
		return 0, err
	}
	codes, err := db.sortedCodes(ctx, w.Values)
	if err != nil {
		return 0, err
	}
	if err := db.checkOptions(ctx, w.Options); err != nil {
		return 0, err
	}
	var prep *savePrep
	if len(w.Options) == 0 && w.Period.Month == 0 { // a save by option or of a month is worked out in its write
		prep = db.prepareSave(ctx, w, codes)
	}
	var version int
	write := db.writeBatched
	if w.Period.Month > 0 { // a month's save reads its own rows back (its quarter is folded from them): no batch
		write = db.write
	}
	err = write(ctx, []LockKey{yearKey(w.Agency, w.Period.Year)}, func(ctx context.Context, t *writeTx) error {
		v, err := t.saveQuarterPrepared(ctx, w, codes, formErrors, prep)
		version = v
		return err
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// saveErrors are the two refusals of a save: the single form's wording,
// and the batch's, which names the agency and the quarter.
type saveErrors bool

const (
	formErrors  saveErrors = false
	batchErrors saveErrors = true
)

func (named saveErrors) conflict(w ValueWrite, a kpi.Agency) error {
	if named {
		return kpi.Errorf(kpi.ECONFLICT, "Số liệu quý %d/%d của %s vừa được người khác thay đổi.",
			"Someone else changed the figures of %[3]s for quarter %[1]d/%[2]d meanwhile.", w.Period.Quarter, w.Period.Year, a.Name)
	}
	return kpi.Errorf(kpi.ECONFLICT, "Số liệu quý này vừa được người khác thay đổi.", "Someone else changed this quarter's figures meanwhile.")
}

// editable is nil when the report sub may take the write w: the version
// the form was loaded with (unless w.Version is -1) and a state that can
// still be changed.
func (named saveErrors) editable(w ValueWrite, a kpi.Agency, sub kpi.Submission) error {
	if w.Version >= 0 && sub.Version != w.Version {
		return named.conflict(w, a)
	}
	if !kpi.Editable(sub.State) {
		return named.locked(w, a)
	}
	return nil
}

func (named saveErrors) locked(w ValueWrite, a kpi.Agency) error {
	if named {
		return kpi.Errorf(kpi.ECONFLICT, "Quý %d/%d của %s đã gửi hoặc đã duyệt, không sửa được.",
			"Quarter %[1]d/%[2]d of %[3]s is submitted or approved and cannot be changed.", w.Period.Quarter, w.Period.Year, a.Name)
	}
	return kpi.Errorf(kpi.ECONFLICT, "Quý này đã gửi hoặc đã duyệt, không sửa được.", "This quarter is submitted or approved and cannot be changed.")
}

// saveQuarter is one agency-quarter's save inside a write: version and
// state checks, values, audit rows, the submission (a draft from now on)
// and what all that changes in the derived tables. It returns the new
// version.
func (t *writeTx) saveQuarter(ctx context.Context, w ValueWrite, codes []string, errs saveErrors) (int, error) {
	return t.saveQuarterPrepared(ctx, w, codes, errs, nil)
}

// saveQuarterPrepared is saveQuarter with the save worked out beforehand
// (prepareSave), used when nothing it rests on changed since.
func (t *writeTx) saveQuarterPrepared(ctx context.Context, w ValueWrite, codes []string, errs saveErrors, prep *savePrep) (int, error) {
	a, err := t.agency(ctx, w.Agency)
	if err != nil {
		return 0, err
	}
	if err := t.checkPeriodKind(ctx, a, w.Period); err != nil {
		return 0, err
	}
	if w.Period.Month > 0 {
		return t.saveMonth(ctx, a, w, codes, errs)
	}
	reports, versions, err := yearReportsTx(ctx, t, a.ID, w.Period.Year)
	if err != nil {
		return 0, err
	}
	sub := reports[w.Period.Quarter]
	if err := errs.editable(w, a, sub); err != nil {
		return 0, err
	}
	cat, err := t.catalogue(ctx)
	if err != nil {
		return 0, err
	}
	if !prep.holdsAt(a, w.Period.Year, cat.Version, versions) {
		prep = nil
	}
	if err := t.writeQuarterPrepared(ctx, a, w, codes, kpi.StateDraft, prep); err != nil {
		return 0, err
	}
	next := sub
	next.State, next.Version, next.UpdatedBy, next.UpdatedAt = kpi.StateDraft, sub.Version+1, w.Actor, t.db.now()
	return next.Version, t.putReport(ctx, a.ID, next)
}

// putReport writes a report's state, or queues it in the write's batch.
func (t *writeTx) putReport(ctx context.Context, agencyID int64, s kpi.Submission) error {
	return t.rowsOwn(ctx, &upsertReports, [][]any{submissionRow(agencyID, s)})
}

// writeQuarter writes the values of one agency-quarter, whose report is in
// state afterwards, and moves the derived tables by what changed: the
// agency's year is read once, the contribution function run on it before
// and after.
func (t *writeTx) writeQuarter(ctx context.Context, a kpi.Agency, w ValueWrite, codes []string, state string) error {
	return t.writeQuarterPrepared(ctx, a, w, codes, state, nil)
}

func (t *writeTx) writeQuarterPrepared(ctx context.Context, a kpi.Agency, w ValueWrite, codes []string, state string, prep *savePrep) error {
	p, err := t.placement(ctx, a)
	if err != nil {
		return err
	}
	cat, err := t.catalogue(ctx)
	if err != nil {
		return err
	}
	if prep != nil { // checked by the caller (saveQuarterPrepared)
		if err := prep.plan.exec(ctx, t); err != nil {
			return err
		}
		return t.apply(ctx, p, w.Period.Year, prep.delta)
	}
	before, _, err := t.db.readYearVersions(ctx, t, a, w.Period.Year)
	if err != nil {
		return err
	}
	plan, after := t.db.planQuarter(a, w, codes, before, state)
	if err := plan.exec(ctx, t); err != nil {
		return err
	}
	return t.apply(ctx, p, w.Period.Year, saveDelta(cat, before, after, codes, w.Period.Quarter))
}

// planQuarter works out one agency-quarter's save over its year: the value
// and audit rows, and the year as it will be.
func (db *DB) planQuarter(a kpi.Agency, w ValueWrite, codes []string, before kpi.AgencyYear, state string) (writePlan, kpi.AgencyYear) {
	after := cloneYear(before)
	after.States[w.Period.Quarter] = state
	plan := writePlan{agency: a, w: w, at: db.now()}
	for _, code := range codes {
		key := kpi.SeriesKey{Indicator: code}
		if after.Values[key] == nil {
			after.Values[key] = kpi.Quarters{}
		}
		plan.add(db.idOrZero(code), key, after.Values[key], w.Values[code])
	}
	for _, key := range optionKeys(w.Options) {
		if after.Values[key] == nil {
			after.Values[key] = kpi.Quarters{}
		}
		plan.add(db.idOrZero(key.Indicator), key, after.Values[key], w.Options[key.Indicator][key.Option])
	}
	return plan, after
}

// sortedCodes checks every code against the catalogue and returns them in
// code order, the stable order of the audit rows.
func (db *DB) sortedCodes(ctx context.Context, values map[string]*float64) ([]string, error) {
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	codes := make([]string, 0, len(values))
	for code := range values {
		if _, err := db.indicatorID(cat, code); err != nil {
			return nil, err
		}
		codes = append(codes, code)
	}
	sort.Strings(codes)
	return codes, nil
}

// QuarterValues returns an agency's entered values for one quarter, by
// indicator code.
func (db *DB) QuarterValues(ctx context.Context, agency string, p kpi.Period) (map[string]float64, error) {
	var rows []struct {
		Indicator int64   `db:"indicator_id"`
		Value     float64 `db:"value"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT v.indicator_id, v.value FROM kpi_values v
		JOIN agencies a ON a.id = v.agency_id WHERE a.code = ? AND v.year = ? AND v.period = ? AND v.option_id = 0`), agency, p.Year, p.Code())
	out := make(map[string]float64, len(rows))
	for _, r := range rows {
		out[db.codeOf(r.Indicator)] = r.Value
	}
	return out, err
}

func formatOpt(q kpi.Quarters, quarter int) string {
	if v, ok := q[quarter]; ok {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

func formatPtr(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// writePlan is one save's value rows worked out in Go before any is
// written, so each table gets one statement.
type writePlan struct {
	agency  kpi.Agency
	w       ValueWrite
	at      time.Time
	upserts [][]any // kpi_values rows
	cleared []any   // indicator ids whose total is removed
	unset   [][2]int64
	audits  [][]any
	// shared are the arguments every row of the plan repeats, boxed once
	// for all of them (each boxing is an allocation, and so is database/sql's
	// conversion of an int to int64: the numbers are int64 already).
	shared *planArgs
}

// planArgs are a plan's arguments common to its rows.
type planArgs struct {
	agency, year, period, actor, at, source any
}

// args returns the plan's common arguments.
func (p *writePlan) args() *planArgs {
	if p.shared == nil {
		p.shared = &planArgs{agency: p.agency.ID, year: int64(p.w.Period.Year), period: p.w.Period.Code(),
			actor: p.w.Actor, at: p.at.Unix(), source: p.w.Source}
	}
	return p.shared
}

// add plans one value and changes q (the series' quarters) to match:
// nothing when it does not change; otherwise the value row and one audit
// row.
func (p *writePlan) add(id int64, key kpi.SeriesKey, q kpi.Quarters, value *float64) {
	code := key.Indicator
	if key.Option != 0 {
		code = kpi.OptionKey(key.Indicator, key.Option)
	}
	quarter := p.w.Period.Quarter
	old, had := q[quarter]
	if (value == nil && !had) || (value != nil && had && *value == old) {
		return // nothing changes: no write, no audit row
	}
	field := code
	if p.w.Period.Month > 0 { // a month's row, filed under its quarter
		field = p.w.Period.Code() + ":" + code
	}
	a := p.args()
	p.audits = append(p.audits, []any{a.at, a.actor, "value.save", "value", a.agency, a.year, quarter,
		field, formatOpt(q, quarter), formatPtr(value), a.source})
	switch {
	case value == nil && key.Option != 0:
		delete(q, quarter)
		p.unset = append(p.unset, [2]int64{id, key.Option})
		return
	case value == nil:
		delete(q, quarter)
		p.cleared = append(p.cleared, id)
		return
	}
	q[quarter] = *value
	p.upserts = append(p.upserts, []any{a.agency, a.year, a.period, id, key.Option, *value, a.actor, a.at})
}

var (
	upsertValues = rowsStmt{cols: 8, prefix: `INSERT INTO kpi_values (agency_id, year, period, indicator_id, option_id, value, updated_by, updated_at) VALUES `,
		suffix: ` ON CONFLICT (agency_id, year, period, indicator_id, option_id) DO UPDATE
		SET value = excluded.value, version = kpi_values.version + 1, updated_by = excluded.updated_by, updated_at = excluded.updated_at`}
	insertAudits = rowsStmt{cols: 11, prefix: `INSERT INTO audit_log
		(at, actor, action, entity, agency_id, year, quarter, field, old_value, new_value, source) VALUES `}
)

// exec writes the plan (or queues it in the write's batch): at most three
// statements whatever the form's size, each kept prepared by the driver.
func (p *writePlan) exec(ctx context.Context, t *writeTx) error {
	if len(p.cleared) > 0 {
		args := append([]any{p.agency.ID, p.w.Period.Year, p.w.Period.Code()}, p.cleared...)
		if err := t.execOwn(ctx, t.Rebind(`DELETE FROM kpi_values WHERE agency_id = ? AND year = ? AND period = ?
			AND option_id = 0 AND indicator_id IN (`+placeholders(len(p.cleared))+`)`), args...); err != nil {
			return err
		}
	}
	for _, u := range p.unset {
		if err := t.execOwn(ctx, t.Rebind(`DELETE FROM kpi_values WHERE agency_id = ? AND year = ? AND period = ?
			AND indicator_id = ? AND option_id = ?`), p.agency.ID, p.w.Period.Year, p.w.Period.Code(), u[0], u[1]); err != nil {
			return err
		}
	}
	if err := t.rowsOwn(ctx, &upsertValues, p.upserts); err != nil {
		return err
	}
	return t.rowsOwn(ctx, &insertAudits, p.audits)
}
