package store

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// catalogueTables are rewritten whole by every catalogue change (a few
// hundred rows); datasets rows are kept, since reports name them.
var catalogueTables = []string{"catalogue_scores", "catalogue_display", "catalogue_rules", "dataset_fields", "dataset_kinds",
	"catalogue_indicators", "catalogue_groups"}

// writeDefinition stores def in t: new codes join the registry, the
// catalogue tables are rewritten in the definition's order.
func writeDefinition(ctx context.Context, t *stmtTx, def kpi.Definition) error {
	for _, ind := range def.Indicators {
		// Uniqueness by the constraint, not by reading first: two processes
		// opening one new database at once end with the same ids.
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO indicators (code) VALUES (?) ON CONFLICT (code) DO NOTHING`), ind.Code); err != nil {
			return err
		}
	}
	reg, err := loadRegistry(ctx, t)
	if err != nil {
		return err
	}
	for _, table := range catalogueTables {
		if _, err := t.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			return err
		}
	}
	if _, err := t.ExecContext(ctx, "UPDATE datasets SET position = -1"); err != nil {
		return err
	}
	if err := writePeriodTypes(ctx, t, def.PeriodTypes); err != nil {
		return err
	}
	if err := writeDimensions(ctx, t, def.Dimensions); err != nil {
		return err
	}
	for n, g := range def.Groups {
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO catalogue_groups (code, position, name_vi, name_en) VALUES (?, ?, ?, ?)`),
			g.Code, n, g.NameVI, g.NameEN); err != nil {
			return err
		}
	}
	if err := writeIndicators(ctx, t, reg, def.Indicators); err != nil {
		return err
	}
	if err := writeDataSets(ctx, t, reg, def.DataSets); err != nil {
		return err
	}
	if err := writeRules(ctx, t, def.Rules); err != nil {
		return err
	}
	for n, d := range def.Display {
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO catalogue_display (view, position, indicator_id, option_value) VALUES (?, ?, ?, ?)`),
			d.View, n, reg.ids[d.Indicator], d.Option); err != nil {
			return err
		}
	}
	for n, g := range def.Scores {
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO catalogue_scores (code, position, name_vi, name_en, points, formula) VALUES (?, ?, ?, ?, ?, ?)`),
			g.Code, n, g.NameVI, g.NameEN, g.Points, g.Formula); err != nil {
			return err
		}
	}
	return nil
}

func writeIndicators(ctx context.Context, t *stmtTx, reg *registry, list []kpi.Indicator) error {
	for n, i := range list {
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO catalogue_indicators (indicator_id, position, group_code,
			name_vi, name_en, unit_vi, unit_en, kind, parts, formula, over_quarters, across_agencies, min_value, max_value,
			higher_is_better, decimals, rank_order, retired_from, outlier_factor, outlier_window, outlier_floor, breakdown)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			reg.ids[i.Code], n, i.Group, i.NameVI, i.NameEN, i.UnitVI, i.UnitEN, i.Kind, strings.Join(i.Parts, "+"), i.Formula,
			i.OverQuarters, i.AcrossAgencies, i.Min, i.Max, boolInt(i.HigherIsBetter), i.Decimals, i.Rank, i.RetiredFrom,
			i.Outlier.Factor, i.Outlier.Window, i.Outlier.Floor, i.Breakdown); err != nil {
			return err
		}
	}
	return nil
}

