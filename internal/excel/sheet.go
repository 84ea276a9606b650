package excel

import (
	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
)

// sheet streams rows into one worksheet and keeps the first error, so
// builders read as a list of rows rather than a list of error checks.
type sheet struct {
	b    *book
	name string
	sw   *excelize.StreamWriter
	err  error
}

// layout is a sheet's print and column setup; it must be applied before
// the first row is streamed (excelize writes these parts first).
type layout struct {
	widths    []float64 // column widths from A
	landscape bool
	freeze    string // the top-left cell of the scrolling pane, e.g. "D11"
	titleRows [2]int // repeated header rows on every printed page
	// split prints the sheet at legibleScale across as many pages as it
	// takes rather than shrunk to one page wide, repeating columns A to
	// titleCols on each page.
	split     bool
	titleCols int
}

// newSheet creates (or, for the first sheet, renames) a worksheet and
// prepares it for streaming with A4 print setup, fit to width.
func (b *book) newSheet(name string, first bool, l layout) (*sheet, error) {
	if first {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return nil, err
	}
	if err := b.printSetup(name, l); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	s := &sheet{b: b, name: name, sw: sw}
	for i, w := range l.widths {
		if s.err == nil {
			s.err = sw.SetColWidth(i+1, i+1, w)
		}
	}
	if l.freeze != "" && s.err == nil {
		c, r, _ := excelize.CellNameToCoordinates(l.freeze)
		s.err = sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: c - 1, YSplit: r - 1, TopLeftCell: l.freeze, ActivePane: "bottomRight",
			Selection: []excelize.Selection{{SQRef: l.freeze, ActiveCell: l.freeze, Pane: "bottomRight"}}})
	}
	return s, s.err
}

func (b *book) printSetup(name string, l layout) error {
	orient := "portrait"
	if l.landscape {
		orient = "landscape"
	}
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: ptr(!l.split)}); err != nil {
		return err
	}
	page := &excelize.PageLayoutOptions{Size: ptr(paperA4), Orientation: &orient, FitToWidth: ptr(1), FitToHeight: ptr(0)}
	if l.split {
		page = &excelize.PageLayoutOptions{Size: ptr(paperA4), Orientation: &orient, AdjustTo: ptr(legibleScale()), PageOrder: ptr("overThenDown")}
	}
	if err := b.f.SetPageLayout(name, page); err != nil {
		return err
	}
	m := 0.5
	if err := b.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: ptr(0.6), Right: &m, Top: &m, Bottom: &m, Horizontally: ptr(true)}); err != nil {
		return err
	}
	if l.titleRows[0] == 0 {
		return nil
	}
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: printTitles(name, l.titleRows[0], l.titleRows[1], l.titleCols)})
}

// row writes cells from column A; nil leaves a cell empty.
func (s *sheet) row(r int, height float64, cells ...any) {
	if s.err != nil {
		return
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	s.err = s.sw.SetRow(ref(1, r), cells, opts...)
}

// merge merges a range given by its corners.
func (s *sheet) merge(c1, r1, c2, r2 int) {
	if s.err == nil && (c1 != c2 || r1 != r2) {
		s.err = s.sw.MergeCell(ref(c1, r1), ref(c2, r2))
	}
}

func (s *sheet) flush() error {
	if s.err != nil {
		return s.err
	}
	return s.sw.Flush()
}

// cell is a styled value.
func cell(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

// formula is a styled formula.
func formula(style int, f string) excelize.Cell { return excelize.Cell{StyleID: style, Formula: f} }

// span places v at column c1 of a row of width cells and fills the rest of
// c1..c2 with the same style, so a merged range keeps its borders.
func span(cells []any, c1, c2, style int, v any) []any {
	cells[c1-1] = cell(style, v)
	for c := c1 + 1; c <= c2; c++ {
		cells[c-1] = cell(style, nil)
	}
	return cells
}

// header is the official header block of Decree 30/2020/NĐ-CP, Appendix I.
type header struct {
	kpi.Letterhead
	Title, Period string
	Note          string // a line under the period, e.g. the unit of a form
	Width         int    // the table's column count
	LeftTo        int    // last column of the left block
	RightFrom     int    // first column of the right block
}

// writeHeader writes the header block from row 1 and returns the next
// free row.
func (s *sheet) writeHeader(h header) int {
	st := s.b.st
	type line struct {
		v     string
		style int
	}
	left := []line{{upper(h.Parent), st.centre}, {upper(h.Issuer), st.boldCaps}, {"──────────", st.rule}, {h.Number, st.centre}}
	if h.Parent == "" { // a body with no superior: its own name on top
		left = []line{{upper(h.Issuer), st.boldCaps}, {"──────────", st.rule}, {h.Number, st.centre}, {"", st.centre}}
	}
	right := []line{{kpi.MottoCountry, st.boldCaps}, {kpi.MottoLine, st.motto}, {"", st.centre}, {h.DateLine(), st.italic}}
	for i := range left {
		cells := make([]any, h.Width)
		span(cells, 1, h.LeftTo, left[i].style, text(left[i].v))
		span(cells, h.RightFrom, h.Width, right[i].style, right[i].v)
		s.row(i+1, 18, cells...)
		s.merge(1, i+1, h.LeftTo, i+1)
		s.merge(h.RightFrom, i+1, h.Width, i+1)
	}
	r := len(left) + 2
	for _, line := range []struct {
		v     string
		style int
		h     float64
	}{{upper(h.Title), st.title, 36}, {h.Period, st.centre, 18}, {h.Note, st.italic, 18}} {
		if line.v == "" {
			continue
		}
		cells := make([]any, h.Width)
		span(cells, 1, h.Width, line.style, text(line.v))
		s.row(r, line.h, cells...)
		s.merge(1, r, h.Width, r)
		r++
	}
	return r + 1
}

// writeSignature writes "Nơi nhận:" at the bottom left and the signature
// block at the bottom right, from row r.
func (s *sheet) writeSignature(r int, h header) {
	st := s.b.st
	lines := [][2]string{{"Nơi nhận:", "THỦ TRƯỞNG CƠ QUAN"}, {"- Như trên;", "(Ký, ghi rõ họ tên, đóng dấu)"}, {"- Lưu: VT.", ""}}
	styles := [][2]int{{st.bold, st.boldCaps}, {st.plain, st.italic}, {st.plain, st.centre}}
	for i, l := range lines {
		cells := make([]any, h.Width)
		cells[0] = cell(styles[i][0], l[0])
		span(cells, h.RightFrom, h.Width, styles[i][1], l[1])
		s.row(r+i, 18, cells...)
		s.merge(h.RightFrom, r+i, h.Width, r+i)
	}
}
