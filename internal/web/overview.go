package web

import (
	"context"
	"strconv"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// headline lists the figures of the overview cards, in order: the figures
// the province reports each year. Those with a breakdown show it by kind.
var headline = []struct {
	code      string
	breakdown bool
}{
	{"tthc_simplified", false}, {"steps_cut", false}, {"hours_cut", false},
	{"svc_total", false}, {"svc_level3", false}, {"svc_level4", false},
	{"ontime_rate", false}, {"sat_rate", false}, {"sat_very_rate", false},
	{"portal_linked", true}, {"div_cut", false}, {"subdept_cut", false}, {"psu_cut", false},
	{"lan_rate", false}, {"pc_rate", true}, {"vc_endpoints", true},
}

// FigureView is one indicator's figure for a scope and period, with the
// previous year beside it: the unit of every dashboard, page and API alike.
type FigureView struct {
	Code          string       `json:"code"`
	Name          string       `json:"name"`
	Unit          string       `json:"unit"`
	Percent       bool         `json:"percent"`
	Value         float64      `json:"value"`
	OK            bool         `json:"ok"`
	Display       string       `json:"display"`
	Prev          kpi.Figure   `json:"previous"`
	PrevDisplay   string       `json:"previous_display"`
	Change        kpi.Delta    `json:"change"`
	ChangeDisplay string       `json:"change_display,omitempty"`
	ChangeLabel   string       `json:"-"`
	Direction     string       `json:"direction"`
	Breakdown     []KindFigure `json:"breakdown,omitempty"`
	ByKind        []KindFigure `json:"-"`
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
	Code string       `json:"code"`
	Name string       `json:"name"`
	Rows []FigureView `json:"rows"`
}

// KindView is a column of the by-kind breakdown.
type KindView struct {
	Kind  kpi.Kind `json:"kind"`
	Label string   `json:"label"`
}

// OverviewView is the province (or any scope) overview for a year.
type OverviewView struct {
	Page     `json:"-"`
	Title    string       `json:"title"`
	Scope    kpi.Agency   `json:"scope"`
	Year     int          `json:"year"`
	PrevYear int          `json:"previous_year"`
	Years    []int        `json:"years"`
	HasData  bool         `json:"has_data"`
	Headline []FigureView `json:"headline"`
	Groups   []GroupView  `json:"groups"`
	Kinds    []KindView   `json:"-"`
}

// showOverview renders the overview of the root agency for ?year=, by
// default the latest year with data.
func (s *Server) showOverview(c *gin.Context) error {
	v, err := s.overview(c.Request.Context(), langOf(c), c.Query("year"))
	if err != nil {
		return err
	}
	v.Page = s.page(c)
	return s.tmpl.render(c.Writer, 200, "overview", v)
}

func (s *Server) overview(ctx context.Context, lang, yearParam string) (*OverviewView, error) {
	root, err := s.db.RootAgency(ctx)
	if err != nil {
		return nil, err
	}
	years, err := s.db.Years(ctx)
	if err != nil {
		return nil, err
	}
	year, err := pickYear(yearParam, years)
	if err != nil {
		return nil, err
	}
	cur, err := s.db.FiguresByKind(ctx, store.Scope{Agency: root.Code, Year: year})
	if err != nil {
		return nil, err
	}
	prev, err := s.db.Figures(ctx, store.Scope{Agency: root.Code, Year: year - 1})
	if err != nil {
		return nil, err
	}
	fb := figureBuilder{lang: lang, cat: s.db.Catalogue(), byKind: cur.ByKind, total: cur.Total, prev: prev, prevYear: year - 1}
	v := &OverviewView{
		Title: tf(lang, "overview.title", year), Scope: root, Year: year, PrevYear: year - 1, Years: years,
		HasData: len(cur.ByKind) > 0, Kinds: fb.kinds(),
	}
	for _, h := range headline {
		v.Headline = append(v.Headline, fb.build(h.code, h.breakdown))
	}
	for _, g := range fb.cat.Groups() {
		gv := GroupView{Code: g, Name: i18n.T(lang, "group."+g)}
		for _, ind := range fb.cat.All() {
			if ind.Group == g {
				gv.Rows = append(gv.Rows, fb.build(ind.Code, false))
			}
		}
		v.Groups = append(v.Groups, gv)
	}
	return v, nil
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

func tf(lang, key string, args ...any) string {
	return sprintf(i18n.T(lang, key), args...)
}
