package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/kpi"
)

// health answers 200 when the database answers a query and accepts a
// write (a tiny row of its own), 503 with the reason otherwise: a server
// whose disk is full cannot save a figure and must not say "ok".
func (s *Server) health(c *gin.Context) error {
	ctx := c.Request.Context()
	err := s.db.Ping(ctx)
	if err == nil {
		err = s.db.CheckWrite(ctx)
	}
	if err != nil {
		s.log.Error("health check", "err", err)
		reason := "the database does not answer"
		if kpi.ErrorCode(err) == kpi.ESTORAGE {
			reason = kpi.ErrorMessage(err, "en")
		}
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "reason": reason,
			"reason_vi": kpi.ErrorMessage(err, "vi")})
		return nil
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
	return nil
}
