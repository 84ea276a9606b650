package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// AgencyForm is the create and edit page of an agency: the submitted
// values and beside each field its error in the user's language (422 when
// any). An existing agency's page holds two forms: name and kind, and the
// move under another parent.
type AgencyForm struct {
	Page
	Existing bool // editing a stored agency; its code cannot change
	Code     string
	Name     string
	Kind     string
	Parent   string       // the parent field's text when creating (its choice, "Name (code)"); the parent's code when editing
	MoveTo   string       // the move form's parent field, as typed
	Above    []kpi.Agency // the ancestors, from the top
	Children []kpi.Agency
	Kinds    []kpi.Kind
	Choices  AgencyChoices     // the agencies offered while typing a parent
	Errors   map[string]string // field key (store.AgencyField*) -> message
	Message  string            // a form-wide message
	Notice   string            // a success message
}

// newAgencyForm fills the choices of the form.
func (s *Server) newAgencyForm(c *gin.Context) (*AgencyForm, *kpi.Tree, error) {
	tree, err := s.requestTree(c)
	if err != nil {
		return nil, nil, err
	}
	f := &AgencyForm{Page: s.page(c), Kinds: kpi.Kinds, Errors: map[string]string{}}
	f.Choices = agencyChoices("agency-choices", scopeAgencies(tree, f.User.AgencyCode))
	return f, tree, nil
}

// agencyFieldMessages turns a store error into per-field messages; other
// coded errors become the form's message. Internal errors are returned.
func agencyFieldMessages(err error, lang string, into map[string]string) (string, error) {
	var fe store.AgencyFieldErrors
	if errors.As(err, &fe) {
		for k, e := range fe {
			into[k] = kpi.ErrorMessage(e, lang)
		}
		return "", nil
	}
	if code := kpi.ErrorCode(err); code == kpi.EINTERNAL || code == kpi.ENOTFOUND {
		return "", err
	}
	return kpi.ErrorMessage(err, lang), nil
}

// formFailed re-renders the form with 422, or returns an error that is not
// the form's to show.
func (s *Server) formFailed(c *gin.Context, f *AgencyForm, err error) error {
	if f.Message, err = agencyFieldMessages(err, f.Lang, f.Errors); err != nil {
		return err
	}
	return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "agencies_form", f)
}

func adminAgencyURL(code string) string { return "/admin/agencies/" + url.PathEscape(code) }

// showNewAgency renders the empty form, under the parent given in the
// query (the list's "add below" links) or the root.
func (s *Server) showNewAgency(c *gin.Context) error {
	f, tree, err := s.newAgencyForm(c)
	if err != nil {
		return err
	}
	f.Kind = string(kpi.KindCommune)
	parent := tree.Get(choiceCode(tree, c.Query("parent")))
	if parent == nil {
		if roots := tree.Roots(); len(roots) > 0 {
			parent = &roots[0]
		}
	}
	if parent != nil {
		f.Parent = choiceOf(*parent)
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "agencies_form", f)
}

// createAgency adds the agency, or re-renders the form with the values kept
// and the errors beside their fields.
func (s *Server) createAgency(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	f, tree, err := s.newAgencyForm(c)
	if err != nil {
		return err
	}
	f.Code, f.Name = strings.TrimSpace(c.PostForm(store.AgencyFieldCode)), strings.TrimSpace(c.PostForm(store.AgencyFieldName))
	f.Kind, f.Parent = c.PostForm(store.AgencyFieldKind), strings.TrimSpace(c.PostForm(store.AgencyFieldParent))
	by := actor(c)
	a, err := s.db.CreateAgency(c.Request.Context(), store.AgencyWrite{Code: f.Code, ParentCode: choiceCode(tree, f.Parent),
		Kind: kpi.Kind(f.Kind), Name: f.Name, Actor: by.Username, Source: by.Source})
	if err != nil {
		return s.formFailed(c, f, err)
	}
	c.Redirect(http.StatusSeeOther, adminAgencyURL(a.Code)+"?saved=1")
	return nil
}

// editAgencyForm is the form of a stored agency, with its place in the tree.
func (s *Server) editAgencyForm(c *gin.Context) (*AgencyForm, error) {
	f, tree, err := s.newAgencyForm(c)
	if err != nil {
		return nil, err
	}
	a := tree.Get(c.Param("code"))
	if a == nil {
		return nil, kpi.NoAgency(c.Param("code"))
	}
	f.Existing, f.Code, f.Name, f.Kind, f.Parent = true, a.Code, a.Name, string(a.Kind), a.ParentCode
	ancestors := tree.Ancestors(a.Code)
	for i := len(ancestors) - 1; i >= 0; i-- {
		f.Above = append(f.Above, *tree.Get(ancestors[i]))
	}
	f.Children = tree.Children(a.Code)
	return f, nil
}

// showEditAgency renders the form of one agency.
func (s *Server) showEditAgency(c *gin.Context) error {
	f, err := s.editAgencyForm(c)
	if err != nil {
		return err
	}
	switch {
	case c.Query("saved") != "":
		f.Notice = i18n.Tf(f.Lang, "agencies.saved")
	case c.Query("moved") != "":
		f.Notice = i18n.Tf(f.Lang, "agencies.moved")
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "agencies_form", f)
}

// updateAgency renames an agency or changes its kind.
func (s *Server) updateAgency(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	f, err := s.editAgencyForm(c)
	if err != nil {
		return err
	}
	f.Name, f.Kind = strings.TrimSpace(c.PostForm(store.AgencyFieldName)), c.PostForm(store.AgencyFieldKind)
	by := actor(c)
	_, err = s.db.UpdateAgency(c.Request.Context(), store.AgencyWrite{Code: f.Code, Kind: kpi.Kind(f.Kind),
		Name: f.Name, Actor: by.Username, Source: by.Source})
	if err != nil {
		return s.formFailed(c, f, err)
	}
	c.Redirect(http.StatusSeeOther, adminAgencyURL(f.Code)+"?saved=1")
	return nil
}

// moveAgency puts the agency and its subtree under the parent typed.
func (s *Server) moveAgency(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	f, err := s.editAgencyForm(c)
	if err != nil {
		return err
	}
	f.MoveTo = strings.TrimSpace(c.PostForm(store.AgencyFieldParent))
	by := actor(c)
	tree, err := s.requestTree(c)
	if err != nil {
		return err
	}
	err = s.db.MoveAgency(c.Request.Context(), store.AgencyMove{Code: f.Code, NewParent: choiceCode(tree, f.MoveTo),
		Actor: by.Username, Source: by.Source})
	if err != nil {
		return s.formFailed(c, f, err)
	}
	c.Redirect(http.StatusSeeOther, adminAgencyURL(f.Code)+"?moved=1")
	return nil
}
