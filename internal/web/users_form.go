package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// UserForm is the create and edit form of a user: the submitted values,
// and beside each field its error in the user's language (422 when any).
type UserForm struct {
	Page
	ID       int64 // 0 when creating
	Username string
	FullName string
	Role     string
	Agency   string
	Disabled bool
	Errors   map[string]string // field key (auth.Field*) -> message
	Message  string            // a form-wide message
	Notice   string            // a success message
	Roles    []auth.Role
	Agencies []kpi.Agency
	PwErrors map[string]string // errors of the reset-password form
}

// newUserForm fills the choices of the form.
func (s *Server) newUserForm(c *gin.Context) (*UserForm, error) {
	tree, err := s.requestTree(c)
	if err != nil {
		return nil, err
	}
	return &UserForm{Page: s.page(c), Roles: auth.Roles, Agencies: tree.All(),
		Errors: map[string]string{}, PwErrors: map[string]string{}}, nil
}

// fieldMessages turns an auth error into per-field messages; other coded
// errors become the form's message. Internal errors are returned.
func fieldMessages(err error, lang string, into map[string]string) (string, error) {
	var fe auth.FieldErrors
	if errors.As(err, &fe) {
		for k, e := range fe {
			into[k] = kpi.ErrorMessage(e, lang)
		}
		return "", nil
	}
	if kpi.ErrorCode(err) == kpi.EINTERNAL {
		return "", err
	}
	return kpi.ErrorMessage(err, lang), nil
}

// userID reads the :id route parameter.
func userID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, kpi.Errorf(kpi.ENOTFOUND, "Không có người dùng %s.", "There is no user %s.", c.Param("id"))
	}
	return id, nil
}

// actor names the request's user in the audit log.
func actor(c *gin.Context) auth.Actor {
	if u := currentUser(c); u != nil {
		return auth.Actor{Username: u.Username, Source: "web"}
	}
	return auth.Actor{Username: "anonymous", Source: "web"}
}

// showNewUser renders the empty form.
func (s *Server) showNewUser(c *gin.Context) error {
	f, err := s.newUserForm(c)
	if err != nil {
		return err
	}
	f.Role = string(auth.RoleOfficer)
	return s.tmpl.render(c.Writer, http.StatusOK, "users_form", f)
}

// createUser adds the user, or re-renders the form with the values kept
// and the errors beside their fields.
func (s *Server) createUser(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	f, err := s.newUserForm(c)
	if err != nil {
		return err
	}
	f.Username, f.FullName = strings.TrimSpace(c.PostForm(auth.FieldUsername)), strings.TrimSpace(c.PostForm(auth.FieldFullName))
	f.Role, f.Agency = c.PostForm(auth.FieldRole), c.PostForm(auth.FieldAgency)
	u, err := s.auth.CreateUser(c.Request.Context(), actor(c), auth.NewUser{Username: f.Username, FullName: f.FullName,
		Role: auth.Role(f.Role), AgencyCode: f.Agency, Password: c.PostForm(auth.FieldPassword)})
	if err != nil {
		if f.Message, err = fieldMessages(err, f.Lang, f.Errors); err != nil {
			return err
		}
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "users_form", f)
	}
	c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?saved=1")
	return nil
}

// editForm is the form of an existing user.
func (s *Server) editForm(c *gin.Context) (*UserForm, *auth.User, error) {
	id, err := userID(c)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.auth.User(c.Request.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	f, err := s.newUserForm(c)
	if err != nil {
		return nil, nil, err
	}
	f.ID, f.Username, f.FullName, f.Role, f.Agency, f.Disabled = u.ID, u.Username, u.FullName, string(u.Role), u.AgencyCode, u.Disabled
	return f, u, nil
}

// showEditUser renders the form of one user.
func (s *Server) showEditUser(c *gin.Context) error {
	f, _, err := s.editForm(c)
	if err != nil {
		return err
	}
	switch {
	case c.Query("saved") != "":
		f.Notice = i18n.Tf(f.Lang, "users.saved")
	case c.Query("password") != "":
		f.Notice = i18n.Tf(f.Lang, "users.pwchanged")
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "users_form", f)
}

// updateUser re-scopes a user: full name, role and agency.
func (s *Server) updateUser(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	f, u, err := s.editForm(c)
	if err != nil {
		return err
	}
	f.FullName = strings.TrimSpace(c.PostForm(auth.FieldFullName))
	f.Role, f.Agency = c.PostForm(auth.FieldRole), c.PostForm(auth.FieldAgency)
	err = s.auth.UpdateUser(c.Request.Context(), actor(c), u.ID,
		auth.UserChange{FullName: f.FullName, Role: auth.Role(f.Role), AgencyCode: f.Agency})
	if err != nil {
		if f.Message, err = fieldMessages(err, f.Lang, f.Errors); err != nil {
			return err
		}
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "users_form", f)
	}
	c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?saved=1")
	return nil
}

// resetPassword sets the password an admin typed for the user.
func (s *Server) resetPassword(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	f, u, err := s.editForm(c)
	if err != nil {
		return err
	}
	err = s.auth.SetPassword(c.Request.Context(), actor(c), u.ID, c.PostForm(auth.FieldPassword))
	if err != nil {
		if f.Message, err = fieldMessages(err, f.Lang, f.PwErrors); err != nil {
			return err
		}
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "users_form", f)
	}
	c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?password=1")
	return nil
}
