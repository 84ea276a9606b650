package web

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// FigureView is one indicator's figure for a scope and period, with the
// previous year beside it and the target: the unit of every dashboard, page
// and API alike.
type FigureView struct {
	Code          string        `json:"code"`
	Name          string        `json:"name"`
	Unit          string        `json:"unit"`
	Percent       bool          `json:"percent"`
	Value         float64       `json:"value"`
	OK            bool          `json:"ok"`
	Display       string        `json:"display"`
	Prev          kpi.Figure    `json:"previous"`
	PrevDisplay   string        `json:"previous_display"`
	Change        kpi.Delta     `json:"change"`
	ChangeDisplay string        `json:"change_display,omitempty"`
	ChangeLabel   string        `json:"-"`
	Direction     string        `json:"direction"`
	Target        TargetView    `json:"target"`
	Breakdown     []KindFigure  `json:"breakdown,omitempty"`
	ByKind        []KindFigure  `json:"by_kind,omitempty"`
	Coverage      *kpi.Coverage `json:"coverage,omitempty"`      // what the figure is made of
	CoverageNote  string        `json:"coverage_note,omitempty"` // "142/174 cơ quan đã báo cáo" when incomplete
	URL           string        `json:"-"`                       // the values behind the figure
	Comments      []CommentView `json:"commentary,omitempty"`    // the scope's explanation and assessment
	CommentURL    string        `json:"-"`                       // where they are read and written
	CommentLabel  string        `json:"-"`                       // the link's words
}

// KindFigure is a figure of the agencies of one kind within the scope.
type KindFigure struct {
	Kind    kpi.Kind `json:"kind"`
	Label   string   `json:"label"`
	Value   float64  `json:"value"`
	OK      bool     `json:"ok"`
	Display string   `json:"display"`
}

// GroupView is one indicator group's table.
type GroupView struct {
	Code       string        `json:"code"`
	Name       string        `json:"name"`
	Rows       []FigureView  `json:"rows"`
	Comments   []CommentView `json:"commentary,omitempty"`
	CommentURL string        `json:"-"`
}

// KindView is a column of the by-kind breakdown.
type KindView struct {
	Kind  kpi.Kind `json:"kind"`
	Label string   `json:"label"`
}

// OverviewView is the province (or any scope) overview for a year or one
// of its quarters.
type OverviewView struct {
	Page         `json:"-"`
	Title        string            `json:"title"`
	Scope        kpi.Agency        `json:"scope"`
	Year         int               `json:"year"`
	PrevYear     int               `json:"previous_year"`
	Quarter      int               `json:"quarter"` // 0: the whole year
	PeriodLabel  string            `json:"period_label"`
	Years        []int             `json:"years"`
	Quarters     []int             `json:"-"`
	YearComplete bool              `json:"year_complete"`
	HasData      bool              `json:"has_data"`
	Headline     []FigureView      `json:"headline"`
	Groups       []GroupView       `json:"groups"`
	Kinds        []KindView        `json:"kinds"`
	Trends       []TrendView       `json:"trends"`
	Ranking      *RankingView      `json:"ranking"`
	Completeness *CompletenessView `json:"completeness,omitempty"`
	State        string            `json:"state"`    // all, submitted or approved
	Coverage     kpi.Coverage      `json:"coverage"` // of the scope's agencies for the period
	States       []Option          `json:"-"`        // the switch between the three
	Charts       ChartData         `json:"-"`
	TrendCaption string            `json:"-"`
	Downloads    []Download        `json:"-"` // per user: the reports they may take
	// TotalsAsOf is when the totals were read: what the page says when a
	// server deployment lets them lag behind the saves below the scope.
	TotalsAsOf time.Time `json:"totals_as_of"`
	AsOfLabel  string    `json:"-"` // "Số liệu tổng hợp lúc 09:30:05", when they may lag
}

// overviewParams are the overview's query parameters, unparsed, and the
// scope it covers, already checked against the user's (readScope).
type overviewParams struct {
	Scope                kpi.Agency
	Year, Quarter, State string
	Ranking              rankingParams
}

// overviewParamsOf reads the overview's parameters and its scope: the
// user's scope agency, or a narrower ?scope= inside it.
func (s *Server) overviewParamsOf(c *gin.Context) (overviewParams, error) {
	scope, err := s.readScope(c, auth.ActView)
	if err != nil {
		return overviewParams{}, err
	}
	return overviewParams{Scope: scope, Year: c.Query("year"), Quarter: c.Query("quarter"), State: c.Query("state"),
		Ranking: rankingParams{Indicator: c.Query("sort"), Dir: c.Query("dir"), Kind: c.Query("kind"), Scope: askedScope(c)}}, nil
}

