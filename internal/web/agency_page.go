package web

import (
	"context"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// AgencyView is one agency's page: its subtree's indicators by quarter and
// for the year against the previous year and its targets, its trend over
// every year with data, and its child agencies.
type AgencyView struct {
	Page         `json:"-"`
	Title        string        `json:"title"`
	Scope        kpi.Agency    `json:"scope"`
	KindLabel    string        `json:"kind_label"`
	Year         int           `json:"year"`
	PrevYear     int           `json:"previous_year"`
	Years        []int         `json:"years"`
	YearComplete bool          `json:"year_complete"`
	Breadcrumbs  []Crumb       `json:"breadcrumbs"`
	Periods      []string      `json:"periods"` // the quarter columns
	Groups       []AgencyGroup `json:"groups"`
	Trends       []TrendView   `json:"trends"` // over the years, oldest first
	Columns      []RankColumn  `json:"child_columns"`
	Children     []ChildRow    `json:"children"`
	State        string        `json:"state"`    // all, submitted or approved
	Coverage     kpi.Coverage  `json:"coverage"` // of the subtree's agencies for the year
	States       []Option      `json:"-"`
	Charts       ChartData     `json:"-"`
	TrendCaption string        `json:"-"`
	Downloads    []Download    `json:"-"` // per user: the reports they may take
}

// Crumb is one step of the path from the top of the tree to the agency.
type Crumb struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	URL     string `json:"-"`
	Current bool   `json:"-"`
}

// AgencyGroup is one indicator group of the agency page.
type AgencyGroup struct {
	Code       string        `json:"code"`
	Name       string        `json:"name"`
	Rows       []AgencyRow   `json:"rows"`
	Comments   []CommentView `json:"commentary,omitempty"`
	CommentURL string        `json:"-"`
}

// AgencyRow is one indicator: Q1–Q4, the year, the previous year, the
// change and the target. Each cell links to the values behind it.
type AgencyRow struct {
	Code          string     `json:"code"`
	Name          string     `json:"name"`
	Unit          string     `json:"unit"`
	Quarters      []Cell     `json:"quarters"`
	Year          Cell       `json:"year"`
	Prev          Cell       `json:"previous"`
	Change        kpi.Delta  `json:"change"`
	ChangeDisplay string     `json:"change_display,omitempty"`
	Direction     string     `json:"direction"`
	Target        TargetView `json:"target"`
	// Comments are the agency's explanation and assessment of the year.
	Comments   []CommentView `json:"commentary,omitempty"`
	CommentURL string        `json:"-"`
}

// ChildRow is a child agency with its subtree's figures in column order.
type ChildRow struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Kind      kpi.Kind `json:"kind"`
	KindLabel string   `json:"kind_label"`
	Cells     []Cell   `json:"cells"`
	URL       string   `json:"-"`
}

// showAgency renders /agencies/:code?year=&state=.
func (s *Server) showAgency(c *gin.Context) error {
	v, err := s.cachedAgencyPage(c)
	if err != nil {
		return err
	}
	page := *v // the cached view is shared: the user goes on a copy
	page.Page = s.page(c)
	page.Downloads = s.downloads(c, page.Scope, page.Year, 0) // whole years: Biểu 06 of the year
	return s.tmpl.render(c.Writer, 200, "agency", &page)
}

// agencyAsk is a request of one agency's page: its code, ?year=, ?state=
// and the highest agency the reader may see (crumbTop).
type agencyAsk struct{ code, year, state, top string }

// cachedAgencyPage is the agency page's view model, built once per change
// of the agency's subtree; the key names everything it depends on (the
// reader's top agency shapes the breadcrumbs).
func (s *Server) cachedAgencyPage(c *gin.Context) (*AgencyView, error) {
	ask, lang := agencyAsk{code: c.Param("code"), year: c.Query("year"), state: c.Query("state"), top: crumbTop(c)}, langOf(c)
	key := strings.Join([]string{"agency", ask.code, ask.top, lang, ask.year, ask.state}, "\x00")
	return cachedView(c.Request.Context(), s.views, ask.code, key, func(ctx context.Context) (*AgencyView, error) {
		return s.agencyPage(ctx, lang, ask)
	})
}

