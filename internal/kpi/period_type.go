package kpi

import (
	"fmt"
	"time"
)

// The period types of Decree 09/2019/NĐ-CP on the reports of state bodies.
// What a type spans in months is the law's; its cut-off days and labels are
// catalogue data (PeriodType).
const (
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodHalf    = "half"
	PeriodYearly  = "year"
)

// periodMonths is how many months each period type spans.
var periodMonths = map[string]int{PeriodMonth: 1, PeriodQuarter: 3, PeriodHalf: 6, PeriodYearly: 12}

// periodTypeOrder lists the types as the seed and the problems name them.
var periodTypeOrder = []string{PeriodMonth, PeriodQuarter, PeriodHalf, PeriodYearly}

// TablePeriodTypes is the definition's table of period types.
const TablePeriodTypes = "period_types"

// PeriodType is a kind of reporting period with its data cut-off: a period
// ends on EndDay of its last month (0: the month's last day) and starts the
// day after the period before it ends, which StartDay states (EndDay+1, or
// 1 for calendar periods). Decree 09/2019 cuts every type off on the 14th:
// the fourth quarter of 2021 runs from 15/09/2021 to 14/12/2021.
type PeriodType struct {
	Code     string `json:"code"`
	NameVI   string `json:"name_vi"`
	NameEN   string `json:"name_en"`
	StartDay int    `json:"start_day"`
	EndDay   int    `json:"end_day"`
}

// DecreeCutOffDay is the last day of data in a period's last month under
// Decree 09/2019: the 14th (the period starts on the 15th of the month
// before its first month).
const DecreeCutOffDay = 14

// DefaultPeriodTypes are the types of Decree 09/2019 with its cut-off, the
// seed of an empty catalogue and the answer for a type a definition leaves
// out.
func DefaultPeriodTypes() []PeriodType {
	names := map[string][2]string{PeriodMonth: {"Tháng", "Month"}, PeriodQuarter: {"Quý", "Quarter"},
		PeriodHalf: {"6 tháng", "Six months"}, PeriodYearly: {"Năm", "Year"}}
	out := make([]PeriodType, 0, len(periodTypeOrder))
	for _, code := range periodTypeOrder {
		out = append(out, PeriodType{Code: code, NameVI: names[code][0], NameEN: names[code][1],
			StartDay: DecreeCutOffDay + 1, EndDay: DecreeCutOffDay})
	}
	return out
}

// Name returns the type's label in lang.
func (t PeriodType) Name(lang string) string {
	if lang == "en" {
		return t.NameEN
	}
	return t.NameVI
}

