// Package web serves parkpi over HTTP with gin: routes, handlers, one error
// renderer, middleware and the view models that pages and the JSON API share.
package web

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/store"
)

// Options configure the web layer.
type Options struct {
	SecureCookies bool // set the Secure flag: the app is served over TLS
}

// Server holds what the handlers need; handlers are its methods.
type Server struct {
	db   *store.DB
	log  *slog.Logger
	opts Options
	tmpl *renderer
}

// New builds the server and parses every page template; a broken template
// fails here, at start.
func New(db *store.DB, log *slog.Logger, opts Options) (*Server, error) {
	tmpl, err := newRenderer()
	if err != nil {
		return nil, err
	}
	return &Server{db: db, log: log, opts: opts, tmpl: tmpl}, nil
}

// Handler returns the HTTP handler with every route and middleware.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(s.recoverPanics(), s.logRequests(), securityHeaders(), s.language())
	s.routes(r)
	return r
}

// handlerFunc is a gin handler that returns its error to one renderer.
type handlerFunc func(c *gin.Context) error

// h adapts a handlerFunc to gin, sending any error to s.fail.
func (s *Server) h(fn handlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			s.fail(c, err)
		}
	}
}
