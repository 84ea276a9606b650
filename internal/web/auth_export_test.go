package web

import "github.com/gin-gonic/gin"

// RoutesOf lists the routes of s's router, for the role × route matrix.
func RoutesOf(s *Server) []gin.RouteInfo { return s.engine().Routes() }
