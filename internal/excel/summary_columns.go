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

// summaryCols works out the columns of summaryColumns for a catalogue and
// a workbook's styles.
func summaryCols(cat *kpi.Catalogue, st styles) []summaryCol {
	out := make([]summaryCol, 0, len(summaryColumns))
	k := 0
	for _, code := range summaryColumns {
		c := summaryCol{code: strings.TrimPrefix(code, targetCol), own: -1}
		if c.target = strings.HasPrefix(code, targetCol); c.target {
			c.style, c.totalStyle = st.num(1, true, false), st.num(1, true, true)
			out = append(out, c)
			continue
		}
		ind, ok := cat.Get(code)
		c.style, c.totalStyle = st.num(ind.Decimals, ind.IsPercent(), false), st.num(ind.Decimals, ind.IsPercent(), true)
		switch {
		case ok && ind.IsRatio():
			c.rate = rateFormula(ind) // nil when its counts are not columns: an empty cell
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
func enteredColumns(cat *kpi.Catalogue) []string {
	var out []string
	for _, code := range summaryColumns {
		if ind, ok := cat.Get(code); ok && !ind.IsRatio() {
			out = append(out, code)
		}
	}
	return out
}

// columnOf is the sheet column of an indicator in the summary, 0 if none.
func columnOf(code string) int {
	for i, c := range summaryColumns {
		if c == code {
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

// rateFormula is a rate's formula over the count columns of its row, or
// nil when one of its counts has no column.
func rateFormula(ind kpi.Indicator) rowFormula {
	var f rowFormula
	part := "IFERROR(("
	refs := func(codes []string) bool {
		for i, code := range codes {
			c := columnOf(code)
			if c == 0 {
				return false
			}
			if i > 0 {
				part += "+"
			}
			f, part = append(f, part+col(c)), ""
		}
		return len(codes) > 0
	}
	if !refs(ind.Numerator) {
		return nil
	}
	part = ")/("
	if !refs(ind.Denominator) {
		return nil
	}
	return append(f, ")*"+strconv.FormatFloat(ind.Scale, 'g', -1, 64)+`,"")`)
}
