package web

import (
	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
)

// Context keys of the request's user and of the agency tree loaded for it.
const (
	userKey = "auth.user"
	treeKey = "auth.tree"
)

// currentUser is the logged-in user of the request, nil when anonymous.
func currentUser(c *gin.Context) *auth.User {
	if v, ok := c.Get(userKey); ok {
		if u, ok := v.(*auth.User); ok {
			return u
		}
	}
	return nil
}

// requestTree loads the agency tree once per request.
func (s *Server) requestTree(c *gin.Context) (*kpi.Tree, error) {
	if v, ok := c.Get(treeKey); ok {
		return v.(*kpi.Tree), nil
	}
	// The cached tree (dropped by the next commit): the decision is made
	// on every request, only the tree it is made on is shared.
	tree, err := s.db.Tree(c.Request.Context())
	if err != nil {
		return nil, err
	}
	c.Set(treeKey, tree)
	return tree, nil
}

// errLogin and errForbidden are the two answers of authorize.
func errLogin() error {
	return kpi.Errorf(kpi.EUNAUTHORIZED, "Vui lòng đăng nhập.", "Please log in.")
}

func errForbidden(agencyCode string) error {
	if agencyCode == "" {
		return kpi.Errorf(kpi.EFORBIDDEN, "Bạn không có quyền thực hiện thao tác này.",
			"You are not allowed to do this.")
	}
	return kpi.Errorf(kpi.EFORBIDDEN, "Bạn không có quyền thực hiện thao tác này với cơ quan %s.",
		"You are not allowed to do this for agency %s.", agencyCode)
}

// authorize asks the one policy function whether the request's user may do
// act to the agency: nil, or an EUNAUTHORIZED error (not logged in; pages
// then redirect to the login form) or an EFORBIDDEN one (403). Handlers
// call it for the agency they are about to read or write, before touching
// anything.
func (s *Server) authorize(c *gin.Context, act auth.Action, agencyCode string) error {
	u := currentUser(c)
	if u == nil {
		return errLogin()
	}
	if u.Role == auth.RoleAdmin && !u.Disabled && u.Token == nil {
		return nil // admins need no tree (a token may narrow them: it asks auth.Can)
	}
	tree, err := s.requestTree(c)
	if err != nil {
		return err
	}
	if !auth.Can(u, act, agencyCode, tree) {
		return errForbidden(agencyCode)
	}
	return nil
}
