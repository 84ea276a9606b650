package web

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/templates"
)

// routes lists every route in one place.
func (s *Server) routes(r *gin.Engine) {
	static, _ := fs.Sub(templates.FS, "static")
	r.GET("/static/*file", cacheForever(), gin.WrapH(http.StripPrefix("/static/", http.FileServerFS(static))))
	r.GET("/healthz", s.h(s.health))
	r.GET("/lang/:lang", s.h(s.switchLanguage))
	r.GET("/", s.h(s.showOverview))
	r.NoRoute(s.h(notFound))
}
