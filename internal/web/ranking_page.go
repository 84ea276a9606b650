package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// RankingPageView is the full ranking page: one page of every agency below
// the user's scope ranked by one indicator, with the period and the choices.
type RankingPageView struct {
	Page
	Title    string
	Year     int
	Quarter  int
	Years    []int
	Quarters []int
	Ranking  *RankingView
	States   []Option // the switch between the three levels
}

// rankingParamsOf reads the full ranking's parameters: indicator, kind,
// dir, page and per_page (the overview names the indicator "sort"), and
// the ?scope= asked for.
func rankingParamsOf(c *gin.Context) rankingParams {
	return rankingParams{Indicator: c.Query("indicator"), Dir: c.Query("dir"), Kind: c.Query("kind"),
		Page: c.Query("page"), PerPage: c.Query("per_page"), Scope: askedScope(c)}
}

// rankingPage is a checked request of the full ranking and its answer.
type rankingPage struct {
	scope kpi.Agency
	per   period
	view  *RankingView
}

// fullRankingOf checks the query and builds the page of the ranking it
// asks for, of the agencies below the user's scope (or the narrower
// ?scope=): never of agencies outside it.
func (s *Server) fullRankingOf(c *gin.Context) (rankingPage, error) {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return rankingPage{}, err
	}
	scope, err := s.readScope(c, auth.ActView)
	if err != nil {
		return rankingPage{}, err
	}
	ctx, lang := c.Request.Context(), langOf(c)
	per, err := s.choosePeriod(ctx, c.Query("year"), c.Query("quarter"))
	if err != nil {
		return rankingPage{}, err
	}
	if per.level, err = pickLevel(c.Query("state")); err != nil {
		return rankingPage{}, err
	}
	q, err := parseRanking(cat, rankingParamsOf(c))
	if err != nil {
		return rankingPage{}, err
	}
	q.Scope, q.Year, q.Quarter, q.Full, q.Level = scope.Code, per.year, per.quarter, true, per.level
	v, err := s.fullRanking(ctx, lang, q)
	return rankingPage{scope: scope, per: per, view: v}, err
}

// showRanking renders /ranking?year=&quarter=&indicator=&kind=&dir=&page=&scope=.
func (s *Server) showRanking(c *gin.Context) error {
	lang := langOf(c)
	r, err := s.fullRankingOf(c)
	if err != nil {
		return err
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "ranking", RankingPageView{Page: s.page(c),
		Title: i18n.Tf(lang, "dash.rank.fulltitle", r.per.year, r.scope.Name), Year: r.per.year, Quarter: r.per.quarter,
		Years: r.per.years, Quarters: []int{1, 2, 3, 4}, Ranking: r.view, States: stateOptions(lang, r.per.level)})
}

// apiRanking is GET /api/v1/ranking?year=&quarter=&indicator=&kind=&dir=
// &page=&per_page=&scope=: a page (50 rows unless asked, at most 100) of
// the agencies below the user's scope ranked by their own figures.
func (s *Server) apiRanking(c *gin.Context) error {
	r, err := s.fullRankingOf(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, r.view)
	return nil
}

// RankField is the name of the ranking's indicator parameter on the full
// ranking page (the overview's is "sort").
func (RankingPageView) RankField() string { return "indicator" }
