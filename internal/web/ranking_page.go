package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
)

// RankingPageView is the full ranking page: one page of every agency below
// the province ranked by one indicator, with the period and the choices.
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

// periodParams are a dashboard's period and state parameters, unparsed.
type periodParams struct{ Year, Quarter, State string }

func periodParamsOf(c *gin.Context) periodParams {
	return periodParams{Year: c.Query("year"), Quarter: c.Query("quarter"), State: c.Query("state")}
}

// rankingParamsOf reads the full ranking's parameters: indicator, kind,
// dir, page and per_page (the overview names the indicator "sort").
func rankingParamsOf(c *gin.Context) rankingParams {
	return rankingParams{Indicator: c.Query("indicator"), Dir: c.Query("dir"), Kind: c.Query("kind"),
		Page: c.Query("page"), PerPage: c.Query("per_page")}
}

// fullRankingOf checks the query and builds the page of the ranking it
// asks for, of the agencies below the root.
func (s *Server) fullRankingOf(ctx context.Context, lang string, pp periodParams, p rankingParams) (*RankingView, period, error) {
	root, err := s.rootAgency(ctx)
	if err != nil {
		return nil, period{}, err
	}
	per, err := s.choosePeriod(ctx, pp.Year, pp.Quarter)
	if err != nil {
		return nil, period{}, err
	}
	if per.level, err = pickLevel(pp.State); err != nil {
		return nil, period{}, err
	}
	q, err := parseRanking(s.db.Catalogue(), p)
	if err != nil {
		return nil, period{}, err
	}
	q.Scope, q.Year, q.Quarter, q.Full, q.Level = root.Code, per.year, per.quarter, true, per.level
	v, err := s.fullRanking(ctx, lang, q)
	return v, per, err
}

// showRanking renders /ranking?year=&quarter=&indicator=&kind=&dir=&page=.
func (s *Server) showRanking(c *gin.Context) error {
	lang := langOf(c)
	v, per, err := s.fullRankingOf(c.Request.Context(), lang, periodParamsOf(c), rankingParamsOf(c))
	if err != nil {
		return err
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "ranking", RankingPageView{Page: s.page(c),
		Title: i18n.Tf(lang, "dash.rank.fulltitle", per.year), Year: per.year, Quarter: per.quarter, Years: per.years,
		Quarters: []int{1, 2, 3, 4}, Ranking: v, States: stateOptions(lang, per.level)})
}

// apiRanking is GET /api/v1/ranking?year=&quarter=&indicator=&kind=&dir=
// &page=&per_page=: a page (50 rows unless asked, at most 100) of the
// agencies below the province ranked by their own figures.
func (s *Server) apiRanking(c *gin.Context) error {
	v, _, err := s.fullRankingOf(c.Request.Context(), langOf(c), periodParamsOf(c), rankingParamsOf(c))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// RankField is the name of the ranking's indicator parameter on the full
// ranking page (the overview's is "sort").
func (RankingPageView) RankField() string { return "indicator" }
