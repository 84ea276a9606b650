package web

import (
	"context"
	"strings"

	"github.com/gin-gonic/gin"
)

// The overview is the same for every request until the data under it
// changes, so its view model — and, for the JSON API, its encoded bytes —
// are kept in the web's cache (viewcache.go) and dropped by the next commit
// of an agency below its scope, in this process or another: a saved figure
// shows on the very next request. Only data is kept: the route gate and the
// session are checked on every request before the cache is asked, and the
// key names the scope the overview covers — the user's, or a narrower one
// checked against it first — so an overview built for one scope is never
// served to another. A server deployment may let it lag behind the saves
// below its scope (Options.TotalsLag); it then says when its totals were
// read.

// overviewKey names one overview: the scope it covers (checked against the
// user's before the cache is asked), whether the links name that scope,
// the language and the query parameters as given (an invalid one fails and
// is never kept).
func overviewKey(c *gin.Context, p overviewParams) string {
	return strings.Join([]string{p.Scope.Code, p.Ranking.Scope, langOf(c), p.Year, p.Quarter, p.State,
		p.Ranking.Indicator, p.Ranking.Dir, p.Ranking.Kind}, "\x00")
}

// cachedOverview is the overview's view model, built once per change of
// its scope. It is shared: callers copy it before changing anything.
func (s *Server) cachedOverview(c *gin.Context, p overviewParams) (*OverviewView, error) {
	lang := langOf(c)
	return cachedLaggedView(c.Request.Context(), s.views, p.Scope.Code, "overview\x00"+overviewKey(c, p), func(ctx context.Context) (*OverviewView, error) {
		return s.overview(ctx, lang, p)
	})
}

// apiOverview is GET /api/v1/overview?year=&quarter=&state= (and the
// overview's ranking parameters sort, dir, kind, and scope): the encoded
// view model, encoded (and compressed) once per change of its scope.
func (s *Server) apiOverview(c *gin.Context) error {
	p, err := s.overviewParamsOf(c)
	if err != nil {
		return err
	}
	// The load may run after this request has ended (a lagged view is
	// loaded again in the background), so it holds nothing of the request
	// but its language and parameters. It builds the view itself rather
	// than through the page's cached one, which may be older than the
	// generation this load is kept under.
	lang, key := langOf(c), overviewKey(c, p)
	answer, err := cachedLaggedView(c.Request.Context(), s.views, p.Scope.Code, "overview.json\x00"+key, func(ctx context.Context) (encodedAnswer, error) {
		v, err := s.overview(ctx, lang, p)
		if err != nil {
			return encodedAnswer{}, err
		}
		return encodeAnswer(v)
	})
	if err != nil {
		return err
	}
	answer.write(c)
	return nil
}
