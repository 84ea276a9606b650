package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// health answers 200 when the database answers a query, 503 otherwise.
func (s *Server) health(c *gin.Context) error {
	if err := s.db.Ping(c.Request.Context()); err != nil {
		s.log.Error("health check", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return nil
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
	return nil
}
