package excel

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// summaryRows writes the agency rows, a subtotal row after each kind and
// the total row from the chunks of own rows, handing each chunk on to the
// score sheet (toScores, nil without one), and returns the total row's
// number.
func (s *sheet) summaryRows(ctx context.Context, d *summaryData, chunks <-chan [][]float64, toScores chan<- [][]float64) (int, error) {
	cols := d.summaryCols(s.b.st)
	line := newRowBuf(sFirst - 1 + len(cols))
	r := summaryHeadRow + 1
	var subtotals []int
	var chunk [][]float64
	no := 0
	for _, g := range d.groups {
		first, kindLabel := r, i18n.T("vi", "kind."+string(g.kind))
		for i, a := range g.agencies {
			if i%store.OwnRowsChunk == 0 {
				var err error
				if chunk, err = s.nextChunk(ctx, chunks, toScores); err != nil {
					return r, err
				}
			}
			no++
			s.agencyLine(d, line, cols, summaryAgency{a: a, kind: kindLabel, no: no, r: r, own: chunk[i%store.OwnRowsChunk]})
			r++
		}
		s.totalLine(d, line, cols, totalRow{kind: g.kind, label: "Cộng: " + kindLabel, r: r, sum: func(c int) string {
			return fmt.Sprintf("SUBTOTAL(9,%s:%s)", ref(c, first), ref(c, r-1))
		}})
		subtotals = append(subtotals, r)
		r++
	}
	s.totalLine(d, line, cols, totalRow{label: "TỔNG CỘNG", r: r, sum: func(c int) string {
		parts := make([]string, len(subtotals))
		for i, sr := range subtotals {
			parts[i] = ref(c, sr)
		}
		return strings.Join(parts, "+")
	}})
	return r, s.err
}

// nextChunk takes the next chunk and hands it on to the score sheet, which
// writes its rows meanwhile (the chunk is only read); the writing's error
// first, if any.
func (s *sheet) nextChunk(ctx context.Context, chunks <-chan [][]float64, toScores chan<- [][]float64) ([][]float64, error) {
	if s.err != nil {
		return nil, s.err
	}
	chunk, err := recv(ctx, chunks)
	if err == nil && toScores != nil {
		err = send(ctx, toScores, chunk)
	}
	return chunk, err
}

// rowBuf is one row of styled cells, used again for every row: the stream
// writer takes pointers to them, so a row makes no cells of its own.
type rowBuf struct {
	cells []excelize.Cell
	vals  []any
}

func newRowBuf(n int) *rowBuf {
	b := &rowBuf{cells: make([]excelize.Cell, n), vals: make([]any, n)}
	for i := range b.cells {
		b.vals[i] = &b.cells[i]
	}
	return b
}

// set puts a value (nil: an empty, styled cell) in column c (from 1).
func (b *rowBuf) set(c, style int, v any) { b.cells[c-1] = excelize.Cell{StyleID: style, Value: v} }

// formula puts a formula in column c (from 1).
func (b *rowBuf) formula(c, style int, f string) {
	b.cells[c-1] = excelize.Cell{StyleID: style, Formula: f}
}

// summaryAgency is one agency's row: its number in the list, its kind's
// label, the sheet row and its own figures (enteredColumns, NaN for none).
type summaryAgency struct {
	a    *kpi.Agency
	kind string
	no   int
	r    int
	own  []float64
}

// agencyLine is one agency's own figures: counts as numbers, rates as
// formulas over the counts of the same row.
func (s *sheet) agencyLine(d *summaryData, b *rowBuf, cols []summaryCol, ar summaryAgency) {
	st := s.b.st
	b.set(sColNo, st.cellCentre, ar.no)
	b.set(sColCode, st.cellCentre, text(ar.a.Code))
	b.set(sColName, st.cellText, text(ar.a.Name))
	b.set(sColKind, st.cellText, ar.kind)
	scope := ar.a.Code == d.scope.Code
	for i, c := range cols {
		at := sFirst + i
		switch {
		case c.target && scope: // the scope's own target, bold as the total's
			b.set(at, c.totalStyle, targetValue(d, ar.a.Code, c.code))
		case c.target:
			b.set(at, c.style, targetValue(d, ar.a.Code, c.code))
		case c.rate != nil:
			b.formula(at, c.style, c.rate.at(ar.r))
		case c.own >= 0 && !math.IsNaN(ar.own[c.own]):
			b.set(at, c.style, ar.own[c.own])
		default:
			b.set(at, c.style, nil)
		}
	}
	s.row(ar.r, 0, b.vals...)
}

// totalRow is a subtotal (of one kind) or the total row (kind ""), with
// the formula of a count column c.
type totalRow struct {
	kind  kpi.Kind
	label string
	r     int
	sum   func(c int) string
}

// totalLine is a subtotal or the total row: counts by sum, a formula per
// column from sum(c); rates over the row's own counts.
func (s *sheet) totalLine(d *summaryData, b *rowBuf, cols []summaryCol, t totalRow) {
	st := s.b.st
	kindLabel := "Tổng"
	if t.kind != "" {
		kindLabel = i18n.T("vi", "kind."+string(t.kind))
	}
	b.set(sColNo, st.cellBold, nil)
	b.set(sColCode, st.cellBold, nil)
	b.set(sColName, st.cellBold, t.label)
	b.set(sColKind, st.cellBold, kindLabel)
	for i, c := range cols {
		at := sFirst + i
		switch {
		case c.target && t.kind == "":
			b.set(at, c.totalStyle, targetValue(d, d.scope.Code, c.code))
		case c.target:
			b.set(at, c.totalStyle, nil)
		case c.rate != nil:
			b.formula(at, c.totalStyle, c.rate.at(t.r))
		default:
			b.formula(at, c.totalStyle, t.sum(at))
		}
	}
	s.row(t.r, 0, b.vals...)
}

// targetValue is an agency's target of an indicator, or the scope's when
// the agency has none of its own; nil when neither has one.
func targetValue(d *summaryData, agency, code string) any {
	if t, ok := d.targets[agency][code]; ok {
		return t
	}
	if t, ok := d.targets[d.scope.Code][code]; ok {
		return t
	}
	return nil
}