func writeDataSets(ctx context.Context, t *stmtTx, reg *registry, sets []kpi.DataSet) error {
	for n, d := range sets {
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO datasets (code, period_type, period_from, name_vi, name_en, deadline_days, position)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET period_type = excluded.period_type, period_from = excluded.period_from,
			name_vi = excluded.name_vi, name_en = excluded.name_en, deadline_days = excluded.deadline_days, position = excluded.position`),
			d.Code, d.PeriodType, d.PeriodFrom, d.NameVI, d.NameEN, d.DeadlineDays, n); err != nil {
			return err
		}
		var id int64
		if err := sqlx.GetContext(ctx, t, &id, t.Rebind(`SELECT id FROM datasets WHERE code = ?`), d.Code); err != nil {
			return err
		}
		for pos, k := range d.Kinds {
			if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO dataset_kinds (kind, dataset_id, position) VALUES (?, ?, ?)`), string(k), id, pos); err != nil {
				return err
			}
		}
		for pos, f := range d.Fields {
			if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO dataset_fields (dataset_id, position, section, indicator_id) VALUES (?, ?, ?, ?)`),
				id, pos, f.Section, reg.ids[f.Indicator]); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeRules(ctx context.Context, t *stmtTx, rules []kpi.Rule) error {
	for n, r := range rules {
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO catalogue_rules (code, position, severity, lhs, op, rhs, field,
			message_vi, message_en, datasets, complete, retired_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			r.Code, n, r.Severity, r.Left, r.Op, r.Right, r.Field, r.MessageVI, r.MessageEN, strings.Join(r.DataSets, "+"),
			boolInt(r.Complete), r.RetiredFrom); err != nil {
			return err
		}
	}
	return nil
}

// readDefinition reads the stored definition, in its order.
func readDefinition(ctx context.Context, q queryer, reg *registry) (kpi.Definition, error) {
	var def kpi.Definition
	var groups []struct {
		Code   string `db:"code"`
		NameVI string `db:"name_vi"`
		NameEN string `db:"name_en"`
	}
	if err := sqlx.SelectContext(ctx, q, &groups, `SELECT code, name_vi, name_en FROM catalogue_groups ORDER BY position`); err != nil {
		return def, err
	}
	for _, g := range groups {
		def.Groups = append(def.Groups, kpi.Group{Code: g.Code, NameVI: g.NameVI, NameEN: g.NameEN})
	}
	var err error
	if def.PeriodTypes, err = readPeriodTypes(ctx, q); err != nil {
		return def, err
	}
	if def.Dimensions, err = readDimensions(ctx, q); err != nil {
		return def, err
	}
	if def.Indicators, err = readIndicators(ctx, q, reg); err != nil {
		return def, err
	}
	if def.DataSets, err = readDataSets(ctx, q, reg); err != nil {
		return def, err
	}
	if def.Rules, err = readRules(ctx, q); err != nil {
		return def, err
	}
	var display []struct {
		View      string `db:"view"`
		Indicator int64  `db:"indicator_id"`
		Option    string `db:"option_value"`
	}
	if err := sqlx.SelectContext(ctx, q, &display, `SELECT view, indicator_id, option_value FROM catalogue_display ORDER BY view, position`); err != nil {
		return def, err
	}
	byView := map[string][]kpi.DisplayItem{}
	for _, d := range display {
		byView[d.View] = append(byView[d.View], kpi.DisplayItem{View: d.View, Indicator: reg.code(d.Indicator), Option: d.Option})
	}
	for _, v := range kpi.Views {
		def.Display = append(def.Display, byView[v]...)
	}
	if err := sqlx.SelectContext(ctx, q, &def.Scores, `SELECT code, name_vi, name_en, points, formula FROM catalogue_scores ORDER BY position`); err != nil {
		return def, err
	}
	return def, nil
}

type indicatorRow struct {
	ID             int64   `db:"indicator_id"`
	Group          string  `db:"group_code"`
	NameVI         string  `db:"name_vi"`
	NameEN         string  `db:"name_en"`
	UnitVI         string  `db:"unit_vi"`
	UnitEN         string  `db:"unit_en"`
	Kind           string  `db:"kind"`
	Parts          string  `db:"parts"`
	Formula        string  `db:"formula"`
	OverQuarters   string  `db:"over_quarters"`
	AcrossAgencies string  `db:"across_agencies"`
	Min            float64 `db:"min_value"`
	Max            float64 `db:"max_value"`
	Higher         int     `db:"higher_is_better"`
	Decimals       int     `db:"decimals"`
	Rank           int     `db:"rank_order"`
	Retired        int     `db:"retired_from"`
	OutFactor      float64 `db:"outlier_factor"`
	OutWindow      int     `db:"outlier_window"`
	OutFloor       float64 `db:"outlier_floor"`
	Breakdown      string  `db:"breakdown"`
}

func readIndicators(ctx context.Context, q queryer, reg *registry) ([]kpi.Indicator, error) {
	var rows []indicatorRow
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT indicator_id, group_code, name_vi, name_en, unit_vi, unit_en, kind, parts,
		formula, over_quarters, across_agencies, min_value, max_value, higher_is_better, decimals, rank_order, retired_from,
		outlier_factor, outlier_window, outlier_floor, breakdown FROM catalogue_indicators ORDER BY position`); err != nil {
		return nil, err
	}
	out := make([]kpi.Indicator, 0, len(rows))
	for _, r := range rows {
		out = append(out, kpi.Indicator{Code: reg.code(r.ID), Group: r.Group, NameVI: r.NameVI, NameEN: r.NameEN,
			UnitVI: r.UnitVI, UnitEN: r.UnitEN, Kind: r.Kind, Parts: splitList(r.Parts), Formula: r.Formula,
			OverQuarters: r.OverQuarters, AcrossAgencies: r.AcrossAgencies, Min: r.Min, Max: r.Max, HigherIsBetter: r.Higher == 1,
			Decimals: r.Decimals, Rank: r.Rank, RetiredFrom: r.Retired,
			Outlier: kpi.Outlier{Factor: r.OutFactor, Window: r.OutWindow, Floor: r.OutFloor}, Breakdown: r.Breakdown})
	}
	return out, nil
}

