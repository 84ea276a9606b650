package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/store"
)

// summaryVersusBare times the province summary of every agency (its figures
// read, the workbook built and written in memory) against bare excelize
// writing the same cells: every cell of every sheet of the workbook the
// report wrote — the table, the chart sheet's table and the score sheet —
// read back from the report's own file with its value, formula and style
// (the same style definitions, created in the bare workbook), streamed row
// by row into sheets of the same names and written with the same zip
// writer. Reading the cells from the file, not from a second description
// of them, keeps the two from drifting apart: the bare workbook is checked
// to hold as many cells as the report's sheets do. The bare rows are
// prepared before its clock starts, so it times only excelize: what the
// report costs above it is the reading of its figures and the scores, the
// header block's merges, row heights, column widths, panes, print setup,
// autofilter, conditional formats and the charts themselves. Runs
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
	book, err := readBook(out.Bytes())
	if err != nil {
		return err
	}
	var best [2]time.Duration
	for i := range 10 {
		fn := summary
		if i%2 == 1 {
			fn = book.writeBare
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
	report("xlsx_cells", book.cells)
	report("xlsx_sheet_cells", book.perSheet())
	report("xlsx_ratio", fmt.Sprintf("%.2f", float64(best[0])/float64(best[1])))
	return nil
}

// bareBook is the report's cells, sheet by sheet, as excelize would be
// given them, with the style definitions they use.
type bareBook struct {
	sheets []bareSheet
	styles map[int]*excelize.Style
	ids    map[int]int // the report's style id -> the bare workbook's
	cells  int
}

// bareSheet is one sheet's rows of excelize.Cell values (nil where the
// report wrote no cell).
type bareSheet struct {
	name  string
	rows  [][]any
	cells int
}

// perSheet is each sheet's cell count, e.g. "Tổng hợp:125245 Biểu đồ:60".
func (b *bareBook) perSheet() string {
	parts := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		parts[i] = strings.ReplaceAll(s.name, " ", "_") + ":" + strconv.Itoa(s.cells)
	}
	return strings.Join(parts, ",")
}

// readBook reads every cell of every sheet back — value (numbers as
// numbers), formula and style — and checks that it found every cell the
// file's worksheets hold.
func readBook(b []byte) (*bareBook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	book := &bareBook{styles: map[int]*excelize.Style{}}
	for _, name := range f.GetSheetList() {
		s, err := book.readSheet(f, name)
		if err != nil {
			return nil, err
		}
		book.sheets = append(book.sheets, s)
		book.cells += s.cells
	}
	want, err := cellsInParts(b)
	if err != nil {
		return nil, err
	}
	if want != book.cells {
		return nil, fmt.Errorf("read %d cells back from the summary, its worksheets hold %d", book.cells, want)
	}
	return book, book.prepare()
}

// readSheet reads one sheet's cells. A row's cells end at the sheet's
// widest row of values (its head): styled empty cells past it would be
// missed, which readBook's count of the file's cells catches.
func (b *bareBook) readSheet(f *excelize.File, name string) (bareSheet, error) {
	values, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return bareSheet{}, err
	}
	width := 0
	for _, r := range values {
		width = max(width, len(r))
	}
	s := bareSheet{name: name, rows: make([][]any, len(values))}
	for i := range values {
		row := make([]any, width)
		last := -1
		for j := range row {
			c, err := b.readCell(f, name, values[i], i+1, j+1)
			if err != nil {
				return bareSheet{}, err
			}
			if c != nil {
				row[j], last = *c, j
				s.cells++
			}
		}
		s.rows[i] = row[:last+1]
	}
	return s, nil
}

// readCell is one cell as the report wrote it, nil for none.
func (b *bareBook) readCell(f *excelize.File, sheet string, values []string, r, c int) (*excelize.Cell, error) {
	name, _ := excelize.CoordinatesToCellName(c, r)
	style, err := f.GetCellStyle(sheet, name)
	if err != nil {
		return nil, err
	}
	formula, err := f.GetCellFormula(sheet, name)
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
	if _, ok := b.styles[style]; !ok && style != 0 {
		if b.styles[style], err = f.GetStyle(style); err != nil {
			return nil, err
		}
	}
	return &excelize.Cell{StyleID: style, Formula: formula, Value: v}, nil
}

// cellsInParts counts the cells (<c> elements) of the file's worksheets.
func cellsInParts(b []byte) (int, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, part := range zr.File {
		if !strings.HasPrefix(part.Name, "xl/worksheets/") || !strings.HasSuffix(part.Name, ".xml") {
			continue
		}
		r, err := part.Open()
		if err != nil {
			return 0, err
		}
		x, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return 0, err
		}
		n += bytes.Count(x, []byte("<c r="))
	}
	return n, nil
}

// newStyles creates the book's styles in f in the order of their ids in
// the report and returns the report's id -> f's id.
func (b *bareBook) newStyles(f *excelize.File) (map[int]int, error) {
	old := slices.Sorted(maps.Keys(b.styles))
	ids := make(map[int]int, len(old))
	for _, id := range old {
		n, err := f.NewStyle(b.styles[id])
		if err != nil {
			return nil, err
		}
		ids[id] = n
	}
	return ids, nil
}

// prepare renumbers the cells' styles as a new workbook numbers them, once,
// before any run is timed.
func (b *bareBook) prepare() error {
	f := excelize.NewFile()
	defer f.Close()
	ids, err := b.newStyles(f)
	if err != nil {
		return err
	}
	for _, s := range b.sheets {
		for _, r := range s.rows {
			for j, v := range r {
				if c, ok := v.(excelize.Cell); ok {
					c.StyleID = ids[c.StyleID]
					r[j] = c
				}
			}
		}
	}
	b.ids = ids
	return nil
}

// writeBare creates the styles in a new workbook, streams every sheet's
// rows and writes the workbook to memory.
func (b *bareBook) writeBare() error {
	f := excelize.NewFile()
	if err := b.streamSheets(f); err != nil {
		f.Close()
		return err
	}
	var buf bytes.Buffer
	return excel.WriteTo(f, &buf)
}

func (b *bareBook) streamSheets(f *excelize.File) error {
	ids, err := b.newStyles(f)
	if err != nil {
		return err
	}
	if !maps.Equal(ids, b.ids) {
		return fmt.Errorf("bare excelize numbered the styles otherwise than before")
	}
	for i, s := range b.sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		for r, cells := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
