package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
)

// route is one entry of the route table: a method and a gin path, who may
// use it (its gate) and its handlers. The table registers the routes and
// answers, for any link or button a page is about to show, whether the
// user may follow it (permits): the two cannot disagree.
type route struct {
	method, path string
	gate         gate
	chain        []gin.HandlerFunc
}

// gate is who may use a route: any logged-in user (act ""), or whoever may
// do act (auth.Can) to the agency the request names — a path parameter, a
// query parameter that narrows the user's scope, or else the user's own
// scope agency. Public routes are publicRoutes; their gate is open.
type gate struct {
	act   auth.Action
	param string // the path parameter naming the agency ("code", "agency")
	query string // the query parameter naming a narrower scope ("scope", "agency")
}

// open is the gate of routes any logged-in user reaches (their own
// account, notices, jobs): the handler keeps to the user's own things.
var open = gate{}

// on gates by the agency of a path parameter.
func on(act auth.Action, param string) gate { return gate{act: act, param: param} }

// within gates by the user's scope, or the narrower one ?query names.
func within(act auth.Action, query string) gate { return gate{act: act, query: query} }

// agencySuffixes are file extensions a path parameter may carry after the
// agency code (/export/agency/14722.xlsx): codes never hold a dot.
var agencySuffixes = []string{".xlsx"}

// agency is the code the gate decides on, from a route's parameters and
// query: "" means the user's own scope agency.
func (g gate) agency(params map[string]string, query url.Values) string {
	if g.param != "" {
		code := params[g.param]
		for _, s := range agencySuffixes {
			code = strings.TrimSuffix(code, s)
		}
		return code
	}
	if g.query != "" {
		return strings.TrimSpace(query.Get(g.query))
	}
	return ""
}

// handle registers every route of the table on r, each behind its gate.
func (s *Server) handle(r *gin.Engine, table []route) {
	for _, rt := range table {
		chain := rt.chain
		if rt.gate != open {
			chain = append([]gin.HandlerFunc{s.gated(rt.gate)}, chain...)
		}
		r.Handle(rt.method, rt.path, chain...)
	}
}

// gated is a route's gate as middleware: the request goes on only when the
// user may do the gate's action to the agency it names. A narrower scope
// that names no agency goes on to the handler, which answers 404 for it.
func (s *Server) gated(g gate) gin.HandlerFunc {
	return func(c *gin.Context) {
		params := map[string]string{}
		for _, p := range c.Params {
			params[p.Key] = p.Value
		}
		code := g.agency(params, c.Request.URL.Query())
		if code == "" || g.param == "" && !s.known(c, code) {
			if u := currentUser(c); u != nil {
				code = u.AgencyCode
			}
		}
		if err := s.authorize(c, g.act, code); err != nil {
			s.fail(c, err)
			return
		}
		c.Next()
	}
}

// known reports whether code is an agency of the request's tree.
func (s *Server) known(c *gin.Context, code string) bool {
	tree, err := s.requestTree(c)
	return err == nil && tree.Get(code) != nil
}

// permits reports whether the request's user may follow a link or press a
// button to target (a local URL) with method: a route of the table answers
// it and its gate lets the user through. Pages show a link or a button
// only when it does, so nobody is offered what answers 403; an address no
// route answers is no link either.
func (s *Server) permits(c *gin.Context, method, target string) bool {
	u, err := url.Parse(target)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return false
	}
	rt, params, ok := s.match(method, u.Path)
	if !ok {
		return false
	}
	if publicRoutes[rt.path] {
		return true
	}
	user := currentUser(c)
	if user == nil {
		return false
	}
	if rt.gate == open {
		return true
	}
	code := rt.gate.agency(params, u.Query())
	if code == "" {
		code = user.AgencyCode
	}
	return s.authorize(c, rt.gate.act, code) == nil
}

// match finds the route of the table that answers method and path, as gin
// would route it: a literal segment wins over a parameter, a parameter
// over a catch-all.
func (s *Server) match(method, path string) (route, map[string]string, bool) {
	var best route
	var bestParams map[string]string
	bestRank := ""
	for _, rt := range s.table {
		if rt.method != method {
			continue
		}
		params, rank, ok := matchPath(rt.path, path)
		if ok && (bestParams == nil || rank < bestRank) {
			best, bestParams, bestRank = rt, params, rank
		}
	}
	return best, bestParams, bestParams != nil
}

// matchPath matches a gin pattern ("/entry/:agency/:year/:quarter",
// "/static/*file") against a path and returns its parameters and a rank:
// per segment 0 for a literal, 1 for a parameter, 2 for a catch-all, so
// the smaller rank is gin's choice.
func matchPath(pattern, path string) (map[string]string, string, bool) {
	ps, xs := strings.Split(strings.Trim(pattern, "/"), "/"), strings.Split(strings.Trim(path, "/"), "/")
	params := map[string]string{}
	var rank strings.Builder
	for i, p := range ps {
		switch {
		case strings.HasPrefix(p, "*"):
			params[p[1:]] = "/" + strings.Join(xs[min(i, len(xs)):], "/")
			rank.WriteByte('2')
			return params, rank.String(), true
		case i >= len(xs):
			return nil, "", false
		case strings.HasPrefix(p, ":"):
			if xs[i] == "" {
				return nil, "", false
			}
			v, err := url.PathUnescape(xs[i])
			if err != nil {
				return nil, "", false
			}
			params[p[1:]] = v
			rank.WriteByte('1')
		case p != xs[i]:
			return nil, "", false
		default:
			rank.WriteByte('0')
		}
	}
	if len(xs) != len(ps) {
		return nil, "", false
	}
	return params, rank.String(), true
}

// methods of the table, short.
const (
	get  = http.MethodGet
	post = http.MethodPost
	put  = http.MethodPut
)
