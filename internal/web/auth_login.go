package web

import (
	"net"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/seed"
)

// LoginView is the login form.
type LoginView struct {
	Page
	Username string
	Next     string
	Message  string // why the last attempt failed
}

// redirectToLogin sends a page request without a session to the login
// form, remembering where it was going (for GETs: a POST cannot be resumed).
func redirectToLogin(c *gin.Context) {
	next := "/"
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		next = c.Request.URL.RequestURI()
	}
	c.Abort()
	c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(localPath(next)))
}

// showLogin renders the login form; a logged-in user goes straight on.
func (s *Server) showLogin(c *gin.Context) error {
	next := asked(c.Query("next"))
	if u := currentUser(c); u != nil {
		c.Redirect(http.StatusSeeOther, landing(u, next))
		return nil
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "login", LoginView{Page: s.page(c), Next: next})
}

// asked is the local page a login was asked to go on to, "" for none.
func asked(next string) string {
	if next == "" {
		return ""
	}
	return localPath(next)
}

// landing is where a login goes: the page asked for, else the user's own
// start — an officer's reports to do (the officer home), the overview for
// the others.
func landing(u *auth.User, next string) string {
	switch {
	case next != "":
		return next
	case u.Role == auth.RoleOfficer:
		return "/entry"
	}
	return "/"
}

// login checks the credentials, starts a new session (ending the one the
// browser had) and goes on to the page asked for. Failures re-render the
// form with one message that does not say whether the account exists.
func (s *Server) login(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	v := LoginView{Page: s.page(c), Username: c.PostForm("username"), Next: asked(c.PostForm("next"))}
	if err := demoFromAfar(c); err != nil {
		if aerr := s.auth.RecordAccess(c.Request.Context(), auth.Access{Action: auth.ActLoginFailed,
			Username: auth.NormalizeUsername(v.Username), Where: where(c), Detail: "demo password from another machine"}); aerr != nil {
			return aerr
		}
		v.Message = kpi.ErrorMessage(err, v.Lang)
		return s.tmpl.render(c.Writer, http.StatusForbidden, "login", v)
	}
	old, _ := c.Cookie(sessionCookie)
	u, token, err := s.auth.Login(c.Request.Context(), auth.LoginRequest{
		Username: v.Username, Password: c.PostForm("password"), Address: c.ClientIP(), Route: where(c).Route, OldToken: old})
	if err != nil {
		code := kpi.ErrorCode(err)
		if code == kpi.EINTERNAL {
			return err
		}
		status := http.StatusUnauthorized
		switch {
		case auth.IsThrottled(err):
			status = http.StatusTooManyRequests
		case code == kpi.EFORBIDDEN:
			status = http.StatusForbidden
		case code == kpi.EINVALID:
			status, v.Username = http.StatusUnprocessableEntity, "" // an oversized name is not sent back
		}
		s.log.Info("login refused", "username", clipLog(auth.NormalizeUsername(v.Username)), "remote", c.ClientIP(), "reason", code)
		v.Message = kpi.ErrorMessage(err, v.Lang)
		return s.tmpl.render(c.Writer, status, "login", v)
	}
	s.log.Info("login", "username", u.Username, "role", u.Role, "remote", c.ClientIP())
	s.setSessionCookie(c, token)
	c.Redirect(http.StatusSeeOther, landing(u, v.Next))
	return nil
}

// logout ends the session in the database and in the browser.
func (s *Server) logout(c *gin.Context) error {
	if token, _ := c.Cookie(sessionCookie); token != "" {
		if err := s.auth.Logout(c.Request.Context(), token, where(c)); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/login")
	return nil
}

// clipLog keeps a logged username short: a hostile one may be a megabyte.
func clipLog(s string) string {
	if r := []rune(s); len(r) > 64 {
		return string(r[:64]) + "…"
	}
	return s
}

// demoFromAfar refuses the demo's published password from anywhere but
// this machine: on a server reachable from the network it would open every
// demo account to anyone who has read the README.
func demoFromAfar(c *gin.Context) error {
	if c.PostForm("password") != seed.DemoPassword {
		return nil
	}
	if ip := net.ParseIP(c.ClientIP()); ip != nil && ip.IsLoopback() {
		return nil
	}
	return kpi.Errorf(kpi.EFORBIDDEN, "Mật khẩu demo chỉ dùng được khi đăng nhập từ chính máy chủ (localhost). Hãy đặt mật khẩu riêng: parkpi user passwd TÊN.",
		"The demo password works only when logging in from the server itself (localhost). Set a password of your own: parkpi user passwd NAME.")
}
