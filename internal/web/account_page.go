package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/store"
)

// AccountView is the user's own account page: who they are, their API
// tokens (with the form that makes one, and a new token's secret shown
// once), and their reminder settings.
type AccountView struct {
	Page
	Title     string
	Agency    string
	Tokens    []TokenRow
	Form      TokenForm
	NewSecret string // the token just made: shown on this answer only
	NewName   string
	Notice    string
	Message   string
	Contact   ContactForm
}

// TokenRow is one token as the list shows it.
type TokenRow struct {
	ID       int64
	Name     string
	Hint     string
	Scope    string
	Access   string
	Created  string
	Expires  string
	LastUsed string
	Status   string
	Active   bool
}

// TokenForm is the token form: the submitted values and each field's error.
type TokenForm struct {
	Name     string
	Scope    string
	Days     string
	ReadOnly bool
	Errors   map[string]string // auth.FieldToken* -> message
}

// showAccount renders GET /account.
func (s *Server) showAccount(c *gin.Context) error {
	v, err := s.accountView(c)
	if err != nil {
		return err
	}
	v.Notice = accountNotice(v.Lang, c.Query("done"))
	return s.tmpl.render(c.Writer, http.StatusOK, "account", v)
}

// accountView builds the page for the request's user.
func (s *Server) accountView(c *gin.Context) (AccountView, error) {
	u := currentUser(c)
	if u == nil {
		return AccountView{}, errLogin()
	}
	lang := langOf(c)
	v := AccountView{Page: s.page(c), Title: i18n.T(lang, "account.title"),
		Form: TokenForm{Days: "90", Errors: map[string]string{}}}
	a, err := s.db.Agency(c.Request.Context(), u.AgencyCode)
	if err != nil {
		return v, err
	}
	v.Agency = a.Code + " — " + a.Name
	tokens, err := s.auth.Tokens(c.Request.Context(), u.ID)
	if err != nil {
		return v, err
	}
	now := s.today()
	for _, t := range tokens {
		v.Tokens = append(v.Tokens, tokenRow(lang, t, now))
	}
	v.Contact, err = s.contactForm(c)
	return v, err
}

// tokenRow lays out a token in lang.
func tokenRow(lang string, t store.APIToken, now time.Time) TokenRow {
	r := TokenRow{ID: t.ID, Name: t.Name, Hint: "…" + t.Hint, Scope: t.AgencyCode,
		Access: i18n.T(lang, "token.readwrite"), Created: dateLabel(lang, t.CreatedAt), Expires: dateLabel(lang, t.ExpiresAt),
		LastUsed: "—", Active: t.Active(now)}
	if r.Scope == "" {
		r.Scope = i18n.T(lang, "token.userscope")
	}
	if t.ReadOnly {
		r.Access = i18n.T(lang, "token.readonly")
	}
	if t.LastUsedAt != nil {
		r.LastUsed = dateLabel(lang, *t.LastUsedAt) + " " + t.LastUsedAt.Format("15:04") + " UTC, " + t.LastUsedAddr
	}
	switch {
	case t.RevokedAt != nil:
		r.Status = i18n.Tf(lang, "token.revoked", dateLabel(lang, *t.RevokedAt))
	case !r.Active:
		r.Status = i18n.T(lang, "token.expired")
	default:
		r.Status = i18n.T(lang, "token.active")
	}
	return r
}

// accountNotice confirms what the last post did.
func accountNotice(lang, done string) string {
	switch done {
	case "revoked", "contact":
		return i18n.T(lang, "account.done."+done)
	}
	return ""
}

// accountActor names the user in the audit log of their own changes.
func accountActor(u *auth.User) auth.Actor { return auth.Actor{Username: u.Username, Source: "web"} }
