package report

import (
	"fmt"
	"math"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// The report is an official Vietnamese document: its words and numbers
// are Vietnamese (1.344; 99,8%), whatever the reader's interface language.
const lang = "vi"

// statusWords names target statuses as the report prints them.
var statusWords = map[string]string{kpi.StatusMet: "Đạt", kpi.StatusAtRisk: "Có nguy cơ không đạt", kpi.StatusMissed: "Không đạt"}

// periodName is "năm 2021" or "quý II năm 2022".
func periodName(year, quarter int) string {
	if quarter == 0 {
		return fmt.Sprintf("năm %d", year)
	}
	return fmt.Sprintf("quý %s năm %d", kpi.Roman(quarter), year)
}

// number formats a value in the indicator's unit and precision.
func number(ind kpi.Indicator, v float64) string {
	if ind.IsPercent() {
		return i18n.Percent(lang, v, ind.Decimals)
	}
	return i18n.Number(lang, v, ind.Decimals)
}

// value is a figure as the tables print it: "—" when there is none.
func value(ind kpi.Indicator, f kpi.Figure) string {
	if !f.OK {
		return "—"
	}
	return number(ind, f.Value)
}

// withUnit is "3.141 giờ" or "99,8%".
func withUnit(ind kpi.Indicator, v float64) string {
	if ind.IsPercent() {
		return number(ind, v)
	}
	return number(ind, v) + " " + ind.UnitVI
}

// rounded is v at the indicator's precision, so a change that rounds to
// nothing is said as none.
func rounded(ind kpi.Indicator, v float64) float64 {
	p := math.Pow(10, float64(ind.Decimals))
	return math.Round(v*p) / p
}

// changeAmount is a change in the indicator's unit: a rate's change is in
// percentage points ("điểm %"), a count's in its unit.
func changeAmount(ind kpi.Indicator, diff float64) string {
	n := i18n.Number(lang, math.Abs(diff), ind.Decimals)
	if ind.IsPercent() {
		return n + " điểm %"
	}
	return n + " " + ind.UnitVI
}

// changeWords says how a figure moved against the same period a year
// earlier: "tăng 2.381 giờ so với năm 2020", "giảm 0,3 điểm % so với …",
// "bằng năm 2020"; "" when either side is missing.
func changeWords(ind kpi.Indicator, cur, prev kpi.Figure, prevName string) string {
	if !cur.OK || !prev.OK {
		return ""
	}
	diff := rounded(ind, cur.Value-prev.Value)
	switch {
	case diff > 0:
		return "tăng " + changeAmount(ind, diff) + " so với " + prevName
	case diff < 0:
		return "giảm " + changeAmount(ind, diff) + " so với " + prevName
	}
	return "bằng " + prevName
}

// changeCell is the table's change column: "+2.381", "−0,3 điểm %".
func changeCell(ind kpi.Indicator, cur, prev kpi.Figure) string {
	if !cur.OK || !prev.OK {
		return ""
	}
	s := i18n.Signed(lang, rounded(ind, cur.Value-prev.Value), ind.Decimals)
	if ind.IsPercent() {
		return s + " điểm %"
	}
	return s
}

// coverageLine says what the figures are made of: which reports, and how
// many agencies of the scope they count.
func coverageLine(d *reportData) string {
	line := kpi.LevelNote(d.level) + "."
	c := d.coverage
	if c.Agencies == 0 {
		return line
	}
	every := ""
	if d.req.Quarter == 0 {
		every = ", đủ các quý"
	}
	line += fmt.Sprintf(" Tổng hợp từ báo cáo của %s/%s cơ quan%s.", i18n.Number(lang, float64(c.Counted(d.level)), 0),
		i18n.Number(lang, float64(c.Agencies), 0), every)
	if !c.Complete(d.level) {
		line += " Số liệu chưa đầy đủ: mức tăng, giảm so với cùng kỳ chỉ để tham khảo."
	}
	return line
}

// commentLabel names a commentary kind in the report.
func commentLabel(kind string) string {
	if kind == kpi.CommentAssessment {
		return "Đánh giá"
	}
	return "Giải trình"
}
