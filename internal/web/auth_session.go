package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// sessionCookie holds the random session token; the database keeps only
// its hash.
const sessionCookie = "parkpi_session"

// publicRoutes are the only routes an anonymous visitor reaches; every
// other route, including any added later, requires a login (deny by
// default, so a forgotten gate cannot open a page).
var publicRoutes = map[string]bool{
	"/login":        true,
	"/healthz":      true,
	"/static/*file": true,
	"/lang/:lang":   true,
	// The API's description holds no data; tools read it before they
	// have a token.
	"/api/v1/openapi.json": true,
	// The public scoreboard answers 404 unless an administrator opened it,
	// and holds approved figures only.
	"/public": true,
}

// skipsSession is what never needs the user: static files and the health
// check, which should not cost a database read each.
func skipsSession(path string) bool {
	return strings.HasPrefix(path, "/static/") || path == "/healthz"
}

// loadSession puts the session's user, if any, on the request. An expired
// or unknown cookie is simply anonymous (and is cleared).
func (s *Server) loadSession() gin.HandlerFunc {
	return func(c *gin.Context) {
		if skipsSession(c.Request.URL.Path) {
			c.Next()
			return
		}
		// Once per request: every commit made before it, on any instance, is
		// seen by what follows (the session, the tree, the caches), which
		// then read nothing to check it. If the check fails, each of them
		// reads the database as it would without it.
		if ctx, err := s.db.Synced(c.Request.Context()); err == nil {
			c.Request = c.Request.WithContext(ctx)
		}
		token, _ := c.Cookie(sessionCookie)
		if token != "" {
			u, err := s.auth.Authenticate(c.Request.Context(), token)
			if err != nil {
				s.fail(c, err)
				return
			}
			if u == nil {
				s.clearSessionCookie(c)
			} else {
				c.Set(userKey, u)
			}
		}
		c.Next()
	}
}

// requireLogin lets anonymous requests reach the public routes only.
// Unknown paths are no exception: an anonymous visitor learns nothing of
// which pages exist.
func (s *Server) requireLogin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if currentUser(c) == nil && !publicRoutes[c.FullPath()] {
			s.fail(c, errLogin())
			return
		}
		c.Next()
	}
}

// setSessionCookie gives the browser its token: HttpOnly (no script reads
// it), SameSite=Lax (not sent on cross-site posts), Secure behind TLS, and
// a session cookie (no Max-Age): the server decides when it ends.
func (s *Server) setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opts.SecureCookies})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opts.SecureCookies})
}
