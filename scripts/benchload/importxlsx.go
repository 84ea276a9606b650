package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/gen"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/engines"
)

// importTemplate times the import of a 10,000-row template. A template
// covers one scope's subtree, and the national dataset's largest province
// gives only ~4,700 rows, so a dataset of its own is generated (few, large
// provinces: c.importAgencies split among c.importProvinces) in a
// temporary folder. The national province's import is timed too
// (import_national_*).
func importTemplate(ctx context.Context, c config, db *store.DB, year int) error {
	if err := importScope(ctx, db, year, "import_national_"); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "parkpi-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	big, err := engines.Open(ctx, filepath.Join(dir, "provinces.db"), cat)
	if err != nil {
		return err
	}
	defer big.Close()
	o := gen.Options{Agencies: c.importAgencies, Provinces: c.importProvinces, Years: 2}
	st, err := gen.Load(ctx, big, o)
	if err != nil {
		return err
	}
	report("import_dataset", fmt.Sprintf("%q", fmt.Sprintf("%d agencies in %d provinces, %d values", st.Agencies, c.importProvinces, st.Values)))
	return importScope(ctx, big, gen.DefaultLastYear, "import_")
}

// importScope downloads (builds) the quarter template of the largest
// province, raises the three free-standing flow figures of every agency by
// one, and times the import: parse, plan (validation) and the one
// transaction that applies it.
func importScope(ctx context.Context, db *store.DB, year int, prefix string) error {
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
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	up, err := excel.ParseUpload(buf.Bytes(), cat)
	if err != nil {
		return err
	}
	parsed := time.Now()
	plan, err := excel.PlanUpload(ctx, db, up, "bench", func(string) error { return nil })
	if err != nil {
		return err
	}
	if !plan.OK() {
		return fmt.Errorf("the import plan has %d errors, first %+v", len(plan.Errors), plan.Errors[0])
	}
	planned := time.Now()
	if _, err := db.SaveValuesBatch(ctx, plan.Writes); err != nil {
		return err
	}
	elapsed := time.Since(start)
	report(prefix+"parse_ms", ms(parsed.Sub(start)))
	report(prefix+"plan_ms", ms(planned.Sub(parsed)))
	report(prefix+"apply_ms", ms(time.Since(planned)))
	report(prefix+"ms", ms(elapsed))
	report(prefix+"rows", len(up.Cells))
	report(prefix+"changes", len(plan.Changes))
	report(prefix+"agencies", len(plan.Writes))
	return nil
}

func largestProvince(ctx context.Context, db *store.DB) (string, error) {
	var code string
	err := db.Reader().GetContext(ctx, &code, db.Reader().Rebind(`SELECT p.code FROM agencies p JOIN agencies c ON c.parent_id = p.id
		WHERE p.parent_id IN (SELECT id FROM agencies WHERE parent_id IS NULL)
		GROUP BY p.id, p.code ORDER BY COUNT(*) DESC, p.id LIMIT 1`))
	return code, err
}
