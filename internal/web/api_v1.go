package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// The JSON API answers with the very view models the pages render, built by
// the same functions from the same store reads; errors come from s.fail as
// {"error", "message", "message_vi", "message_en"} with the HTTP status of
// their code (422 for a bad parameter).

// apiAgency is GET /api/v1/agencies/:code?year=&state=.
func (s *Server) apiAgency(c *gin.Context) error {
	v, err := s.cachedAgencyPage(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// apiDrilldown is GET /api/v1/agencies/:code/values?indicator=&year=&quarter=.
func (s *Server) apiDrilldown(c *gin.Context) error {
	v, err := s.drilldown(c.Request.Context(), langOf(c), drillParamsOf(c))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}
