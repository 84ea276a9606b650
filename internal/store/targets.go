package store

import (
	"context"
	"strconv"

	"parkpi/internal/kpi"
)

// Targets returns the targets of one agency (or the province) for a year,
// by indicator code.
func (db *DB) Targets(ctx context.Context, agency string, year int) (map[string]float64, error) {
	rows, err := db.targets(ctx, "a.code = ? AND t.year = ?", agency, year)
	out := make(map[string]float64, len(rows))
	for _, t := range rows {
		out[t.Indicator] = t.Value
	}
	return out, err
}

// targets reads targets with their codes.
func (db *DB) targets(ctx context.Context, where string, args ...any) ([]kpi.Target, error) {
	var rows []struct {
		Agency    string  `db:"agency_code"`
		Indicator int64   `db:"indicator_id"`
		Year      int     `db:"year"`
		Value     float64 `db:"value"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.code AS agency_code, t.indicator_id, t.year, t.value
		FROM targets t JOIN agencies a ON a.id = t.agency_id WHERE `+where), args...)
	out := make([]kpi.Target, len(rows))
	for i, r := range rows {
		out[i] = kpi.Target{AgencyCode: r.Agency, Indicator: db.codeOf(r.Indicator), Year: r.Year, Value: r.Value}
	}
	return out, err
}

// TargetsOfYear returns every target of a year, by agency code then
// indicator code (the province summary colours each row by them).
func (db *DB) TargetsOfYear(ctx context.Context, year int) (map[string]map[string]float64, error) {
	rows, err := db.targets(ctx, "t.year = ?", year)
	out := map[string]map[string]float64{}
	for _, t := range rows {
		if out[t.AgencyCode] == nil {
			out[t.AgencyCode] = map[string]float64{}
		}
		out[t.AgencyCode][t.Indicator] = t.Value
	}
	return out, err
}

// TargetWrite sets several targets at once: the admin form or a CSV upload.
type TargetWrite struct {
	Targets []kpi.Target
	Actor   string
	Source  string
}

// SetTargets validates every target first, then writes them all with their
// audit rows in one transaction: one bad row and nothing changes.
func (db *DB) SetTargets(ctx context.Context, w TargetWrite) error {
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	for _, t := range w.Targets {
		if err := checkTarget(cat, t); err != nil {
			return err
		}
	}
	return db.write(ctx, nil, func(ctx context.Context, x *writeTx) error {
		for _, t := range w.Targets {
			if err := db.setTarget(ctx, x, cat, t, w); err != nil {
				return err
			}
		}
		x.all = true
		return nil
	})
}

func checkTarget(cat *kpi.Catalogue, t kpi.Target) error {
	ind, ok := cat.Get(t.Indicator)
	if !ok {
		return kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", t.Indicator)
	}
	if err := (kpi.Period{Year: t.Year, Quarter: 1}).Validate(); err != nil {
		return err
	}
	if t.Value < ind.Min || t.Value > ind.Max {
		return kpi.Errorf(kpi.EINVALID, "Chỉ tiêu kế hoạch %s phải nằm trong khoảng %v đến %v.",
			"The target of %s must lie between %v and %v.", t.Indicator, ind.Min, ind.Max)
	}
	return nil
}

func (db *DB) setTarget(ctx context.Context, tx *writeTx, cat *kpi.Catalogue, t kpi.Target, w TargetWrite) error {
	a, err := agencyByCode(ctx, tx, t.AgencyCode)
	if err != nil {
		return err
	}
	id, err := db.indicatorID(cat, t.Indicator)
	if err != nil {
		return err
	}
	var old []float64
	if err := tx.SelectContext(ctx, &old, tx.Rebind("SELECT value FROM targets WHERE agency_id = ? AND indicator_id = ? AND year = ?"), a.ID, id, t.Year); err != nil {
		return err
	}
	if len(old) == 1 && old[0] == t.Value {
		return nil
	}
	_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO targets (agency_id, indicator_id, year, value, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (agency_id, indicator_id, year) DO UPDATE
		SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
		a.ID, id, t.Year, t.Value, w.Actor, unix(db.now()))
	if err != nil {
		return err
	}
	e := AuditEntry{Actor: w.Actor, Action: "target.set", Entity: "target", AgencyID: a.ID,
		Period: kpi.Period{Year: t.Year}, Field: t.Indicator, New: strconv.FormatFloat(t.Value, 'f', -1, 64), Source: w.Source}
	if len(old) == 1 {
		e.Old = strconv.FormatFloat(old[0], 'f', -1, 64)
	}
	return db.audit(ctx, tx, e)
}
