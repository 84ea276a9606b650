package web

import (
	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
)

// Page is what the base layout needs on every page.
type Page struct {
	Lang string     `json:"-"`
	Path string     `json:"-"`
	User *auth.User `json:"-"` // nil when anonymous
}

func (s *Server) page(c *gin.Context) Page {
	return Page{Lang: langOf(c), Path: c.Request.URL.RequestURI(), User: currentUser(c)}
}

// Can tells the templates whether to show a link to an action on the
// user's own scope ("audit", "manage_users", ...). Only a convenience:
// every route checks on the server.
func (p Page) Can(act string) bool {
	return p.User != nil && auth.Can(p.User, auth.Action(act), p.User.AgencyCode, nil)
}
