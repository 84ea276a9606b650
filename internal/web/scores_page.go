package web

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// scoreRankLimit bounds the ranking a page shows; the rest is counted.
const scoreRankLimit = 200

// ScoresView is the scorecard of Decision 766 for a scope and period: the
// scope's own scorecard, one per kind of agency, the quarterly trend and
// the agencies below it ranked by their own counts. Approved data unless
// asked.
type ScoresView struct {
	Page        `json:"-"`
	Title       string            `json:"title"`
	Scope       kpi.Agency        `json:"scope"`
	Year        int               `json:"year"`
	Quarter     int               `json:"quarter"`
	PeriodLabel string            `json:"period_label"`
	Years       []int             `json:"years"`
	State       string            `json:"state"`
	Coverage    kpi.Coverage      `json:"coverage"`
	Card        ScoreCardView     `json:"scorecard"`
	ByKind      []KindScoreView   `json:"by_kind"`
	Trend       []TrendScoreView  `json:"trend"`
	Kind        string            `json:"kind,omitempty"`
	Ranking     []AgencyScoreView `json:"ranking"`
	Ranked      int               `json:"ranked"` // agencies with any count, of which Ranking shows the first
	Groups      []string          `json:"-"`      // the ranking's group columns
	States      []Option          `json:"-"`
	Kinds       []Option          `json:"-"`
	Quarters    []int             `json:"-"`
}

// scoresAsk is a scorecard request, the scope already checked.
type scoresAsk struct {
	scope                      kpi.Agency
	year, quarter, state, kind string
}

func (s *Server) scoresAskOf(c *gin.Context) (scoresAsk, error) {
	scope, err := s.readScope(c, auth.ActView)
	return scoresAsk{scope: scope, year: c.Query("year"), quarter: c.Query("quarter"), state: c.Query("state"), kind: c.Query("kind")}, err
}

// cachedScores is the view model, built once per change of the scope.
func (s *Server) cachedScores(c *gin.Context, a scoresAsk) (*ScoresView, error) {
	lang := langOf(c)
	key := strings.Join([]string{"scores", a.scope.Code, lang, a.year, a.quarter, a.state, a.kind}, "\x00")
	return cachedView(c.Request.Context(), s.views, a.scope.Code, key, func(ctx context.Context) (*ScoresView, error) {
		return s.scores(ctx, lang, a)
	})
}

// scoresOf reads the request's scorecard through the cache.
func (s *Server) scoresOf(c *gin.Context) (*ScoresView, error) {
	a, err := s.scoresAskOf(c)
	if err != nil {
		return nil, err
	}
	return s.cachedScores(c, a)
}

// showScores is GET /scores?year=&quarter=&state=&kind=&scope=.
func (s *Server) showScores(c *gin.Context) error {
	v, err := s.scoresOf(c)
	if err != nil {
		return err
	}
	page := *v
	page.Page = s.page(c)
	return s.tmpl.render(c.Writer, http.StatusOK, "scores", &page)
}

