package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
)

// apiPrefix is where API tokens are accepted: only the JSON API, never a
// page, so a leaked token opens no form and no session.
const apiPrefix = "/api/v1/"

// loadBearer authenticates /api/v1 requests that carry "Authorization:
// Bearer <token>": the token's user (with the token's scope and grant)
// replaces any session of the request. A header that does not hold a
// working token answers 401 at once, with the reason in both languages;
// it never falls back to the cookie.
func (s *Server) loadBearer() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		if h == "" || !strings.HasPrefix(c.Request.URL.Path, apiPrefix) {
			c.Next()
			return
		}
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			c.Header("WWW-Authenticate", `Bearer realm="parkpi"`)
			s.fail(c, errBadAuthorization())
			return
		}
		u, err := s.auth.AuthenticateToken(c.Request.Context(), auth.TokenRequest{Secret: strings.TrimSpace(secret),
			Address: c.ClientIP(), Request: c.Request.Method + " " + c.Request.URL.Path})
		if err != nil {
			c.Header("WWW-Authenticate", `Bearer realm="parkpi", error="invalid_token"`)
			s.fail(c, err)
			return
		}
		c.Set(userKey, u)
		c.Next()
	}
}

func errBadAuthorization() error {
	return kpi.Errorf(kpi.EUNAUTHORIZED, "Tiêu đề Authorization phải là “Bearer <khóa API>”.",
		"The Authorization header must be “Bearer <API token>”.")
}

// apiSource is the audit source of an API write: "api" with a session,
// "token:<id>" with a token, so the log says which token made a change.
func apiSource(c *gin.Context) string {
	if u := currentUser(c); u != nil && u.Token != nil {
		return "token:" + strconv.FormatInt(u.Token.ID, 10)
	}
	return "api"
}
