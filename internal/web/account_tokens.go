package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
)

// createToken handles POST /account/tokens: a token for the user, within
// their scope. The answer shows the secret once, on a page no cache keeps;
// a refused form comes back (422) with each message beside its field and
// the typed values kept.
func (s *Server) createToken(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	u := currentUser(c)
	v, err := s.accountView(c)
	if err != nil {
		return err
	}
	f := TokenForm{Name: c.PostForm(auth.FieldTokenName), Scope: c.PostForm(auth.FieldTokenScope),
		Days: c.PostForm(auth.FieldTokenDays), ReadOnly: c.PostForm(auth.FieldTokenAccess) == "1", Errors: map[string]string{}}
	v.Form = f
	days, convErr := 0, error(nil) // empty: the default lifetime
	if d := strings.TrimSpace(f.Days); d != "" {
		days, convErr = strconv.Atoi(d)
	}
	if convErr != nil {
		f.Errors[auth.FieldTokenDays] = kpi.ErrorMessage(kpi.Errorf(kpi.EINVALID, "Nhập số ngày bằng chữ số, ví dụ 90.",
			"Type the number of days in digits, for example 90."), v.Lang)
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "account", v)
	}
	t, secret, err := s.auth.CreateToken(c.Request.Context(), accountActor(u), u,
		auth.NewToken{Name: f.Name, AgencyCode: f.Scope, ReadOnly: f.ReadOnly, Days: days})
	var fe auth.TokenFieldErrors
	switch {
	case errors.As(err, &fe):
		for k, e := range fe {
			f.Errors[k] = kpi.ErrorMessage(e, v.Lang)
		}
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "account", v)
	case kpi.ErrorCode(err) == kpi.EINVALID || kpi.ErrorCode(err) == kpi.ECONFLICT:
		v.Message = kpi.ErrorMessage(err, v.Lang)
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "account", v)
	case err != nil:
		return err
	}
	if v, err = s.accountView(c); err != nil { // the list with the new token
		return err
	}
	v.NewSecret, v.NewName = secret, t.Name
	c.Header("Cache-Control", "no-store")
	return s.tmpl.render(c.Writer, http.StatusCreated, "account", v)
}

// revokeToken handles POST /account/tokens/:id/revoke: only the user's own
// tokens (another's is "not found").
func (s *Server) revokeToken(c *gin.Context) error {
	u := currentUser(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return kpi.Errorf(kpi.ENOTFOUND, "Không có khóa API này.", "There is no such API token.")
	}
	if err := s.auth.RevokeToken(c.Request.Context(), accountActor(u), id, u.ID); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/account?done=revoked")
	return nil
}
