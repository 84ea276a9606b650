package web

import (
	"net/http/httptest"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
)

// RoutesOf lists the routes of s's router, for the role × route matrix.
func RoutesOf(s *Server) []gin.RouteInfo { return s.engine().Routes() }

// RouteOf is the pattern of the route that answers method and path ("" for
// none), as the route table matches it.
func RouteOf(s *Server, method, path string) string {
	rt, _, ok := s.match(method, path)
	if !ok {
		return ""
	}
	return rt.path
}

// Permits asks the route table, as a page does before showing a link or a
// button, whether u may send method to target.
func Permits(s *Server, u *auth.User, method, target string) bool {
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest(method, target, nil)
	c.Set(userKey, u)
	return s.permits(c, method, target)
}
