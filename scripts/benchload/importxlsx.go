package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// importTemplate downloads (builds) the quarter template of the largest
// province, raises the three free-standing flow figures of every agency by
// one, and times the import: parse, plan (validation) and the one
// transaction that applies it.
func importTemplate(ctx context.Context, db *store.DB, year int) error {
	per := kpi.Period{Year: year, Quarter: 4}
	scope, err := largestProvince(ctx, db)
	if err != nil {
		return err
	}
	f, err := excel.Template(ctx, db, excel.TemplateRequest{Agency: scope, Period: per, Subtree: true})
	if err != nil {
		return err
	}
	// Reopen the written file, as a user's spreadsheet program would: the
	// template's data sheet is stream-written and only editable so.
	var tpl bytes.Buffer
	if err := f.Write(&tpl); err != nil {
		return err
	}
	if f, err = excelize.OpenReader(&tpl); err != nil {
		return err
	}
	rows, err := f.GetRows(excel.SheetData, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	bump := map[string]bool{"tthc_simplified": true, "steps_cut": true, "hours_cut": true}
	for i, r := range rows {
		if len(r) >= 6 && bump[r[2]] {
			v, _ := strconv.ParseFloat(r[5], 64)
			if err := f.SetCellValue(excel.SheetData, fmt.Sprintf("F%d", i+1), v+1); err != nil {
				return err
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	start := time.Now()
	up, err := excel.ParseUpload(buf.Bytes(), db.Catalogue())
	if err != nil {
		return err
	}
	plan, err := excel.PlanUpload(ctx, db, up, "bench", func(string) error { return nil })
	if err != nil {
		return err
	}
	if !plan.OK() {
		return fmt.Errorf("the import plan has %d errors, first %+v", len(plan.Errors), plan.Errors[0])
	}
	if _, err := db.SaveValuesBatch(ctx, plan.Writes); err != nil {
		return err
	}
	report("import_ms", ms(time.Since(start)))
	report("import_rows", len(up.Cells))
	report("import_changes", len(plan.Changes))
	return nil
}

func largestProvince(ctx context.Context, db *store.DB) (string, error) {
	var code string
	err := db.Reader().GetContext(ctx, &code, `SELECT p.code FROM agencies p JOIN agencies c ON c.parent_id = p.id
		WHERE p.parent_id IN (SELECT id FROM agencies WHERE parent_id IS NULL)
		GROUP BY p.id, p.code ORDER BY COUNT(*) DESC, p.id LIMIT 1`)
	return code, err
}
