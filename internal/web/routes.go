package web

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/templates"
)

// routes lists every route in one place.
func (s *Server) routes(r *gin.Engine) {
	static, _ := fs.Sub(templates.FS, "static")
	r.GET("/static/*file", cacheForever(), gin.WrapH(http.StripPrefix("/static/", http.FileServerFS(static))))
	r.GET("/healthz", s.h(s.health))
	r.GET("/lang/:lang", s.h(s.switchLanguage))
	// Only the routes above and /login are public (publicRoutes): the engine
	// requires a login for every other route. Gate each route with
	// s.allow(action, agency param) — the one policy function, auth.Can.
	r.GET("/login", s.h(s.showLogin))
	r.POST("/login", s.h(s.login))
	r.POST("/logout", s.h(s.logout))
	r.GET("/", s.h(s.showOverview))
	users := r.Group("/admin/users", s.allow(auth.ActManageUsers, ""))
	users.GET("", s.h(s.showUsers))
	users.GET("/new", s.h(s.showNewUser))
	users.POST("", s.h(s.createUser))
	users.GET("/:id", s.h(s.showEditUser))
	users.POST("/:id", s.h(s.updateUser))
	users.POST("/:id/disable", s.h(s.disableUser))
	users.POST("/:id/enable", s.h(s.enableUser))
	users.POST("/:id/password", s.h(s.resetPassword))
	r.NoRoute(s.h(notFound))
}