// apiScores is GET /api/v1/scores: the same view model as JSON.
func (s *Server) apiScores(c *gin.Context) error {
	v, err := s.scoresOf(c)
	if err != nil {
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
	return nil
}

func (s *Server) scores(ctx context.Context, lang string, a scoresAsk) (*ScoresView, error) {
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	x := cat.ScoreIndex()
	if x == nil {
		return nil, kpi.Errorf(kpi.ENOTFOUND, "Danh mục chưa có bộ chỉ số điểm.", "The catalogue has no score index.")
	}
	per, err := s.choosePeriod(ctx, a.year, a.quarter)
	if err != nil {
		return nil, err
	}
	if per.level, err = kpi.ParseLevel(a.state, kpi.LevelApproved); err != nil {
		return nil, err
	}
	kind := kpi.Kind(a.kind)
	if kind != "" && !kind.Valid() {
		return nil, kpi.Errorf(kpi.EINVALID, "Loại cơ quan %q không hợp lệ.", "Agency kind %q is not valid.", a.kind)
	}
	v := &ScoresView{Title: i18n.Tf(lang, "scores.title", a.scope.Name), Scope: a.scope, Year: per.year, Quarter: per.quarter,
		PeriodLabel: periodLabel(lang, per.year, per.quarter), Years: per.years, State: per.level.String(), Kind: a.kind,
		States: stateOptions(lang, per.level), Kinds: kindOptions(lang, kind), Quarters: []int{1, 2, 3, 4}}
	for _, g := range x.Groups() {
		v.Groups = append(v.Groups, g.Name(lang))
	}
	scope := per.scope(a.scope.Code)
	cur, err := s.db.FiguresByKind(ctx, scope)
	if err != nil {
		return nil, err
	}
	if v.Coverage, _, err = s.db.Coverage(ctx, scope); err != nil {
		return nil, err
	}
	v.Card = scoreCard(lang, x, cur.Total)
	for _, k := range kpi.Kinds {
		if figs, ok := cur.ByKind[k]; ok {
			v.ByKind = append(v.ByKind, KindScoreView{Kind: k, Label: i18n.T(lang, "kind."+string(k)), Card: scoreCard(lang, x, figs)})
		}
	}
	if v.Trend, err = s.scoreTrend(ctx, lang, x, per, a.scope.Code); err != nil {
		return nil, err
	}
	v.Ranking, v.Ranked, err = s.scoreRanking(ctx, lang, x, per, a.scope.Code, kind)
	return v, err
}

// scoreTrend is the scope's total by quarter, the year before and the year.
func (s *Server) scoreTrend(ctx context.Context, lang string, x *kpi.ScoreIndex, per period, code string) ([]TrendScoreView, error) {
	var periods []kpi.Period
	for _, y := range []int{per.year - 1, per.year} {
		for q := 1; q <= 4; q++ {
			periods = append(periods, kpi.Period{Year: y, Quarter: q})
		}
	}
	figs, err := s.db.PeriodFigures(ctx, per.scope(code), periods)
	if err != nil {
		return nil, err
	}
	out := make([]TrendScoreView, 0, len(periods))
	for _, p := range periods {
		sc := x.Score(figs[p])
		out = append(out, TrendScoreView{Year: p.Year, Quarter: p.Quarter, Label: periodLabel(lang, p.Year, p.Quarter),
			Total: sc.Total, Display: i18n.Number(lang, sc.Total, 1), Scored: sc.Scored})
	}
	return out, nil
}

// scoreRanking ranks the agencies of the subtree (of one kind, if asked)
// by the index over their own counts, best first.
func (s *Server) scoreRanking(ctx context.Context, lang string, x *kpi.ScoreIndex, per period, code string, kind kpi.Kind) ([]AgencyScoreView, int, error) {
	own, err := s.db.OwnFigures(ctx, per.scope(code))
	if err != nil {
		return nil, 0, err
	}
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return nil, 0, err
	}
	var rows []AgencyScoreView
	for ac, figs := range own {
		a := tree.Get(ac)
		if a == nil || (kind != "" && a.Kind != kind) {
			continue
		}
		card := scoreCard(lang, x, figs)
		row := AgencyScoreView{Code: a.Code, Name: a.Name, Kind: a.Kind, KindLabel: i18n.T(lang, "kind."+string(a.Kind)),
			Total: card.Total, Display: card.TotalDisplay, Scored: card.Scored, URL: scoresURL(a.Code, per)}
		for _, g := range card.Groups {
			row.Cells = append(row.Cells, g.Display)
		}
		rows = append(rows, row)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Total != rows[j].Total {
			return rows[i].Total > rows[j].Total
		}
		return rows[i].Code < rows[j].Code
	})
	for i := range rows {
		rows[i].Rank = i + 1
	}
	return rows[:min(len(rows), scoreRankLimit)], len(rows), nil
}

// scoresURL is an agency's scorecard for the period.
func scoresURL(code string, per period) string {
	return link("/scores", "scope", code, "year", itoa(per.year), "quarter", itoa(per.quarter), "state", stateParam(per.level))
}

// kindOptions is the choice of a kind of agency ("" for every kind).
func kindOptions(lang string, current kpi.Kind) []Option {
	out := []Option{{Value: "", Label: i18n.T(lang, "scores.allkinds"), Selected: current == ""}}
	for _, k := range kpi.Kinds {
		out = append(out, Option{Value: string(k), Label: i18n.T(lang, "kind."+string(k)), Selected: k == current})
	}
	return out
}
