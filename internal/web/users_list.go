package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
)

// UsersView is the list of users.
type UsersView struct {
	Page
	Users   []UserRow
	Message string
}

// UserRow is one user with the name of their scope agency.
type UserRow struct {
	auth.User
	AgencyName string
}

// showUsers lists every user.
func (s *Server) showUsers(c *gin.Context) error {
	v, err := s.usersView(c)
	if err != nil {
		return err
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "users", v)
}

func (s *Server) usersView(c *gin.Context) (*UsersView, error) {
	users, err := s.auth.Users(c.Request.Context())
	if err != nil {
		return nil, err
	}
	tree, err := s.requestTree(c)
	if err != nil {
		return nil, err
	}
	v := &UsersView{Page: s.page(c)}
	for _, u := range users {
		row := UserRow{User: u}
		if a := tree.Get(u.AgencyCode); a != nil {
			row.AgencyName = a.Name
		}
		v.Users = append(v.Users, row)
	}
	return v, nil
}

// disableUser and enableUser switch an account off and on; a refusal (the
// last admin, oneself) shows on the list.
func (s *Server) disableUser(c *gin.Context) error { return s.setDisabled(c, true) }
func (s *Server) enableUser(c *gin.Context) error  { return s.setDisabled(c, false) }

func (s *Server) setDisabled(c *gin.Context, disabled bool) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	if err := s.auth.SetDisabled(c.Request.Context(), actor(c), id, disabled); err != nil {
		if kpi.ErrorCode(err) != kpi.ECONFLICT {
			return err
		}
		v, verr := s.usersView(c)
		if verr != nil {
			return verr
		}
		v.Message = kpi.ErrorMessage(err, v.Lang)
		return s.tmpl.render(c.Writer, http.StatusConflict, "users", v)
	}
	c.Redirect(http.StatusSeeOther, "/admin/users")
	return nil
}