func (s *Server) agencyPage(ctx context.Context, lang string, ask agencyAsk) (*AgencyView, error) {
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	code := ask.code
	a, err := s.db.Agency(ctx, code)
	if err != nil {
		return nil, err
	}
	per, err := s.choosePeriod(ctx, ask.year, "")
	if err != nil {
		return nil, err
	}
	if per.level, err = pickLevel(ask.state); err != nil {
		return nil, err
	}
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	fb, err := s.scopeFigures(ctx, lang, code, per)
	if err != nil {
		return nil, err
	}
	v := &AgencyView{Title: i18n.Tf(lang, "dash.agency.title", a.Name, per.year), Scope: seenFrom(a, ask.top),
		KindLabel: i18n.T(lang, "kind."+string(a.Kind)), Year: per.year, PrevYear: per.year - 1, Years: per.years,
		YearComplete: per.complete, Breadcrumbs: breadcrumbs(tree, code, ask.top, per.year),
		State: per.level.String(), Coverage: fb.coverage, States: stateOptions(lang, per.level)}
	for q := 1; q <= 4; q++ {
		v.Periods = append(v.Periods, quarterLabel(lang, q))
	}
	if v.Groups, err = s.agencyGroups(ctx, fb, per.scope(code)); err != nil {
		return nil, err
	}
	if err := s.withAgencyCommentary(ctx, lang, v); err != nil {
		return nil, err
	}
	if v.Trends, err = s.yearTrends(ctx, lang, per.scope(code), i18n.T(lang, "overview.wholeyear"), per.years); err != nil {
		return nil, err
	}
	v.Charts = chartsOf(lang, "y", v.Trends)
	v.TrendCaption = i18n.Tf(lang, "dash.agency.trendcaption", a.Name)
	cols := rankColumns(cat)
	if len(cols) > 0 {
		v.Columns = rankingColumns(lang, cat, rankingQuery{Indicator: kpi.Indicator{Code: cols[0]}, Year: per.year, Level: per.level})
	}
	v.Children, err = s.childRows(ctx, lang, tree, per.scope(code), v.Columns)
	return v, err
}

// agencyGroups lays out every indicator by group with its quarters.
func (s *Server) agencyGroups(ctx context.Context, fb figureBuilder, base store.Scope) ([]AgencyGroup, error) {
	code, year := base.Agency, base.Year
	quarters := make([]map[string]kpi.Figure, 4)
	for q := 1; q <= 4; q++ {
		f, err := s.db.Figures(ctx, store.Scope{Agency: code, Year: year, Quarter: q, Level: base.Level})
		if err != nil {
			return nil, err
		}
		quarters[q-1] = f
	}
	var out []AgencyGroup
	for _, g := range fb.cat.Groups() {
		gv := AgencyGroup{Code: g, Name: fb.cat.Group(g).Name(fb.lang)}
		for _, ind := range fb.cat.All() {
			if ind.Group != g {
				continue
			}
			fv := fb.build(ind.Code, false)
			row := AgencyRow{Code: ind.Code, Name: fv.Name, Unit: fv.Unit, Change: fv.Change,
				ChangeDisplay: fv.ChangeDisplay, Direction: fv.Direction, Target: fv.Target,
				Year: Cell{Value: fv.Value, OK: fv.OK, Display: fv.Display, URL: drillURL(code, ind.Code, year, 0)},
				Prev: Cell{Value: fv.Prev.Value, OK: fv.Prev.OK, Display: fv.PrevDisplay, URL: drillURL(code, ind.Code, year-1, 0)}}
			for q := 1; q <= 4; q++ {
				cell := cellOf(fb.lang, ind, quarters[q-1][ind.Code])
				cell.URL = drillURL(code, ind.Code, year, q)
				row.Quarters = append(row.Quarters, cell)
			}
			gv.Rows = append(gv.Rows, row)
		}
		out = append(out, gv)
	}
	return out, nil
}

// childRows lists the direct children in tree order with their subtree
// figures (a district's communes, the province's departments and districts).
func (s *Server) childRows(ctx context.Context, lang string, tree *kpi.Tree, base store.Scope, cols []RankColumn) ([]ChildRow, error) {
	code, year := base.Agency, base.Year
	figs, err := s.db.ChildFigures(ctx, base)
	if err != nil {
		return nil, err
	}
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	var out []ChildRow
	for _, ch := range tree.Children(code) {
		row := ChildRow{Code: ch.Code, Name: ch.Name, Kind: ch.Kind, KindLabel: i18n.T(lang, "kind."+string(ch.Kind)),
			URL: agencyURL(ch.Code, year)}
		for _, col := range cols {
			ind, _ := cat.Get(col.Code)
			row.Cells = append(row.Cells, cellOf(lang, ind, figs[ch.Code][col.Code]))
		}
		out = append(out, row)
	}
	return out, nil
}

// breadcrumbs is the path from top (the reader's scope agency; "" for the
// root) down to code, each step a link: the agencies above the reader's
// scope are not theirs to see.
func breadcrumbs(tree *kpi.Tree, code, top string, year int) []Crumb {
	path := []string{code}
	for _, up := range tree.Ancestors(code) {
		if path[len(path)-1] == top {
			break
		}
		path = append(path, up)
	}
	out := make([]Crumb, 0, len(path))
	for i := len(path) - 1; i >= 0; i-- {
		if a := tree.Get(path[i]); a != nil {
			out = append(out, Crumb{Code: a.Code, Name: a.Name, URL: agencyURL(a.Code, year), Current: i == 0})
		}
	}
	return out
}
