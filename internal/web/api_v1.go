package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// The JSON API answers with the very view models the pages render, built by
// the same functions from the same store reads; errors come from s.fail as
// {"error", "message", "message_vi", "message_en"} with the HTTP status of
// their code (422 for a bad parameter).

// apiOverview is GET /api/v1/overview?year=&quarter= (and the overview's
// ranking parameters sort, dir, kind).
func (s *Server) apiOverview(c *gin.Context) error {
	v, err := s.overview(c.Request.Context(), langOf(c), overviewParamsOf(c))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// apiAgency is GET /api/v1/agencies/:code?year=.
func (s *Server) apiAgency(c *gin.Context) error {
	v, err := s.agencyPage(c.Request.Context(), langOf(c), c.Param("code"), c.Query("year"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// apiDrilldown is GET /api/v1/agencies/:code/values?indicator=&year=&quarter=.
func (s *Server) apiDrilldown(c *gin.Context) error {
	v, err := s.drilldown(c.Request.Context(), langOf(c), c.Param("code"), drillParams{
		Indicator: c.Query("indicator"), Year: c.Query("year"), Quarter: c.Query("quarter")})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// apiRanking is GET /api/v1/ranking?year=&quarter=&indicator=&kind=&dir=:
// the agencies below the province ranked by their own figures.
func (s *Server) apiRanking(c *gin.Context) error {
	ctx := c.Request.Context()
	root, err := s.db.RootAgency(ctx)
	if err != nil {
		return err
	}
	per, err := s.choosePeriod(ctx, c.Query("year"), c.Query("quarter"))
	if err != nil {
		return err
	}
	q, err := parseRanking(s.db.Catalogue(), rankingParams{Indicator: c.Query("indicator"), Dir: c.Query("dir"), Kind: c.Query("kind")})
	if err != nil {
		return err
	}
	q.Scope, q.Year, q.Quarter = root.Code, per.year, per.quarter
	v, err := s.ranking(ctx, langOf(c), q)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}
