package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// writePeriodTypes rewrites the period types of a definition in its order.
func writePeriodTypes(ctx context.Context, t *stmtTx, types []kpi.PeriodType) error {
	if _, err := t.ExecContext(ctx, "DELETE FROM catalogue_period_types"); err != nil {
		return err
	}
	for n, p := range types {
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO catalogue_period_types (code, position, name_vi, name_en, start_day, end_day)
			VALUES (?, ?, ?, ?, ?, ?)`), p.Code, n, p.NameVI, p.NameEN, p.StartDay, p.EndDay); err != nil {
			return err
		}
	}
	return nil
}

// readPeriodTypes reads the stored period types in order.
func readPeriodTypes(ctx context.Context, q queryer) ([]kpi.PeriodType, error) {
	var rows []struct {
		Code     string `db:"code"`
		NameVI   string `db:"name_vi"`
		NameEN   string `db:"name_en"`
		StartDay int    `db:"start_day"`
		EndDay   int    `db:"end_day"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT code, name_vi, name_en, start_day, end_day FROM catalogue_period_types ORDER BY position`); err != nil {
		return nil, err
	}
	var out []kpi.PeriodType
	for _, r := range rows {
		out = append(out, kpi.PeriodType{Code: r.Code, NameVI: r.NameVI, NameEN: r.NameEN, StartDay: r.StartDay, EndDay: r.EndDay})
	}
	return out, nil
}
