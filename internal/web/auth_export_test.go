package web

import (
	"net/http/httptest"
	"net/url"

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

// GateOf names what a route's gate decides a request on: the route, and
// the agency the gate reads from the target ("" for the user's own scope).
func GateOf(s *Server, method, target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return ""
	}
	rt, params, ok := s.match(method, u.Path)
	if !ok {
		return ""
	}
	return rt.path + "@" + rt.gate.agency(params, u.Query())
}
