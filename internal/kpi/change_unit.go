package kpi

// A change of a rate is a difference of two percentages: it is counted in
// percentage points (điểm phần trăm), never in percent — from 99,5% to
// 99,8% is +0,3 điểm %, not +0,3%. Every place that shows a change (the
// pages, the API's display strings, the Excel reports) takes its unit here
// and its decimals from the indicator's, like the value.
const (
	PointsVI = "điểm %"
	PointsEN = "pp"
)

// ChangeUnit is the unit of a change of the indicator in lang: percentage
// points for a percentage, the indicator's own unit otherwise.
func (i Indicator) ChangeUnit(lang string) string {
	switch {
	case !i.IsPercent():
		return i.Unit(lang)
	case lang == "en":
		return PointsEN
	}
	return PointsVI
}
