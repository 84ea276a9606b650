package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"

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
// It returns the new version.
func (db *DB) SaveValues(ctx context.Context, w ValueWrite) (int, error) {
	if err := w.Period.Validate(); err != nil {
		return 0, err
	}
	var version int
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		a, err := agencyByCode(ctx, tx, w.Agency)
		if err != nil {
			return err
		}
		sub, err := submissionTx(ctx, tx, a.ID, w.Period)
		if err != nil {
			return err
		}
		if w.Version >= 0 && sub.Version != w.Version {
			return kpi.Errorf(kpi.ECONFLICT, "Số liệu quý này vừa được người khác thay đổi.", "Someone else changed this quarter's figures meanwhile.")
		}
		if !kpi.Editable(sub.State) {
			return kpi.Errorf(kpi.ECONFLICT, "Quý này đã gửi hoặc đã duyệt, không sửa được.", "This quarter is submitted or approved and cannot be changed.")
		}
		if err := db.writeValues(ctx, tx, a, w); err != nil {
			return err
		}
		version = sub.Version + 1
		return upsertSubmission(ctx, tx, a.ID, w.Period, kpi.StateDraft, sub, w.Actor, db.now())
	})
	return version, err
}

// writeValues applies the changes in code order (a stable audit order).
func (db *DB) writeValues(ctx context.Context, tx *sqlx.Tx, a kpi.Agency, w ValueWrite) error {
	scopes, err := scopeIDs(ctx, tx, a.ID)
	if err != nil {
		return err
	}
	codes := make([]string, 0, len(w.Values))
	for code := range w.Values {
		if _, ok := db.cat.Get(code); !ok {
			return kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", code)
		}
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		ind, _ := db.cat.Get(code)
		c := valueChange{agency: a, scopes: scopes, ind: ind, period: w.Period, value: w.Values[code], actor: w.Actor, source: w.Source}
		if err := db.applyChange(ctx, tx, c); err != nil {
			return err
		}
	}
	return nil
}

// valueChange is one value about to change, with what the write needs.
type valueChange struct {
	agency kpi.Agency
	scopes []int64
	ind    kpi.Indicator
	period kpi.Period
	value  *float64
	actor  string
	source string
}

// applyChange writes one value and carries its effect up the tree: the
// agency's year figure changes from old to new, and every scope's rollup
// moves by the same delta, for the year (quarter 0) and for the quarter.
func (db *DB) applyChange(ctx context.Context, tx *sqlx.Tx, c valueChange) error {
	before, err := quartersTx(ctx, tx, c.agency.ID, c.ind.Code, c.period.Year)
	if err != nil {
		return err
	}
	oldQ, hadQ := before[c.period.Quarter]
	if (c.value == nil && !hadQ) || (c.value != nil && hadQ && *c.value == oldQ) {
		return nil // nothing changes: no write, no audit row
	}
	after := kpi.Quarters{}
	for q, v := range before {
		after[q] = v
	}
	if c.value == nil {
		delete(after, c.period.Quarter)
		_, err = tx.ExecContext(ctx, tx.Rebind(`DELETE FROM kpi_values
			WHERE agency_id = ? AND indicator = ? AND year = ? AND quarter = ?`), c.agency.ID, c.ind.Code, c.period.Year, c.period.Quarter)
	} else {
		after[c.period.Quarter] = *c.value
		_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO kpi_values (agency_id, indicator, year, quarter, value, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (agency_id, indicator, year, quarter) DO UPDATE
			SET value = excluded.value, version = kpi_values.version + 1, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
			c.agency.ID, c.ind.Code, c.period.Year, c.period.Quarter, *c.value, c.actor, db.now())
	}
	if err != nil {
		return err
	}
	if err := db.moveRollups(ctx, tx, c, before, after); err != nil {
		return err
	}
	return db.audit(ctx, tx, AuditEntry{
		Actor: c.actor, Action: "value.save", Entity: "value", AgencyID: c.agency.ID, Period: c.period,
		Field: c.ind.Code, Old: formatOpt(before, c.period.Quarter), New: formatPtr(c.value), Source: c.source,
	})
}

// moveRollups updates the agency's year figure and the scopes' rollups.
// Parts indicators (Biểu 06 column 3) are derived from their parts when
// read, so only their entered values are kept.
func (db *DB) moveRollups(ctx context.Context, tx *sqlx.Tx, c valueChange, before, after kpi.Quarters) error {
	if c.ind.OverQuarters == kpi.AggParts {
		return nil
	}
	oldY, hadY := kpi.OverQuarters(c.ind.OverQuarters, before)
	newY, hasY := kpi.OverQuarters(c.ind.OverQuarters, after)
	if err := setAgencyYear(ctx, tx, c.agency.ID, c.ind.Code, c.period.Year, newY, hasY); err != nil {
		return err
	}
	oldQ, hadQ := before[c.period.Quarter]
	newQ, hasQ := after[c.period.Quarter]
	deltas := []rollupDelta{
		{quarter: 0, sum: newY - oldY, n: boolInt(hasY) - boolInt(hadY)},
		{quarter: c.period.Quarter, sum: newQ - oldQ, n: boolInt(hasQ) - boolInt(hadQ)},
	}
	for _, scope := range c.scopes {
		for _, d := range deltas {
			if d.sum == 0 && d.n == 0 {
				continue
			}
			_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO rollups (scope_id, kind, indicator, year, quarter, sum, n)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (scope_id, year, quarter, indicator, kind) DO UPDATE
				SET sum = rollups.sum + excluded.sum, n = rollups.n + excluded.n`),
				scope, string(c.agency.Kind), c.ind.Code, c.period.Year, d.quarter, d.sum, d.n)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

type rollupDelta struct {
	quarter int
	sum     float64
	n       int
}

func setAgencyYear(ctx context.Context, tx *sqlx.Tx, agencyID int64, code string, year int, v float64, ok bool) error {
	if !ok {
		_, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM agency_years WHERE agency_id = ? AND indicator = ? AND year = ?"), agencyID, code, year)
		return err
	}
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO agency_years (agency_id, indicator, year, value) VALUES (?, ?, ?, ?)
		ON CONFLICT (agency_id, indicator, year) DO UPDATE SET value = excluded.value`), agencyID, code, year, v)
	return err
}

// quartersTx reads one agency's quarters of one indicator and year.
func quartersTx(ctx context.Context, q queryer, agencyID int64, code string, year int) (kpi.Quarters, error) {
	var rows []struct {
		Quarter int     `db:"quarter"`
		Value   float64 `db:"value"`
	}
	err := sqlx.SelectContext(ctx, q, &rows, q.Rebind(`SELECT quarter, value FROM kpi_values
		WHERE agency_id = ? AND indicator = ? AND year = ?`), agencyID, code, year)
	out := kpi.Quarters{}
	for _, r := range rows {
		out[r.Quarter] = r.Value
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

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
