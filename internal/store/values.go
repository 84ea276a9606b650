package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// ValueWrite is one save of an agency's quarter, from the form, an upload or
// the API. Values maps indicator codes to the new value; nil clears it.
type ValueWrite struct {
	Agency  string
	Period  kpi.Period
	Values  map[string]*float64
	Version int    // the submission version the writer saw; -1 skips the check
	Actor   string // who, for the audit log
	Source  string // "form", "upload", "api"
}

// SaveValues writes one agency-quarter in one transaction: the values, the
// agency's year figures, the rollups of every scope above it, the
// submission's new version and one audit row per changed value. It refuses a
// stale version (ECONFLICT) and a locked quarter, and writes nothing then.
// It returns the new version once the save is committed.
//
// Concurrent saves are committed in groups (groupcommit.go): each still
// whole or nothing, in its own savepoint, with its own answer.
func (db *DB) SaveValues(ctx context.Context, w ValueWrite) (int, error) {
	if err := w.Period.Validate(); err != nil {
		return 0, err
	}
	codes, err := db.sortedCodes(w.Values)
	if err != nil {
		return 0, err
	}
	return db.group.save(ctx, &saveReq{w: w, codes: codes, done: make(chan struct{})})
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

func (named saveErrors) locked(w ValueWrite, a kpi.Agency) error {
	if named {
		return kpi.Errorf(kpi.ECONFLICT, "Quý %d/%d của %s đã gửi hoặc đã duyệt, không sửa được.",
			"Quarter %[1]d/%[2]d of %[3]s is submitted or approved and cannot be changed.", w.Period.Quarter, w.Period.Year, a.Name)
	}
	return kpi.Errorf(kpi.ECONFLICT, "Quý này đã gửi hoặc đã duyệt, không sửa được.", "This quarter is submitted or approved and cannot be changed.")
}

// saveTx is one agency-quarter's save inside a write transaction: version
// and state checks, values, year figures, audit rows and the submission.
// Its rollup deltas are added to acc, which the caller writes before the
// commit (merged with other saves' deltas). It returns the new version.
func (db *DB) saveTx(ctx context.Context, t *stmtTx, acc rollupAcc, w ValueWrite, codes []string, errs saveErrors) (int, error) {
	a, err := agencyByCode(ctx, t, w.Agency)
	if err != nil {
		return 0, err
	}
	sub, err := submissionTx(ctx, t, a.ID, w.Period)
	if err != nil {
		return 0, err
	}
	if w.Version >= 0 && sub.Version != w.Version {
		return 0, errs.conflict(w, a)
	}
	if !kpi.Editable(sub.State) {
		return 0, errs.locked(w, a)
	}
	if err := db.writeValuesTx(ctx, t, acc, a, w, codes); err != nil {
		return 0, err
	}
	return sub.Version + 1, upsertSubmission(ctx, t.Tx, a.ID, w.Period, kpi.StateDraft, sub, w.Actor, db.now())
}

// sortedCodes checks every code against the catalogue and returns them in
// code order, the stable order of the audit rows.
func (db *DB) sortedCodes(values map[string]*float64) ([]string, error) {
	codes := make([]string, 0, len(values))
	for code := range values {
		if _, ok := db.cat.Get(code); !ok {
			return nil, kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", code)
		}
		codes = append(codes, code)
	}
	sort.Strings(codes)
	return codes, nil
}

// writeValues is writeValuesTx for a caller with a plain transaction
// (SubmitValues): the rollups are written at once.
func (db *DB) writeValues(ctx context.Context, tx *sqlx.Tx, a kpi.Agency, w ValueWrite, codes []string) error {
	t, acc := newStmtTx(tx), rollupAcc{}
	defer t.close()
	if err := db.writeValuesTx(ctx, t, acc, a, w, codes); err != nil {
		return err
	}
	return acc.flush(ctx, t)
}

// writeValuesTx plans the whole save in Go (one read of the quarters it
// touches), then sends it as a handful of multi-row statements: a save of
// 20 values costs about ten statements, not ten per value. The rollup
// deltas go to acc, for the caller to write once per transaction.
func (db *DB) writeValuesTx(ctx context.Context, t *stmtTx, acc rollupAcc, a kpi.Agency, w ValueWrite, codes []string) error {
	if len(codes) == 0 {
		return nil
	}
	scopes, err := scopeIDs(ctx, t.Tx, a.ID)
	if err != nil {
		return err
	}
	before, err := yearQuartersTx(ctx, t, a.ID, w.Period.Year, codes)
	if err != nil {
		return err
	}
	p := newWritePlan(a, scopes, w, db.now())
	p.rollups = acc
	for _, code := range codes {
		ind, _ := db.cat.Get(code)
		p.add(ind, before[code], w.Values[code])
	}
	return p.exec(ctx, t)
}

// yearQuartersTx reads one agency's quarters of one year for the codes, by
// code; primary-key lookups, one statement.
func yearQuartersTx(ctx context.Context, q queryer, agencyID int64, year int, codes []string) (map[string]kpi.Quarters, error) {
	var rows []struct {
		Indicator string  `db:"indicator"`
		Quarter   int     `db:"quarter"`
		Value     float64 `db:"value"`
	}
	args := make([]any, 0, len(codes)+2)
	args = append(args, agencyID, year)
	for _, c := range codes {
		args = append(args, c)
	}
	err := sqlx.SelectContext(ctx, q, &rows, q.Rebind(`SELECT indicator, quarter, value FROM kpi_values
		WHERE agency_id = ? AND year = ? AND indicator IN (`+placeholders(len(codes))+`)`), args...)
	out := make(map[string]kpi.Quarters, len(codes))
	for _, r := range rows {
		if out[r.Indicator] == nil {
			out[r.Indicator] = kpi.Quarters{}
		}
		out[r.Indicator][r.Quarter] = r.Value
	}
	return out, err
}

// QuarterValues returns an agency's entered values for one quarter, by
// indicator code.
func (db *DB) QuarterValues(ctx context.Context, agency string, p kpi.Period) (map[string]float64, error) {
	var rows []struct {
		Indicator string  `db:"indicator"`
		Value     float64 `db:"value"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT v.indicator, v.value FROM kpi_values v
		JOIN agencies a ON a.id = v.agency_id WHERE a.code = ? AND v.year = ? AND v.quarter = ?`), agency, p.Year, p.Quarter)
	out := make(map[string]float64, len(rows))
	for _, r := range rows {
		out[r.Indicator] = r.Value
	}
	return out, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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

// writePlan is one save worked out in Go before any row is written: the
// rows of each table it changes, so each table gets one statement.
type writePlan struct {
	agency  kpi.Agency
	scopes  []int64
	period  kpi.Period
	actor   string
	source  string
	at      time.Time
	upserts [][]any   // kpi_values rows
	cleared []any     // indicator codes whose value is removed
	years   [][]any   // agency_years rows
	noYear  []any     // indicator codes whose year figure is gone
	rollups rollupAcc // rollup deltas, written by the caller
	audits  [][]any
}

func newWritePlan(a kpi.Agency, scopes []int64, w ValueWrite, at time.Time) *writePlan {
	return &writePlan{agency: a, scopes: scopes, period: w.Period, actor: w.Actor, source: w.Source, at: at}
}

// add plans one value: nothing when it does not change; otherwise the
// value, the agency's year figure and every scope's rollup moved by the
// delta between the year figures before and after, and one audit row.
// Parts indicators (Biểu 06 column 3) are derived from their parts when
// read, so only their entered values are kept.
func (p *writePlan) add(ind kpi.Indicator, before kpi.Quarters, value *float64) {
	q := p.period.Quarter
	oldQ, hadQ := before[q]
	if (value == nil && !hadQ) || (value != nil && hadQ && *value == oldQ) {
		return // nothing changes: no write, no audit row
	}
	after := make(kpi.Quarters, len(before)+1)
	for k, v := range before {
		after[k] = v
	}
	if value == nil {
		delete(after, q)
		p.cleared = append(p.cleared, ind.Code)
	} else {
		after[q] = *value
		p.upserts = append(p.upserts, []any{p.agency.ID, ind.Code, p.period.Year, q, *value, p.actor, p.at})
	}
	if ind.OverQuarters != kpi.AggParts {
		p.moveRollups(ind, before, after)
	}
	p.audits = append(p.audits, []any{p.at, p.actor, "value.save", "value", p.agency.ID, p.period.Year, q,
		ind.Code, formatOpt(before, q), formatPtr(value), p.source})
}

func (p *writePlan) moveRollups(ind kpi.Indicator, before, after kpi.Quarters) {
	oldY, hadY := kpi.OverQuarters(ind.OverQuarters, before)
	newY, hasY := kpi.OverQuarters(ind.OverQuarters, after)
	if hasY {
		p.years = append(p.years, []any{p.agency.ID, ind.Code, p.period.Year, newY})
	} else {
		p.noYear = append(p.noYear, ind.Code)
	}
	q := p.period.Quarter
	oldQ, hadQ := before[q]
	newQ, hasQ := after[q]
	deltas := []rollupDelta{
		{quarter: 0, sum: newY - oldY, n: boolInt(hasY) - boolInt(hadY)},
		{quarter: q, sum: newQ - oldQ, n: boolInt(hasQ) - boolInt(hadQ)},
	}
	for _, scope := range p.scopes {
		for _, d := range deltas {
			if d.sum == 0 && d.n == 0 {
				continue
			}
			p.rollups.add(rollupKey{scope: scope, year: p.period.Year, quarter: d.quarter, indicator: ind.Code, kind: string(p.agency.Kind)},
				rollupSum{sum: d.sum, n: d.n})
		}
	}
}

type rollupDelta struct {
	quarter int
	sum     float64
	n       int
}

// The statements of a write plan, in SQL that SQLite and PostgreSQL both
// run. A multi-row upsert never touches a row twice (PostgreSQL refuses
// that): a save plans each value once, and rollup deltas are merged by key
// before they are written.
var (
	upsertValues = rowsStmt{cols: 7, prefix: `INSERT INTO kpi_values (agency_id, indicator, year, quarter, value, updated_by, updated_at) VALUES `,
		suffix: ` ON CONFLICT (agency_id, indicator, year, quarter) DO UPDATE
		SET value = excluded.value, version = kpi_values.version + 1, updated_by = excluded.updated_by, updated_at = excluded.updated_at`}
	upsertYears = rowsStmt{cols: 4, prefix: `INSERT INTO agency_years (agency_id, indicator, year, value) VALUES `,
		suffix: ` ON CONFLICT (agency_id, indicator, year) DO UPDATE SET value = excluded.value`}
	upsertRollups = rowsStmt{cols: 7, prefix: `INSERT INTO rollups (scope_id, kind, indicator, year, quarter, sum, n) VALUES `,
		suffix: ` ON CONFLICT (scope_id, year, quarter, indicator, kind) DO UPDATE
		SET sum = rollups.sum + excluded.sum, n = rollups.n + excluded.n`}
	insertAudits = rowsStmt{cols: 11, prefix: `INSERT INTO audit_log
		(at, actor, action, entity, agency_id, year, quarter, field, old_value, new_value, source) VALUES `}
)

// exec writes the plan but its rollups: at most five statements whatever
// the form's size, each prepared once per transaction.
func (p *writePlan) exec(ctx context.Context, t *stmtTx) error {
	if len(p.cleared) > 0 {
		args := append([]any{p.agency.ID, p.period.Year, p.period.Quarter}, p.cleared...)
		if _, err := t.ExecContext(ctx, t.Rebind(`DELETE FROM kpi_values WHERE agency_id = ? AND year = ? AND quarter = ?
			AND indicator IN (`+placeholders(len(p.cleared))+`)`), args...); err != nil {
			return err
		}
	}
	if len(p.noYear) > 0 {
		args := append([]any{p.agency.ID, p.period.Year}, p.noYear...)
		if _, err := t.ExecContext(ctx, t.Rebind(`DELETE FROM agency_years WHERE agency_id = ? AND year = ?
			AND indicator IN (`+placeholders(len(p.noYear))+`)`), args...); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		stmt rowsStmt
		rows [][]any
	}{{upsertValues, p.upserts}, {upsertYears, p.years}, {insertAudits, p.audits}} {
		if err := execRowsTx(ctx, t, s.stmt, s.rows); err != nil {
			return err
		}
	}
	return nil
}
