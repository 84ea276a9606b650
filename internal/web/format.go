package web

import (
	"net/url"
	"strconv"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// display formats a figure as the page shows it: 1.344, 99,8%, or — when
// there is nothing behind it.
func display(lang string, ind kpi.Indicator, f kpi.Figure) string {
	if !f.OK {
		return "—"
	}
	return displayValue(lang, ind, f.Value)
}

// displayValue formats a number in the indicator's unit and precision.
func displayValue(lang string, ind kpi.Indicator, v float64) string {
	if ind.IsPercent() {
		return i18n.Percent(lang, v, ind.Decimals)
	}
	return i18n.Number(lang, v, ind.Decimals)
}

// displayChange formats a change with its sign and the precision of its
// value; a percentage's change is in percentage points and says so
// (+0,3 điểm %), a count's stands beside its value without a unit.
func displayChange(lang string, ind kpi.Indicator, d kpi.Delta) string {
	if !d.OK {
		return ""
	}
	s := i18n.Signed(lang, d.Diff, ind.Decimals)
	if ind.IsPercent() {
		s += " " + ind.ChangeUnit(lang)
	}
	return s
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

// Cell is one number of a table or chart: the value, whether there is one,
// and how the page shows it. URL, when set, drills down to the values
// behind it.
type Cell struct {
	Value   float64 `json:"value"`
	OK      bool    `json:"ok"`
	Display string  `json:"display"`
	URL     string  `json:"-"`
}

func cellOf(lang string, ind kpi.Indicator, f kpi.Figure) Cell {
	return Cell{Value: f.Value, OK: f.OK, Display: display(lang, ind, f)}
}

// quarterLabel names a period: "Q2" or, for quarter 0, the whole year.
func quarterLabel(lang string, q int) string {
	if q == 0 {
		return i18n.T(lang, "overview.wholeyear")
	}
	return i18n.Tf(lang, "dash.quarter", q)
}

// link builds a local URL with its query in a stable order.
func link(path string, params ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		if params[i+1] != "" {
			q.Set(params[i], params[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func itoa(n int) string { return strconv.Itoa(n) }

// drillURL is where a figure's values come from.
func drillURL(agency, indicator string, year, quarter int) string {
	return link("/agencies/"+url.PathEscape(agency)+"/values", "indicator", indicator, "year", itoa(year), "quarter", itoa(quarter))
}

// agencyURL is an agency's page for a year.
func agencyURL(agency string, year int) string {
	return link("/agencies/"+url.PathEscape(agency), "year", itoa(year))
}
