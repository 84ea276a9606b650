package web

import (
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
)

// fieldFrom carries where the user opened a quarter from (a page of the
// cockpit, of the officer home, a drill-down), so its link back and every
// move made on it return there instead of to a list of every report.
const fieldFrom = "from"

// BackLink is the way back from a quarter to where the user came from.
type BackLink struct {
	URL   string
	Label string
}

// withFrom is a link to target that remembers the page it is on.
func withFrom(target, from string) string {
	if from == "" {
		return target
	}
	sep := "?"
	if strings.Contains(target, "?") {
		sep = "&"
	}
	return target + sep + fieldFrom + "=" + url.QueryEscape(from)
}

// backLink is where the quarter's page leads back to: the local page it
// was opened from, when the user may open it, else the user's own list —
// the officer home for those who enter, the cockpit for those who follow
// the reports, the overview for the others.
func (s *Server) backLink(c *gin.Context, lang, from string) BackLink {
	if from != "" {
		if p := localPath(from); p == from && s.permits(c, get, p) {
			return BackLink{URL: p, Label: backLabel(lang, p)}
		}
	}
	u := currentUser(c)
	switch {
	case u != nil && s.authorize(c, auth.ActEnter, u.AgencyCode) == nil:
		return BackLink{URL: "/entry", Label: backLabel(lang, "/entry")}
	case s.permits(c, get, "/cockpit"):
		return BackLink{URL: "/cockpit", Label: backLabel(lang, "/cockpit")}
	}
	return BackLink{URL: "/", Label: backLabel(lang, "/")}
}

// backLabel names the page a link goes back to.
func backLabel(lang, target string) string {
	path, _, _ := strings.Cut(target, "?")
	switch {
	case path == "/entry":
		return i18n.T(lang, "entry.back")
	case path == "/cockpit":
		return i18n.T(lang, "entry.back.cockpit")
	case path == "/":
		return i18n.T(lang, "entry.back.overview")
	case strings.HasPrefix(path, "/agencies/"):
		return i18n.T(lang, "entry.back.agency")
	}
	return i18n.T(lang, "entry.back.page")
}

// doneURL is where a form's action returns: the quarter with what was
// done, still remembering where it was opened from.
func doneURL(c *gin.Context, target, done string) string {
	return withFrom(target+"?done="+done, localFrom(c))
}

// localFrom is the form's "from" when it is a local page, else "".
func localFrom(c *gin.Context) string {
	from := c.Request.FormValue(fieldFrom)
	if from == "" || localPath(from) != from {
		return ""
	}
	return from
}
