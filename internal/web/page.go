package web

import (
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
)

// Page is what the base layout needs on every page.
type Page struct {
	Lang string     `json:"-"`
	Path string     `json:"-"`
	User *auth.User `json:"-"` // nil when anonymous
	// Menu, Admin and Account are the main menu, the administration menu
	// and the user's own: only the links whose routes let the user through
	// (permits).
	Menu    []MenuLink `json:"-"`
	Admin   []MenuLink `json:"-"`
	Account []MenuLink `json:"-"`
	may     func(method, target string) bool
}

// MenuLink is one entry of a menu; Current marks the page being shown.
type MenuLink struct {
	Label   string
	URL     string
	Current bool
}

// menuItem is a candidate entry of a menu: its label key, its address,
// and, when the link is only worth showing to those who may also do
// something there, that action on the user's own scope.
type menuItem struct {
	key, url string
	worth    auth.Action
}

// mainMenu, adminMenu and accountMenu are every entry a menu may have, in order; each
// user sees those their routes allow.
var (
	mainMenu = []menuItem{
		{"nav.overview", "/", ""},
		{"nav.entry", "/entry", auth.ActEnter},
		{"nav.cockpit", "/cockpit", ""},
		{"nav.ranking", "/ranking", ""},
		{"scores.nav", "/scores", ""},
		{"nav.upload", "/upload", ""},
		{"nav.audit", "/audit", ""},
	}
	accountMenu = []menuItem{
		{"nav.account", "/account", ""},
		{"nav.notices", "/notices", ""},
	}
	adminMenu = []menuItem{
		{"nav.users", "/admin/users", ""},
		{"agencies.nav", "/admin/agencies", ""},
		{"catalogue.nav", "/admin/catalogue", ""},
		{"dash.nav.targets", "/admin/targets", ""},
		{"public.admin.nav", "/admin/public", ""},
	}
)

func (s *Server) page(c *gin.Context) Page {
	p := Page{Lang: langOf(c), Path: c.Request.URL.RequestURI(), User: currentUser(c),
		may: func(method, target string) bool { return s.permits(c, method, target) }}
	if p.User != nil {
		p.Menu, p.Admin, p.Account = s.menu(c, p, mainMenu), s.menu(c, p, adminMenu), s.menu(c, p, accountMenu)
	}
	return p
}

// menu keeps the items the user may open (and, for those that say so, may
// act on), marking the current page's.
func (s *Server) menu(c *gin.Context, p Page, items []menuItem) []MenuLink {
	var out []MenuLink
	for _, it := range items {
		if !s.permits(c, get, it.url) || it.worth != "" && s.authorize(c, it.worth, p.User.AgencyCode) != nil {
			continue
		}
		out = append(out, MenuLink{Label: i18n.T(p.Lang, it.key), URL: it.url, Current: current(p.Path, it.url)})
	}
	return out
}

// current reports whether the page at path belongs to the menu entry url:
// the same path, or one below it ("/admin/users/7" under "/admin/users").
func current(path, url string) bool {
	path, _, _ = strings.Cut(path, "?")
	if url == "/" {
		return path == "/"
	}
	return path == url || strings.HasPrefix(path, url+"/")
}

// May tells a template whether to show a link (method "GET") or a form's
// button to target: whether the route that answers it lets the user
// through. Every link and button a page shows goes through May, or through
// a view model built with s.permits.
func (p Page) May(method, target string) bool {
	return p.may != nil && p.may(method, target)
}
