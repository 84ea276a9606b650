// Package web serves parkpi over HTTP with gin: routes, handlers, one error
// renderer, middleware and the view models that pages and the JSON API share.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/store"
)

// Options configure the web layer.
type Options struct {
	SecureCookies bool  // set the Secure flag: the app is served over TLS
	DeadlineDays  int   // days after a period's data cut-off until its report is due, for data sets that set none; 0 means 15
	Now           Clock // "today" for deadlines; nil means the real clock
	Metrics       MetricsAccess
	// ReportReturned, when set, is called after a report is returned or
	// reopened, so its officers' email need not wait for the next
	// reminder round; it must not block.
	ReportReturned func()
	// TotalsLag is how long the overview's totals may lag behind saves
	// below its scope (0: every save on the next request); its page then
	// says when its totals were read. An agency's own figures never lag.
	TotalsLag time.Duration
}

// Server holds what the handlers need; handlers are its methods.
type Server struct {
	db   *store.DB
	log  *slog.Logger
	opts Options
	tmpl *renderer
	auth *auth.Service // users and sessions
	// views keeps the view models the pages and the API build, until the
	// data under them changes (viewcache.go).
	views *viewCache
	// metrics are what /metrics reports (metrics.go).
	metrics *metrics
	// table is every route with its gate (routes.go): it registers them
	// and decides which links and buttons a page shows.
	table []route
	// checks bounds the entry form's live checks per user (entry_check.go).
	checks *checkLimits
	// public limits each address's requests to the public scoreboard.
	public *addressLimiter
}

// New builds the server and parses every page template; a broken template
// fails here, at start.
func New(db *store.DB, log *slog.Logger, opts Options) (*Server, error) {
	tmpl, err := newRenderer()
	if err != nil {
		return nil, err
	}
	s := &Server{db: db, log: log, opts: opts, tmpl: tmpl, auth: auth.New(db), views: newViewCache(db, opts.TotalsLag),
		checks: newCheckLimits(), public: newAddressLimiter()}
	s.metrics = newMetrics(s)
	s.table = s.routeTable()
	return s, nil
}

// Handler returns the HTTP handler with every route and middleware.
func (s *Server) Handler() http.Handler {
	return s.withOperatorRoutes(s.engine())
}

// engine builds the router. Cross-origin posts are refused before anything
// else; bodies are capped; the session's user is loaded and every route but
// the public ones requires a login.
func (s *Server) engine() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	_ = r.SetTrustedProxies(nil) // the client address is the peer's: X-Forwarded-For could forge it
	r.Use(s.requestID(), s.countRequests(), s.recoverPanics(), s.logRequests(), s.securityHeaders(), s.language(),
		s.crossOrigin(), limitBody(formLimit), s.loadSession(), s.loadBearer(), s.requireLogin())
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