// showOverview renders the overview of the user's scope (or the narrower
// ?scope=) for ?year= (by default the latest year with data) and ?quarter=
// (0 or none: the year).
func (s *Server) showOverview(c *gin.Context) error {
	p, err := s.overviewParamsOf(c)
	if err != nil {
		return err
	}
	v, err := s.cachedOverview(c, p)
	if err != nil {
		return err
	}
	page := *v // the cached view is shared: the user goes on a copy
	page.Page = s.page(c)
	if s.opts.TotalsLag > 0 {
		page.AsOfLabel = i18n.Tf(page.Lang, "overview.asof", page.TotalsAsOf.In(vietnam).Format("15:04:05"))
	}
	page.Downloads = s.downloads(c, page.Scope, page.Year, page.Quarter)
	return s.tmpl.render(c.Writer, 200, "overview", &page)
}

// period is a year and quarter chosen from the query, with what the
// dashboards need to know about it.
type period struct {
	years    []int
	year     int
	quarter  int
	complete bool
	quarters []int     // the year's quarters that have data
	level    kpi.Level // which reports the figures count (state=)
}

// scope is the store's key for an agency's figures of this period.
func (p period) scope(agency string) store.Scope {
	return store.Scope{Agency: agency, Year: p.year, Quarter: p.quarter, Level: p.level}
}

// pickLevel reads ?state=: all, submitted or approved; dashboards count
// every report unless asked (with a visible switch).
func pickLevel(param string) (kpi.Level, error) { return kpi.ParseLevel(param, kpi.LevelAll) }

// rootAgency is the top of the tree (the first root), from the cached tree.
func (s *Server) rootAgency(ctx context.Context) (kpi.Agency, error) {
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return kpi.Agency{}, err
	}
	roots := tree.Roots()
	if len(roots) == 0 {
		return kpi.Agency{}, kpi.Errorf(kpi.ENOTFOUND, "Chưa có cơ quan nào.", "There are no agencies yet.")
	}
	return roots[0], nil
}

// choosePeriod reads ?year= and ?quarter=: the year defaults to the latest
// with data, the quarter to 0 (the whole year). A year is complete when it
// has all four quarters or a later year has data.
func (s *Server) choosePeriod(ctx context.Context, yearParam, quarterParam string) (period, error) {
	years, err := s.db.Years(ctx)
	if err != nil {
		return period{}, err
	}
	year, err := pickYear(yearParam, years)
	if err != nil {
		return period{}, err
	}
	quarter, err := pickQuarter(quarterParam)
	if err != nil {
		return period{}, err
	}
	qs, err := s.db.Quarters(ctx, year)
	if err != nil {
		return period{}, err
	}
	complete := len(qs) == 4 || (len(years) > 0 && year < years[0])
	return period{years: years, year: year, quarter: quarter, complete: complete, quarters: qs}, nil
}

