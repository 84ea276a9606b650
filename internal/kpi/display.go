package kpi

import "strconv"

// The display choices: which indicators each view shows, in order. They
// are catalogue data, so a new indicator can be put on a dashboard or a
// report without a release.
const (
	// ViewOverview: the overview's headline cards (and their trends);
	// option "by_kind" shows the card's breakdown by agency kind.
	ViewOverview = "overview"
	// ViewSummary: the columns of the province summary; option "target"
	// adds the indicator's target beside it, coloured against it.
	ViewSummary = "summary"
	// ViewSummaryChart: the by-kind table of the summary's chart sheet;
	// option "bar" or "col" draws a chart of it.
	ViewSummaryChart = "summary_chart"
	// ViewAgencyChart: the by-quarter table of the agency report's chart
	// sheet; option "col" or "line" draws it (one chart per option).
	ViewAgencyChart = "agency_chart"
	// ViewForm06: the columns of Biểu số 06/VPCP/KSTT; option is the
	// column number, 3 to 13 (3 is the received total).
	ViewForm06 = "form06"
)

// Chart types of the chart views.
const (
	ChartBar  = "bar"
	ChartCol  = "col"
	ChartLine = "line"
)

// Form06 columns: the form numbers its value columns 3 to 13.
const (
	Form06First = 3
	Form06Last  = 13
)

// DisplayItem is one indicator shown by a view, with the view's option.
type DisplayItem struct {
	View      string `json:"view"`
	Indicator string `json:"indicator"`
	Option    string `json:"option,omitempty"`
}

// viewOptions are the options each view accepts.
var viewOptions = map[string][]string{
	ViewOverview:     {"", "by_kind"},
	ViewSummary:      {"", "target"},
	ViewSummaryChart: {"", ChartBar, ChartCol},
	ViewAgencyChart:  {"", ChartCol, ChartLine},
	ViewForm06:       nil, // a column number
}

// Views lists the views in the order the bundle writes them.
var Views = []string{ViewOverview, ViewSummary, ViewSummaryChart, ViewAgencyChart, ViewForm06}

// Display returns the items of a view, in order.
func (c *Catalogue) Display(view string) []DisplayItem {
	return append([]DisplayItem(nil), c.display[view]...)
}

// Form06Column returns the indicator of Biểu 06 column n (3–13).
func (c *Catalogue) Form06Column(n int) (string, bool) {
	for _, d := range c.display[ViewForm06] {
		if d.Option == strconv.Itoa(n) {
			return d.Indicator, true
		}
	}
	return "", false
}

func (b *builder) buildDisplay(items []DisplayItem) {
	seen := map[string]bool{}
	for _, d := range items {
		key := d.View + "/" + d.Indicator
		ind, ok := b.c.Get(d.Indicator)
		opts, known := viewOptions[d.View]
		switch {
		case !known:
			b.fail(TableDisplay, key, "Không có màn hình “"+d.View+"”.", "There is no view “"+d.View+"”.")
		case !ok:
			b.fail(TableDisplay, key, "Màn hình "+d.View+": không có chỉ tiêu “"+d.Indicator+"”.", "View "+d.View+": there is no indicator “"+d.Indicator+"”.")
		case seen[key]:
			b.fail(TableDisplay, key, "Màn hình "+d.View+": chỉ tiêu "+d.Indicator+" có hai lần.", "View "+d.View+": indicator "+d.Indicator+" appears twice.")
		case d.View == ViewForm06:
			b.checkForm06(d, ind)
		case !contains(opts, d.Option):
			b.fail(TableDisplay, key, "Màn hình "+d.View+": tuỳ chọn “"+d.Option+"” không hợp lệ.", "View "+d.View+": option “"+d.Option+"” is not valid.")
		}
		seen[key] = true
		b.c.display[d.View] = append(b.c.display[d.View], d)
	}
	if n := len(b.c.display[ViewForm06]); n != 0 && n != Form06Last-Form06First+1 {
		b.fail(TableDisplay, ViewForm06, "Biểu 06 cần đủ 11 cột, từ cột 3 đến cột 13.", "Form 06 needs all 11 columns, 3 to 13.")
	}
}

func (b *builder) checkForm06(d DisplayItem, ind Indicator) {
	n, err := strconv.Atoi(d.Option)
	key := d.View + "/" + d.Indicator
	if err != nil || n < Form06First || n > Form06Last {
		b.fail(TableDisplay, key, "Biểu 06: số cột phải từ 3 đến 13.", "Form 06: the column must be 3 to 13.")
		return
	}
	if _, dup := b.c.Form06Column(n); dup {
		b.fail(TableDisplay, key, "Biểu 06: cột "+d.Option+" có hai chỉ tiêu.", "Form 06: column "+d.Option+" has two indicators.")
	}
	if ind.Kind != KindEntered {
		b.fail(TableDisplay, key, "Biểu 06: cột "+d.Option+" phải là chỉ tiêu nhập.", "Form 06: column "+d.Option+" must be an entered indicator.")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