func readDataSets(ctx context.Context, q queryer, reg *registry) ([]kpi.DataSet, error) {
	var sets []struct {
		ID       int64  `db:"id"`
		Code     string `db:"code"`
		NameVI   string `db:"name_vi"`
		NameEN   string `db:"name_en"`
		Period   string `db:"period_type"`
		From     int    `db:"period_from"`
		Deadline int    `db:"deadline_days"`
	}
	if err := sqlx.SelectContext(ctx, q, &sets, `SELECT id, code, name_vi, name_en, period_type, period_from, deadline_days
		FROM datasets WHERE position >= 0 ORDER BY position`); err != nil {
		return nil, err
	}
	var kinds []struct {
		Kind string `db:"kind"`
		ID   int64  `db:"dataset_id"`
	}
	if err := sqlx.SelectContext(ctx, q, &kinds, `SELECT kind, dataset_id FROM dataset_kinds ORDER BY position`); err != nil {
		return nil, err
	}
	var fields []struct {
		ID        int64  `db:"dataset_id"`
		Section   string `db:"section"`
		Indicator int64  `db:"indicator_id"`
	}
	if err := sqlx.SelectContext(ctx, q, &fields, `SELECT dataset_id, section, indicator_id FROM dataset_fields ORDER BY dataset_id, position`); err != nil {
		return nil, err
	}
	out := make([]kpi.DataSet, len(sets))
	at := map[int64]int{}
	for i, s := range sets {
		out[i] = kpi.DataSet{Code: s.Code, NameVI: s.NameVI, NameEN: s.NameEN, PeriodType: s.Period, PeriodFrom: s.From, DeadlineDays: s.Deadline}
		at[s.ID] = i
	}
	for _, k := range kinds {
		if i, ok := at[k.ID]; ok {
			out[i].Kinds = append(out[i].Kinds, kpi.Kind(k.Kind))
		}
	}
	for _, f := range fields {
		if i, ok := at[f.ID]; ok {
			out[i].Fields = append(out[i].Fields, kpi.Field{Section: f.Section, Indicator: reg.code(f.Indicator)})
		}
	}
	return out, nil
}

func readRules(ctx context.Context, q queryer) ([]kpi.Rule, error) {
	var rows []struct {
		Code      string `db:"code"`
		Severity  string `db:"severity"`
		Left      string `db:"lhs"`
		Op        string `db:"op"`
		Right     string `db:"rhs"`
		Field     string `db:"field"`
		MessageVI string `db:"message_vi"`
		MessageEN string `db:"message_en"`
		Sets      string `db:"datasets"`
		Complete  int    `db:"complete"`
		Retired   int    `db:"retired_from"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT code, severity, lhs, op, rhs, field, message_vi,
		message_en, datasets, complete, retired_from FROM catalogue_rules ORDER BY position`); err != nil {
		return nil, err
	}
	out := make([]kpi.Rule, len(rows))
	for i, r := range rows {
		out[i] = kpi.Rule{Code: r.Code, Severity: r.Severity, Left: r.Left, Op: r.Op, Right: r.Right, Field: r.Field,
			MessageVI: r.MessageVI, MessageEN: r.MessageEN, DataSets: splitList(r.Sets), Complete: r.Complete == 1, RetiredFrom: r.Retired}
	}
	return out, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "+")
}
