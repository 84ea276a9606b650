package web

import (
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// display formats a figure as the page shows it: 1.344, 99,8%, or — when
// there is nothing behind it.
func display(lang string, ind kpi.Indicator, f kpi.Figure) string {
	if !f.OK {
		return "—"
	}
	if ind.IsPercent() {
		return i18n.Percent(lang, f.Value, ind.Decimals)
	}
	return i18n.Number(lang, f.Value, ind.Decimals)
}

// displayChange formats a change with its sign; percentages change in
// percentage points, shown with the same precision.
func displayChange(lang string, ind kpi.Indicator, d kpi.Delta) string {
	if !d.OK {
		return ""
	}
	return i18n.Signed(lang, d.Diff, ind.Decimals)
}

// direction says whether a change is good news for this indicator.
func direction(ind kpi.Indicator, d kpi.Delta) string {
	switch {
	case !d.OK || d.Diff == 0:
		return "same"
	case (d.Diff > 0) == ind.HigherIsBetter:
		return "better"
	default:
		return "worse"
	}
}
