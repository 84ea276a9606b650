package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/store"
)

// summaryVersusBare times the province summary of every agency against
// bare excelize streaming the same cells (the summary's own values, read
// back from it) into a workbook of one sheet: what the report's styles,
// formulas, groups and charts cost above writing the numbers.
func summaryVersusBare(ctx context.Context, db *store.DB, year int) error {
	best := func(n int, fn func() error) (time.Duration, error) {
		var min time.Duration
		for i := range n {
			start := time.Now()
			if err := fn(); err != nil {
				return 0, err
			}
			if d := time.Since(start); i == 0 || d < min {
				min = d
			}
		}
		return min, nil
	}
	var out bytes.Buffer
	summary, err := best(3, func() error {
		f, err := excel.Summary(ctx, db, "", year, excel.Options{})
		if err != nil {
			return err
		}
		out.Reset()
		_, err = f.WriteTo(&out)
		f.Close()
		return err
	})
	if err != nil {
		return err
	}
	cells, err := summaryCells(out.Bytes())
	if err != nil {
		return err
	}
	bare, err := best(3, func() error { return writeBare(cells) })
	if err != nil {
		return err
	}
	n := 0
	for _, r := range cells {
		n += len(r)
	}
	report("xlsx_summary_ms", ms(summary))
	report("xlsx_bare_ms", ms(bare))
	report("xlsx_cells", n)
	report("xlsx_ratio", fmt.Sprintf("%.2f", float64(summary)/float64(bare)))
	return nil
}

// summaryCells reads the summary sheet's cells back, numbers as numbers.
func summaryCells(b []byte) ([][]any, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(excel.SheetSummary, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = make([]any, len(r))
		for j, v := range r {
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				out[i][j] = x
			} else {
				out[i][j] = v
			}
		}
	}
	return out, nil
}

// writeBare streams the cells into a new workbook, no styles.
func writeBare(cells [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	for i, r := range cells {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	var buf bytes.Buffer
	_, err = f.WriteTo(&buf)
	return err
}