// monthEnd is the last day of data in month m of year (m may run past 12
// or below 1: time.Date normalises it).
func (t PeriodType) monthEnd(year, m int) time.Time {
	if t.EndDay == 0 {
		return time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(year, time.Month(m), t.EndDay, 0, 0, 0, 0, time.UTC)
}

// SpanMonths returns the first and last day of the period of this type
// made of months first..last of year (calendar months, 1–12).
func (t PeriodType) SpanMonths(year, first, last int) (from, to time.Time) {
	return t.monthEnd(year, first-1).AddDate(0, 0, 1), t.monthEnd(year, last)
}

// Span returns the first and last day of p: a month, a quarter, or the
// year for quarter 0.
func (t PeriodType) Span(p Period) (from, to time.Time) {
	if p.Month > 0 {
		return t.SpanMonths(p.Year, p.Month, p.Month)
	}
	if p.Quarter == 0 {
		return t.SpanMonths(p.Year, 1, 12)
	}
	return t.SpanMonths(p.Year, p.Quarter*3-2, p.Quarter*3)
}

// PeriodType returns the catalogue's period type with the code, or the
// Decree's default for a type the definition leaves out.
func (c *Catalogue) PeriodType(code string) PeriodType {
	for _, t := range c.def.PeriodTypes {
		if t.Code == code {
			return t
		}
	}
	for _, t := range DefaultPeriodTypes() {
		if t.Code == code {
			return t
		}
	}
	return PeriodType{Code: code, NameVI: code, NameEN: code, StartDay: 1}
}

// PeriodTypes returns the definition's period types in order.
func (c *Catalogue) PeriodTypes() []PeriodType {
	return append([]PeriodType(nil), c.def.PeriodTypes...)
}

// SpanOf returns the first and last day of p by the cut-off of its type: a
// quarter's for quarters 1–4, the year's for quarter 0.
func (c *Catalogue) SpanOf(p Period) (from, to time.Time) {
	if p.Month > 0 {
		return c.PeriodType(PeriodMonth).Span(p)
	}
	if p.Quarter == 0 {
		return c.PeriodType(PeriodYearly).Span(p)
	}
	return c.PeriodType(PeriodQuarter).Span(p)
}

// SpanText is the form's "(từ ngày dd/mm/yyyy đến ngày dd/mm/yyyy)" of p
// in lang.
func (c *Catalogue) SpanText(p Period, lang string) string {
	from, to := c.SpanOf(p)
	return spanText(from, to, lang)
}

// HalfSpanText is SpanText of the six months of year's half (1: quarters
// 1–2, 2: quarters 3–4) by the cut-off of the half type: under Decree
// 09/2019 15/12 of the year before to 14/06, and 15/06 to 14/12.
func (c *Catalogue) HalfSpanText(year, half int, lang string) string {
	from, to := c.PeriodType(PeriodHalf).SpanMonths(year, 6*half-5, 6*half)
	return spanText(from, to, lang)
}

func spanText(from, to time.Time, lang string) string {
	const layout = "02/01/2006"
	if lang == "en" {
		return fmt.Sprintf("(from %s to %s)", from.Format(layout), to.Format(layout))
	}
	return fmt.Sprintf("(từ ngày %s đến ngày %s)", from.Format(layout), to.Format(layout))
}

func (b *builder) buildPeriodTypes(types []PeriodType) {
	seen := map[string]bool{}
	for _, t := range types {
		fail := func(field, vi, en string) { b.failField(TablePeriodTypes, t.Code, field, vi, en) }
		if periodMonths[t.Code] == 0 {
			fail("code", "Loại kỳ “"+t.Code+"” không có: dùng month, quarter, half hoặc year.",
				"There is no period type “"+t.Code+"”: use month, quarter, half or year.")
			continue
		}
		if seen[t.Code] {
			fail("code", "Loại kỳ "+t.Code+" có hai lần.", "Period type "+t.Code+" appears twice.")
			continue
		}
		seen[t.Code] = true
		if t.NameVI == "" || t.NameEN == "" {
			fail("name_vi", "Loại kỳ "+t.Code+" cần tên tiếng Việt và tiếng Anh.", "Period type "+t.Code+" needs a Vietnamese and an English name.")
		}
		if t.EndDay < 0 || t.EndDay > 28 {
			fail("end_day", "Loại kỳ "+t.Code+": ngày chốt số liệu phải từ 1 đến 28 (0: cuối tháng).",
				"Period type "+t.Code+": the cut-off day must be 1 to 28 (0: the month's end).")
			continue
		}
		// Periods must follow one another without a gap or an overlap, so
		// that months make up their quarter and quarters their year.
		if t.StartDay != startAfter(t.EndDay) {
			fail("start_day", fmt.Sprintf("Loại kỳ %s: kỳ bắt đầu ngay sau ngày chốt của kỳ trước, tức ngày %d.", t.Code, startAfter(t.EndDay)),
				fmt.Sprintf("Period type %s: a period starts the day after the previous one's cut-off, day %d.", t.Code, startAfter(t.EndDay)))
		}
	}
}

// startAfter is the first day of a period whose predecessor ends on end.
func startAfter(end int) int {
	if end == 0 {
		return 1
	}
	return end + 1
}
