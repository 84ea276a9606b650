package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// writeDimensions rewrites the breakdown dimensions and their options.
func writeDimensions(ctx context.Context, t *stmtTx, dims []kpi.Dimension) error {
	for _, table := range []string{"catalogue_options", "catalogue_dimensions"} {
		if _, err := t.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			return err
		}
	}
	for n, d := range dims {
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO catalogue_dimensions (code, position, name_vi, name_en) VALUES (?, ?, ?, ?)`),
			d.Code, n, d.NameVI, d.NameEN); err != nil {
			return err
		}
		for m, o := range d.Options {
			if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO catalogue_options (id, dimension, position, code, name_vi, name_en)
				VALUES (?, ?, ?, ?, ?, ?)`), o.ID, d.Code, m, o.Code, o.NameVI, o.NameEN); err != nil {
				return err
			}
		}
	}
	return nil
}

// readDimensions reads the stored dimensions with their options in order.
func readDimensions(ctx context.Context, q queryer) ([]kpi.Dimension, error) {
	var dims []struct {
		Code   string `db:"code"`
		NameVI string `db:"name_vi"`
		NameEN string `db:"name_en"`
	}
	if err := sqlx.SelectContext(ctx, q, &dims, `SELECT code, name_vi, name_en FROM catalogue_dimensions ORDER BY position`); err != nil {
		return nil, err
	}
	var opts []struct {
		ID        int64  `db:"id"`
		Dimension string `db:"dimension"`
		Code      string `db:"code"`
		NameVI    string `db:"name_vi"`
		NameEN    string `db:"name_en"`
	}
	if err := sqlx.SelectContext(ctx, q, &opts, `SELECT id, dimension, code, name_vi, name_en FROM catalogue_options ORDER BY dimension, position`); err != nil {
		return nil, err
	}
	byDim := map[string][]kpi.Option{}
	for _, o := range opts {
		byDim[o.Dimension] = append(byDim[o.Dimension], kpi.Option{ID: o.ID, Code: o.Code, NameVI: o.NameVI, NameEN: o.NameEN})
	}
	out := make([]kpi.Dimension, 0, len(dims))
	for _, d := range dims {
		out = append(out, kpi.Dimension{Code: d.Code, NameVI: d.NameVI, NameEN: d.NameEN, Options: byDim[d.Code]})
	}
	return out, nil
}
