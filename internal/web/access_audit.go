package web

import (
	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
)

// where is the request's address and route, for the audit trail.
func where(c *gin.Context) auth.Where {
	return auth.Where{Address: c.ClientIP(), Route: c.Request.Method + " " + c.Request.URL.Path}
}

// auditDenied records a refused request (403) in the audit trail: who, from
// where, on which route, and why in the user's words. A failure to record
// it is logged and does not change the answer: the refusal stands.
func (s *Server) auditDenied(c *gin.Context, why string) {
	a := auth.Access{Action: auth.ActAccessDenied, Where: where(c), Detail: why}
	if u := currentUser(c); u != nil {
		a.Username = u.Username
		if tree, err := s.requestTree(c); err == nil {
			if ag := tree.Get(u.AgencyCode); ag != nil {
				a.AgencyID = ag.ID
			}
		}
	}
	if err := s.auth.RecordAccess(c.Request.Context(), a); err != nil {
		s.log.Error("audit of a refused request", "err", err, "route", a.Where.Route)
	}
}