func (s *Server) overview(ctx context.Context, lang string, p overviewParams) (*OverviewView, error) {
	asOf := time.Now() // every commit before this is in the totals read below
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	root := p.Scope
	per, err := s.choosePeriod(ctx, p.Year, p.Quarter)
	if err != nil {
		return nil, err
	}
	if per.level, err = pickLevel(p.State); err != nil {
		return nil, err
	}
	rq, err := parseRanking(cat, p.Ranking)
	if err != nil {
		return nil, err
	}
	rq.Year, rq.Quarter, rq.Scope, rq.Level = per.year, per.quarter, root.Code, per.level
	v := &OverviewView{Title: i18n.Tf(lang, "overview.title", per.year, root.Name), Scope: root, Year: per.year, PrevYear: per.year - 1,
		Quarter: per.quarter, PeriodLabel: quarterLabel(lang, per.quarter), Years: per.years, Quarters: []int{1, 2, 3, 4},
		YearComplete: per.complete, TrendCaption: i18n.Tf(lang, "dash.trendcaption", per.year-1, per.year),
		State: per.level.String(), States: stateOptions(lang, per.level), TotalsAsOf: asOf.UTC().Truncate(time.Millisecond)}
	// Independent parts: after a commit each reads the database anew, and
	// on two cores their reads overlap, so a rebuild under a stream of saves
	// lasts as long as its longest part rather than their sum.
	err = parallel(
		func() error { return s.overviewFigures(ctx, lang, v, per) },
		func() (err error) {
			if v.Trends, err = s.quarterTrends(ctx, lang, per.scope(root.Code)); err == nil {
				v.Charts = quarterCharts(lang, v.Trends)
			}
			return err
		},
		func() (err error) { v.Ranking, err = s.overviewRanking(ctx, lang, rq); return err },
		func() (err error) {
			v.Completeness, err = s.completeness(ctx, lang, rq.Scope, rq.Asked, per)
			return err
		},
	)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// scopeFigures reads a scope's figures for the period, the same period a
// year earlier and the year's targets.
func (s *Server) scopeFigures(ctx context.Context, lang, scope string, per period) (figureBuilder, error) {
	catalogue, err := s.db.Catalogue(ctx)
	if err != nil {
		return figureBuilder{}, err
	}
	cur, err := s.db.FiguresByKind(ctx, per.scope(scope))
	if err != nil {
		return figureBuilder{}, err
	}
	prevScope := per.scope(scope)
	prevScope.Year--
	prev, err := s.previousFigures(ctx, prevScope)
	if err != nil {
		return figureBuilder{}, err
	}
	targets, err := s.db.Targets(ctx, scope, per.year)
	if err != nil {
		return figureBuilder{}, err
	}
	coverage, _, err := s.db.Coverage(ctx, per.scope(scope))
	if err != nil {
		return figureBuilder{}, err
	}
	label := i18n.Tf(lang, "overview.vsprev", per.year-1)
	if per.quarter > 0 {
		label = i18n.Tf(lang, "dash.vsquarter", per.quarter, per.year-1)
	}
	return figureBuilder{lang: lang, cat: catalogue, byKind: cur.ByKind, total: cur.Total, prev: prev,
		changeLabel: label, goals: goals{targets: targets, complete: per.complete, quarter: per.quarter},
		coverage: coverage, level: per.level, yearly: per.quarter == 0}, nil
}

// buildGroups lays out every indicator by group, each row drilling down.
func buildGroups(fb figureBuilder, scope string, per period) []GroupView {
	var out []GroupView
	for _, g := range fb.cat.Groups() {
		gv := GroupView{Code: g, Name: fb.cat.Group(g).Name(fb.lang)}
		for _, ind := range fb.cat.All() {
			if ind.Group == g {
				fv := fb.build(ind.Code, false)
				fv.URL = drillURL(scope, ind.Code, per.year, per.quarter)
				gv.Rows = append(gv.Rows, fv)
			}
		}
		out = append(out, gv)
	}
	return out
}

// pickYear reads ?year=; empty means the latest year with data.
func pickYear(param string, years []int) (int, error) {
	if param == "" {
		if len(years) == 0 {
			return 0, kpi.Errorf(kpi.ENOTFOUND, "Chưa có số liệu năm nào.", "There is no data for any year yet.")
		}
		return years[0], nil
	}
	y, err := strconv.Atoi(param)
	if err != nil || y < kpi.MinYear || y > kpi.MaxYear {
		return 0, kpi.Errorf(kpi.EINVALID, "Năm %q không hợp lệ.", "Year %q is not valid.", param)
	}
	return y, nil
}

// pickQuarter reads ?quarter=: empty or 0 is the whole year, else 1 to 4.
func pickQuarter(param string) (int, error) {
	if param == "" {
		return 0, nil
	}
	q, err := strconv.Atoi(param)
	if err != nil || q < 0 || q > 4 {
		return 0, kpi.Errorf(kpi.EINVALID, "Quý %q không hợp lệ (0 là cả năm, hoặc từ 1 đến 4).",
			"Quarter %q is not valid (0 for the whole year, or 1 to 4).", param)
	}
	return q, nil
}

// RankField is the name of the ranking's indicator parameter on the
// overview (the full ranking page's is "indicator").
func (OverviewView) RankField() string { return "sort" }

// overviewFigures fills the cards and the group tables.
func (s *Server) overviewFigures(ctx context.Context, lang string, v *OverviewView, per period) error {
	fb, err := s.scopeFigures(ctx, lang, v.Scope.Code, per)
	if err != nil {
		return err
	}
	v.HasData, v.Kinds, v.Coverage = len(fb.byKind) > 0, fb.kinds(), fb.coverage
	// The cards are the catalogue's overview view, in its order.
	for _, h := range fb.cat.Display(kpi.ViewOverview) {
		fv := fb.build(h.Indicator, h.Option == "by_kind")
		fv.withCoverage(fb)
		fv.URL = drillURL(v.Scope.Code, h.Indicator, per.year, per.quarter)
		v.Headline = append(v.Headline, fv)
	}
	v.Groups = buildGroups(fb, v.Scope.Code, per)
	return s.withCommentary(ctx, lang, v)
}

// parallel runs the functions at once and returns the first error.
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, f := range fns {
		wg.Go(func() { errs[i] = f() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err // as it is, so its code still decides the status
		}
	}
	return nil
}
