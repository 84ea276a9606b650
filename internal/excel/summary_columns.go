package excel

import (
	"strconv"
	"strings"

	"parkpi/internal/kpi"
)

// summaryCol is one indicator column of the summary, worked out once per
// report: a report of the whole country writes each column for 20,000
// rows, so nothing a row does may look the catalogue up again.
type summaryCol struct {
	code       string
	target     bool       // the indicator's target, not its figure
	own        int        // the place of a count in the agency's own row (enteredColumns); -1 for rates and targets
	style      int        // an agency row's number style
	totalStyle int        // a subtotal's or the total's (bold)
	rate       rowFormula // a rate's formula over the row's counts; nil for a count
}

// summaryItem is a column of the province summary as the catalogue
// chooses it: an indicator's figure, or its target (target), coloured
// against the figure beside it.
type summaryItem struct {
	code   string
	target bool
}

// summaryItems are the indicator columns of the province summary: the
// catalogue's summary view, each derived indicator preceded by the counts
// its formula reads (so the rate can be a formula) when the view lacks
// them, and a target column after each indicator the view marks so.
func summaryItems(cat *kpi.Catalogue) []summaryItem {
	var out []summaryItem
	has := map[string]bool{}
	add := func(code string) {
		if !has[code] {
			has[code] = true
			out = append(out, summaryItem{code: code})
		}
	}
	items := cat.Display(kpi.ViewSummary)
	for _, d := range items {
		has[d.Indicator] = true
	}
	for _, d := range items {
		ind, _ := cat.Get(d.Indicator)
		if e := ind.Compiled(); e != nil {
			for _, in := range e.Inputs() {
				add(in)
			}
		}
		has[d.Indicator] = false
		add(d.Indicator)
		if d.Option == "target" {
			out = append(out, summaryItem{code: d.Indicator, target: true})
		}
	}
	return out
}

// summaryCols works out the summary's columns for a workbook's styles.
func (d *summaryData) summaryCols(st styles) []summaryCol {
	out := make([]summaryCol, 0, len(d.items))
	k := 0
	for _, item := range d.items {
		c := summaryCol{code: item.code, target: item.target, own: -1}
		if c.target {
			c.style, c.totalStyle = st.num(1, true, false), st.num(1, true, true)
			out = append(out, c)
			continue
		}
		ind, ok := d.cat.Get(item.code)
		c.style, c.totalStyle = st.num(ind.Decimals, ind.IsPercent(), false), st.num(ind.Decimals, ind.IsPercent(), true)
		switch {
		case ok && ind.IsDerived():
			c.rate = d.rateFormula(ind) // nil when its counts are not columns: an empty cell
		case ok:
			c.own = k
			k++
		}
		out = append(out, c)
	}
	return out
}

// enteredColumns are the summary's count columns, in order: the values
// read for each agency (summaryCol.own indexes them).
func (d *summaryData) enteredColumns() []string {
	var out []string
	for _, item := range d.items {
		if ind, ok := d.cat.Get(item.code); ok && !item.target && !ind.IsDerived() {
			out = append(out, item.code)
		}
	}
	return out
}

// columnOf is the sheet column of an indicator's figure in the summary, 0
// if none.
func (d *summaryData) columnOf(code string) int {
	for i, c := range d.items {
		if c.code == code && !c.target {
			return sFirst + i
		}
	}
	return 0
}

// targetColumn is the sheet column of an indicator's target, 0 if none.
func (d *summaryData) targetColumn(code string) int {
	for i, c := range d.items {
		if c.code == code && c.target {
			return sFirst + i
		}
	}
	return 0
}

// rowFormula is a formula over cells of its own row, split where the row
// number goes: IFERROR((M|+N|)/(L|)*100,"") is written for row 12 as
// IFERROR((M12+N12)/(L12)*100,"") without parsing or formatting anything.
type rowFormula []string

// at is the formula on row r.
func (f rowFormula) at(r int) string {
	var num [20]byte
	row := strconv.AppendInt(num[:0], int64(r), 10)
	n := len(row) * (len(f) - 1)
	for _, p := range f {
		n += len(p)
	}
	var b strings.Builder
	b.Grow(n)
	for i, p := range f {
		if i > 0 {
			b.Write(row)
		}
		b.WriteString(p)
	}
	return b.String()
}

// rowMark stands for the row number in a formula while it is translated.
const rowMark = "\x00"

// rateFormula is a derived indicator's formula (translated from the
// catalogue's expression) over the count columns of its row, or nil when
// one of its inputs has no column or the formula has no Excel translation.
func (d *summaryData) rateFormula(ind kpi.Indicator) rowFormula {
	fm, ok := excelFormula(ind.Compiled(), func(code string) (string, bool) {
		c := d.columnOf(code)
		return col(c) + rowMark, c != 0
	}, nil)
	if !ok {
		return nil
	}
	return strings.Split(fm, rowMark)
}
