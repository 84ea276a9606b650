package excel

import (
	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
)

// styles are the style ids of one workbook.
type styles struct {
	plain, bold, boldCaps, motto, italic, title, centre, rule int
	note                                                      int // a wrapped line of explanation
	head, headNum, cellText, cellCentre, cellBold, group      int
	inputNum, inputDec, locked                                int
	nums                                                      map[numKey]int
	changes                                                   map[numKey]int // signed, in points for rates
	red, green                                                int            // conditional formats
}

// numKey selects a number style: decimals, percent or not, bold (totals)
// or not, locked or an unlocked input cell.
type numKey struct {
	decimals int
	percent  bool
	bold     bool
}

var thin = []excelize.Border{
	{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
	{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
}

func font(size float64, bold, italic bool) *excelize.Font {
	return &excelize.Font{Family: Font, Size: size, Bold: bold, Italic: italic}
}

func centred(wrap bool) *excelize.Alignment {
	return &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: wrap}
}

// makeStyles creates every style once; cells only reference their ids.
func (b *book) makeStyles() error {
	defs := []struct {
		id *int
		s  excelize.Style
	}{
		{&b.st.plain, excelize.Style{Font: font(12, false, false)}},
		{&b.st.bold, excelize.Style{Font: font(12, true, false)}},
		{&b.st.boldCaps, excelize.Style{Font: font(12, true, false), Alignment: centred(true)}},
		{&b.st.centre, excelize.Style{Font: font(12, false, false), Alignment: centred(true)}},
		{&b.st.motto, excelize.Style{Font: &excelize.Font{Family: Font, Size: 13, Bold: true, Underline: "single"}, Alignment: centred(false)}},
		{&b.st.italic, excelize.Style{Font: font(12, false, true), Alignment: centred(false)}},
		{&b.st.title, excelize.Style{Font: font(14, true, false), Alignment: centred(true)}},
		{&b.st.note, excelize.Style{Font: font(12, false, false), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&b.st.rule, excelize.Style{Font: font(8, false, false), Alignment: centred(false)}},
		{&b.st.head, excelize.Style{Font: font(11, true, false), Alignment: centred(true), Border: thin, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF7"}}}},
		{&b.st.headNum, excelize.Style{Font: font(10, false, true), Alignment: centred(false), Border: thin}},
		{&b.st.cellText, excelize.Style{Font: font(11, false, false), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Border: thin}},
		{&b.st.cellCentre, excelize.Style{Font: font(11, false, false), Alignment: centred(true), Border: thin}},
		{&b.st.cellBold, excelize.Style{Font: font(11, true, false), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Border: thin}},
		{&b.st.group, excelize.Style{Font: font(11, true, false), Alignment: &excelize.Alignment{Vertical: "center"}, Border: thin, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}}},
		{&b.st.locked, excelize.Style{Font: font(11, false, false), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Border: thin, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}}},
		{&b.st.inputNum, excelize.Style{Font: font(11, false, false), Border: thin, CustomNumFmt: ptr("#,##0"), Protection: &excelize.Protection{Locked: false}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9DB"}}}},
		{&b.st.inputDec, excelize.Style{Font: font(11, false, false), Border: thin, CustomNumFmt: ptr("#,##0.00"), Protection: &excelize.Protection{Locked: false}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9DB"}}}},
	}
	for _, d := range defs {
		id, err := b.f.NewStyle(&d.s)
		if err != nil {
			return err
		}
		*d.id = id
	}
	b.st.nums = map[numKey]int{}
	for _, dec := range []int{0, 1, 2} {
		for _, pct := range []bool{false, true} {
			for _, bold := range []bool{false, true} {
				k := numKey{decimals: dec, percent: pct, bold: bold}
				id, err := b.f.NewStyle(&excelize.Style{Font: font(11, bold, false), Border: thin,
					Alignment: &excelize.Alignment{Vertical: "center"}, CustomNumFmt: ptr(formatCode(dec, pct))})
				if err != nil {
					return err
				}
				b.st.nums[k] = id
			}
		}
	}
	if err := b.makeChangeStyles(); err != nil {
		return err
	}
	var err error
	if b.st.red, err = b.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}); err != nil {
		return err
	}
	b.st.green, err = b.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "006100"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C6EFCE"}}})
	return err
}

// formatCode is the number format: #,##0, #,##0.0, 0.00"%" ... Rates are in
// percent units, so the % sign is a literal, not Excel's ×100 percent.
func formatCode(decimals int, percent bool) string {
	code := "#,##0"
	if decimals > 0 {
		code += "." + "000"[:decimals]
	}
	if percent {
		code += `"%"`
	}
	return code
}

// num returns the style of a number cell.
func (s styles) num(decimals int, percent, bold bool) int {
	if decimals > 2 {
		decimals = 2
	}
	return s.nums[numKey{decimals: decimals, percent: percent, bold: bold}]
}

// makeChangeStyles creates the styles of changes: signed, with the
// decimals of their figure, and a rate's in percentage points.
func (b *book) makeChangeStyles() error {
	b.st.changes = map[numKey]int{}
	for _, dec := range []int{0, 1, 2} {
		for _, pct := range []bool{false, true} {
			id, err := b.f.NewStyle(&excelize.Style{Font: font(11, false, false), Border: thin,
				Alignment: &excelize.Alignment{Vertical: "center"}, CustomNumFmt: ptr(changeCode(dec, pct))})
			if err != nil {
				return err
			}
			b.st.changes[numKey{decimals: dec, percent: pct}] = id
		}
	}
	return nil
}

// changeCode is the number format of a change: +1.344, −12, and a rate's
// +0,3 điểm % (a difference of percentages is in percentage points, never
// in percent); a change of nothing has no sign.
func changeCode(decimals int, percent bool) string {
	n := formatCode(decimals, false)
	unit := ""
	if percent {
		unit = `" ` + kpi.PointsVI + `"`
	}
	return "+" + n + unit + `;"−"` + n + unit + ";" + n + unit
}

// change returns the style of a change cell.
func (s styles) change(decimals int, percent bool) int {
	return s.changes[numKey{decimals: min(decimals, 2), percent: percent}]
}
