package web

import (
	"io/fs"
	"strings"

	"github.com/gin-gonic/gin"
)

// noListing answers 404 for a directory under /static/ (http.FileServer
// would list it): only the files themselves are served.
func (s *Server) noListing(static fs.FS) gin.HandlerFunc {
	return func(c *gin.Context) {
		name := strings.Trim(c.Param("file"), "/")
		if name == "" {
			name = "."
		}
		if info, err := fs.Stat(static, name); err != nil || info.IsDir() {
			s.fail(c, notFound(c))
			return
		}
		c.Next()
	}
}
