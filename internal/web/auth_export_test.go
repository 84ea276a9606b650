package web

import "github.com/gin-gonic/gin"

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
