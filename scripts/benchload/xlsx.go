package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/store"
)

// summaryVersusBare times the province summary of every agency (its figures
// read, the workbook built and written in memory) against bare excelize
// writing the same cells: every cell of the summary sheet as the report
// wrote it — value, formula and style (the same style definitions, created
// in the bare workbook) — streamed row by row into one sheet and written
// with the same zip writer. The bare rows are prepared before its clock
// starts, so it times only excelize: what the report costs above it is the
// reading of its figures, the header block's merges, column widths, panes,
// print setup, autofilter, conditional formats and the chart sheet. Runs
// alternate (summary, bare, summary, ...) so both see the same machine;
// each is the best of its runs.
func summaryVersusBare(ctx context.Context, db *store.DB, year int) error {
	var out bytes.Buffer
	summary := func() error {
		f, err := excel.Summary(ctx, db, "", year, excel.Options{})
		if err != nil {
			return err
		}
		out.Reset()
		return excel.WriteTo(f, &out)
	}
	if err := summary(); err != nil {
		return err
	}
	sheet, err := readSheet(out.Bytes())
	if err != nil {
		return err
	}
	var best [2]time.Duration
	for i := range 10 {
		fn := summary
		if i%2 == 1 {
			fn = sheet.writeBare
		}
		start := time.Now()
		if err := fn(); err != nil {
			return err
		}
		if d := time.Since(start); i < 2 || d < best[i%2] {
			best[i%2] = d
		}
	}
	report("xlsx_summary_ms", ms(best[0]))
	report("xlsx_bare_ms", ms(best[1]))
	report("xlsx_cells", sheet.cells)
	report("xlsx_ratio", fmt.Sprintf("%.2f", float64(best[0])/float64(best[1])))
	return nil
}

// bareSheet is the summary sheet's cells as excelize would be given them,
// with the style definitions they use.
type bareSheet struct {
	rows   [][]any // excelize.Cell values; nil where the report wrote no cell
	styles map[int]*excelize.Style
	ids    map[int]int // the report's style id -> the bare workbook's
	cells  int
}

// readSheet reads every cell of the summary sheet back: value (numbers as
// numbers), formula and style.
func readSheet(b []byte) (*bareSheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	values, err := f.GetRows(excel.SheetSummary, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	s := &bareSheet{rows: make([][]any, len(values)), styles: map[int]*excelize.Style{}}
	for i := range values {
		row := make([]any, 64)
		last := -1
		for j := range row {
			c, err := s.readCell(f, values[i], i+1, j+1)
			if err != nil {
				return nil, err
			}
			if c != nil {
				row[j], last = *c, j
				s.cells++
			}
		}
		s.rows[i] = row[:last+1]
	}
	return s, s.prepare()
}

// readCell is one cell as the report wrote it, nil for none.
func (s *bareSheet) readCell(f *excelize.File, values []string, r, c int) (*excelize.Cell, error) {
	name, _ := excelize.CoordinatesToCellName(c, r)
	style, err := f.GetCellStyle(excel.SheetSummary, name)
	if err != nil {
		return nil, err
	}
	formula, err := f.GetCellFormula(excel.SheetSummary, name)
	if err != nil {
		return nil, err
	}
	var v any
	if c <= len(values) && values[c-1] != "" && formula == "" {
		if x, err := strconv.ParseFloat(values[c-1], 64); err == nil {
			v = x
		} else {
			v = values[c-1]
		}
	}
	if style == 0 && formula == "" && v == nil {
		return nil, nil
	}
	if _, ok := s.styles[style]; !ok && style != 0 {
		if s.styles[style], err = f.GetStyle(style); err != nil {
			return nil, err
		}
	}
	return &excelize.Cell{StyleID: style, Formula: formula, Value: v}, nil
}

// newStyles creates the sheet's styles in f in the order of their ids in
// the report and returns the report's id -> f's id.
func (s *bareSheet) newStyles(f *excelize.File) (map[int]int, error) {
	old := make([]int, 0, len(s.styles))
	for id := range s.styles {
		old = append(old, id)
	}
	slices.Sort(old)
	ids := make(map[int]int, len(old))
	for _, id := range old {
		n, err := f.NewStyle(s.styles[id])
		if err != nil {
			return nil, err
		}
		ids[id] = n
	}
	return ids, nil
}

// prepare renumbers the cells' styles as a new workbook numbers them, once,
// before any run is timed.
func (s *bareSheet) prepare() error {
	f := excelize.NewFile()
	defer f.Close()
	ids, err := s.newStyles(f)
	if err != nil {
		return err
	}
	for _, r := range s.rows {
		for j, v := range r {
			if c, ok := v.(excelize.Cell); ok {
				c.StyleID = ids[c.StyleID]
				r[j] = c
			}
		}
	}
	s.ids = ids
	return nil
}

// writeBare creates the styles in a new workbook, streams the rows and
// writes the workbook to memory.
func (s *bareSheet) writeBare() error {
	f := excelize.NewFile()
	ids, err := s.newStyles(f)
	if err != nil {
		f.Close()
		return err
	}
	if !maps.Equal(ids, s.ids) {
		f.Close()
		return fmt.Errorf("bare excelize numbered the styles otherwise than before")
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		f.Close()
		return err
	}
	for i, r := range s.rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			f.Close()
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		f.Close()
		return err
	}
	var buf bytes.Buffer
	return excel.WriteTo(f, &buf)
}
