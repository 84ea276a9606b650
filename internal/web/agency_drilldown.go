package web

import (
	"context"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// DrillView lists the entered values behind one figure of an agency's
// subtree: per contributing agency its value of each component (a rate's
// numerator and denominator, a total's parts), its report state and who
// changed the value last.
type DrillView struct {
	Page        `json:"-"`
	Title       string      `json:"title"`
	Scope       kpi.Agency  `json:"scope"`
	Indicator   string      `json:"indicator"`
	Name        string      `json:"indicator_name"`
	Year        int         `json:"year"`
	Quarter     int         `json:"quarter"`
	PeriodLabel string      `json:"period_label"`
	Figure      Cell        `json:"figure"`
	Components  []Component `json:"components"`
	Rows        []DrillRow  `json:"rows"` // one page of the agencies
	Sums        []Cell      `json:"sums"` // over every agency, not the page
	Paging      *Paging     `json:"paging"`
	Breadcrumbs []Crumb     `json:"-"`
	BackURL     string      `json:"-"`
}

// Component is an entered indicator that makes up the figure.
type Component struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// DrillRow is one contributing agency.
type DrillRow struct {
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	Kind       kpi.Kind  `json:"kind"`
	KindLabel  string    `json:"kind_label"`
	Cells      []Cell    `json:"values"`
	State      string    `json:"state"`
	StateLabel string    `json:"state_label"`
	ChangedBy  string    `json:"changed_by"`
	ChangedAt  string    `json:"changed_at_display"`
	Changed    time.Time `json:"changed_at"`
	Audited    bool      `json:"audited"`
	URL        string    `json:"-"`
}

// showDrilldown renders /agencies/:code/values?indicator=&year=&quarter=.
func (s *Server) showDrilldown(c *gin.Context) error {
	v, err := s.drilldown(c.Request.Context(), langOf(c), drillParamsOf(c))
	if err != nil {
		return err
	}
	v.Page = s.page(c)
	return s.tmpl.render(c.Writer, 200, "drilldown", v)
}

// drillParams are a drill-down's agency, its query parameters and the
// highest agency the reader may see (crumbTop).
type drillParams struct{ Code, Indicator, Year, Quarter, Page, Top string }

// drillPerPage is how many agencies a page of the values behind a figure
// lists: a province's figure has thousands behind it.
const drillPerPage = 100

func drillParamsOf(c *gin.Context) drillParams {
	return drillParams{Code: c.Param("code"), Indicator: c.Query("indicator"), Year: c.Query("year"),
		Quarter: c.Query("quarter"), Page: c.Query("page"), Top: crumbTop(c)}
}

func (s *Server) drilldown(ctx context.Context, lang string, p drillParams) (*DrillView, error) {
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	code := p.Code
	a, err := s.db.Agency(ctx, code)
	if err != nil {
		return nil, err
	}
	ind, ok := cat.Get(p.Indicator)
	if !ok {
		return nil, kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %q.", "There is no indicator %q.", p.Indicator)
	}
	per, err := s.choosePeriod(ctx, p.Year, p.Quarter)
	if err != nil {
		return nil, err
	}
	figs, err := s.db.Figures(ctx, store.Scope{Agency: code, Year: per.year, Quarter: per.quarter})
	if err != nil {
		return nil, err
	}
	comps := components(cat, ind)
	contribs, err := s.db.Contributions(ctx, store.DrillQuery{Agency: code, Indicators: comps, Year: per.year, Quarter: per.quarter})
	if err != nil {
		return nil, err
	}
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	v := &DrillView{Title: i18n.Tf(lang, "dash.drill.title", ind.Name(lang)), Scope: seenFrom(a, p.Top), Indicator: ind.Code,
		Name: ind.Name(lang), Year: per.year, Quarter: per.quarter, PeriodLabel: periodLabel(lang, per.year, per.quarter),
		Figure: cellOf(lang, ind, figs[ind.Code]), Breadcrumbs: breadcrumbs(tree, code, p.Top, per.year), BackURL: agencyURL(code, per.year)}
	for _, cc := range comps {
		ci, _ := cat.Get(cc)
		v.Components = append(v.Components, Component{Code: cc, Name: ci.Name(lang)})
	}
	page, err := positive(p.Page, 1, "Trang %q không hợp lệ (từ 1 trở lên).", "Page %q is not valid (1 or more).")
	if err != nil {
		return nil, err
	}
	rows, sums := drillRows(lang, cat, comps, contribs, per.year)
	q := url.Values{"indicator": {ind.Code}, "year": {itoa(per.year)}}
	if per.quarter > 0 {
		q.Set("quarter", itoa(per.quarter))
	}
	v.Paging = listPaging(lang, "/agencies/"+url.PathEscape(code)+"/values", q, page, drillPerPage, len(rows))
	from := min((page-1)*drillPerPage, len(rows))
	v.Rows, v.Sums = rows[from:min(from+drillPerPage, len(rows))], sums
	return v, nil
}

// drillRows pivots the contributions to one row per agency (tree order)
// and adds up each component over the agencies that report it by sum.
func drillRows(lang string, cat *kpi.Catalogue, comps []string, contribs []store.Contribution, year int) ([]DrillRow, []Cell) {
	col := make(map[string]int, len(comps))
	for i, c := range comps {
		col[c] = i
	}
	var rows []DrillRow
	at := map[string]int{}
	sums := make([]kpi.Total, len(comps))
	for _, c := range contribs {
		i, ok := at[c.Code]
		if !ok {
			i = len(rows)
			at[c.Code] = i
			rows = append(rows, DrillRow{Code: c.Code, Name: c.Name, Kind: c.Kind, KindLabel: i18n.T(lang, "kind."+string(c.Kind)),
				Cells: make([]Cell, len(comps)), State: c.State, StateLabel: dashStateLabel(lang, c.State), URL: agencyURL(c.Code, year)})
			for j := range rows[i].Cells {
				rows[i].Cells[j].Display = "—"
			}
		}
		ind, _ := cat.Get(c.Indicator)
		rows[i].Cells[col[c.Indicator]] = cellOf(lang, ind, kpi.Figure{Value: c.Value, OK: true})
		sums[col[c.Indicator]] = sums[col[c.Indicator]].Add(c.Value)
		r := &rows[i]
		if c.ChangedAt.After(r.Changed) {
			r.ChangedBy, r.Changed, r.Audited = c.ChangedBy, c.ChangedAt, c.Audited
			r.ChangedAt = timeLabel(lang, c.ChangedAt)
		}
	}
	out := make([]Cell, len(comps))
	for j, code := range comps {
		ind, _ := cat.Get(code)
		if ind.AcrossAgencies == kpi.AcrossSum {
			out[j] = cellOf(lang, ind, kpi.Figure{Value: sums[j].Sum, OK: sums[j].N > 0})
		} else {
			out[j] = Cell{Display: "—"}
		}
	}
	return rows, out
}

// components are the entered indicators a figure is made of: a derived
// one's inputs in the order its formula reads them, a total's parts, or
// the indicator itself.
func components(cat *kpi.Catalogue, ind kpi.Indicator) []string {
	var list []string
	switch {
	case ind.IsDerived():
		e := ind.Compiled()
		list = append(append(list, e.Codes...), e.Reported...)
	case ind.OverQuarters == kpi.AggParts:
		list = append(list, ind.Parts...)
	default:
		list = []string{ind.Code}
	}
	var out []string
	for _, c := range list {
		if _, ok := cat.Get(c); ok && !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// dashStateLabel names a report state; "" is a quarter not started.
func dashStateLabel(lang, state string) string {
	if state == kpi.StateNotStarted {
		return i18n.T(lang, "dash.state.notstarted")
	}
	return i18n.T(lang, "dash.state."+state)
}

// periodLabel is "năm 2021" or "quý 2 năm 2021".
func periodLabel(lang string, year, quarter int) string {
	if quarter == 0 {
		return i18n.Tf(lang, "dash.yearof", year)
	}
	return i18n.Tf(lang, "dash.quarterofyear", quarter, year)
}
