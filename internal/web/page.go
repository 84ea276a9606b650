package web

import "github.com/gin-gonic/gin"

// Page is what the base layout needs on every page.
type Page struct {
	Lang string `json:"-"`
	Path string `json:"-"`
}

func (s *Server) page(c *gin.Context) Page {
	return Page{Lang: langOf(c), Path: c.Request.URL.RequestURI()}
}
