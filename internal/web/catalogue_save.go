package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// The handlers every kind of catalogue item shares: its empty and stored
// forms, and a save that puts the item into the current definition.

// showNewItem renders the empty form of a new item.
func (s *Server) showNewItem(k catalogueKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		cat, err := s.db.Catalogue(c.Request.Context())
		if err != nil {
			return err
		}
		f := s.itemForm(c, itemPost{k: k, cat: cat, creating: true, vals: k.values(cat.Definition(), "", langOf(c))})
		return s.tmpl.render(c.Writer, http.StatusOK, "catalogue_form", f)
	}
}

// showItem renders the form of a stored item.
func (s *Server) showItem(k catalogueKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		cat, err := s.db.Catalogue(c.Request.Context())
		if err != nil {
			return err
		}
		code := c.Param("code")
		def := cat.Definition()
		if !k.exists(def, code) {
			return noCatalogueItem(code)
		}
		f := s.itemForm(c, itemPost{k: k, cat: cat, code: code, vals: k.values(def, code, langOf(c))})
		if n := c.Query("saved"); n == "0" {
			f.Notice = i18n.T(f.Lang, "catalogue.unchanged")
		} else if n != "" {
			f.Notice = i18n.Tf(f.Lang, "catalogue.saved", n)
		}
		return s.tmpl.render(c.Writer, http.StatusOK, "catalogue_form", f)
	}
}

func noCatalogueItem(code string) error {
	return kpi.Errorf(kpi.ENOTFOUND, "Không có mục “%s” trong danh mục.", "There is no “%s” in the catalogue.", code)
}

// showPost renders the form as posted, with status.
func (s *Server) showPost(c *gin.Context, p itemPost, status int, try *TryView, messages ...string) error {
	f := s.itemForm(c, p)
	f.Messages, f.Try = append(f.Messages, messages...), try
	return s.tmpl.render(c.Writer, status, "catalogue_form", f)
}

// saveItem adds (creating) or changes an item: the typed values are
// parsed, the item put into the current definition and the whole saved in
// one transaction from the version the form was made from. Any problem
// comes back beside its field (422) with every value kept; a catalogue
// changed meanwhile by someone else comes back the same way (409). The
// "try" button of a kind that has one saves nothing.
func (s *Server) saveItem(k catalogueKind, creating bool) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		cat, err := s.postedCatalogue(c)
		if err != nil {
			return err
		}
		p := itemPost{k: k, cat: cat, code: c.Param("code"), creating: creating, vals: c.Request.PostForm, errs: map[string]string{}}
		def, lang := cat.Definition(), langOf(c)
		if creating {
			p.code = strings.TrimSpace(p.vals.Get("code"))
		} else if !k.exists(def, p.code) {
			return noCatalogueItem(p.code)
		}
		if creating && k.exists(def, p.code) {
			p.errs["code"] = i18n.Tf(lang, "catalogue.exists", p.code)
		}
		checkLengths(k.specs, p.vals, lang, p.errs)
		next := k.apply(def, p.code, p.vals, lang, p.errs)
		if len(p.errs) > 0 {
			// The catalogue's own checks still speak for the fields that
			// did read, so every mistake shows at once.
			_, problems := kpi.Build(next)
			p.placeProblems(problems, lang, true)
			return s.showPost(c, p, http.StatusUnprocessableEntity, nil)
		}
		if k.try != nil && p.vals.Get("action") == "try" {
			return s.tryItem(c, p, next)
		}
		base, _ := strconv.ParseInt(p.vals.Get("version"), 10, 64)
		changes, err := s.saveDefinition(c, next, base)
		if err != nil {
			return s.itemRefused(c, p, err)
		}
		c.Redirect(http.StatusSeeOther, k.url(p.code)+"?saved="+strconv.Itoa(len(changes)))
		return nil
	}
}

// postedCatalogue reads a catalogue form's POST and the catalogue it
// changes.
func (s *Server) postedCatalogue(c *gin.Context) (*kpi.Catalogue, error) {
	if err := parseForm(c); err != nil {
		return nil, err
	}
	return s.db.Catalogue(c.Request.Context())
}

// tryItem builds the definition as typed and tries the item with it.
func (s *Server) tryItem(c *gin.Context, p itemPost, next kpi.Definition) error {
	built, problems := kpi.Build(next)
	if len(problems) > 0 {
		return s.itemRefused(c, p, kpi.Problems(problems))
	}
	view, err := p.k.try(s, c, built, p)
	if err != nil {
		return err
	}
	if len(p.errs) > 0 {
		return s.showPost(c, p, http.StatusUnprocessableEntity, nil)
	}
	return s.showPost(c, p, http.StatusOK, view)
}

// itemRefused answers a refused save: the definition's problems beside
// their fields, a conflict with the new version in the form.
func (s *Server) itemRefused(c *gin.Context, p itemPost, err error) error {
	lang := langOf(c)
	var problems kpi.Problems
	switch {
	case errors.As(err, &problems):
		rest := p.placeProblems(problems, lang, false)
		return s.showPost(c, p, http.StatusUnprocessableEntity, nil, rest...)
	case kpi.ErrorCode(err) == kpi.ECONFLICT:
		return s.showPost(c, p, http.StatusConflict, nil, kpi.ErrorMessage(err, lang), i18n.T(lang, "catalogue.stale"))
	case kpi.ErrorCode(err) == kpi.EINVALID:
		return s.showPost(c, p, http.StatusUnprocessableEntity, nil, kpi.ErrorMessage(err, lang))
	}
	return err
}

// placeProblems puts each problem beside the field of p's form it is
// about and returns the others. With onlyUnmarked, a field that has an
// error already (a value that did not read) keeps only that one, and the
// others are dropped: they may follow from it.
func (p itemPost) placeProblems(problems []kpi.Problem, lang string, onlyUnmarked bool) []string {
	var rest []string
	marked := map[string]bool{}
	for f := range p.errs {
		marked[f] = onlyUnmarked
	}
	for _, pr := range problems {
		msg := problemMessage(pr, lang)
		field, ok := p.k.fieldOf(pr, p.code)
		switch {
		case ok && hasSpec(p.k.specs, field) && !marked[field]:
			p.errs[field] = joinMessage(p.errs[field], msg)
		case !onlyUnmarked:
			rest = append(rest, msg)
		}
	}
	return rest
}

// saveDefinition stores a new definition made from the catalogue of
// version base (0 when the form carried none: the current one).
func (s *Server) saveDefinition(c *gin.Context, def kpi.Definition, base int64) ([]kpi.DefChange, error) {
	by := actor(c)
	return s.db.SaveCatalogue(c.Request.Context(), store.CatalogueWrite{Definition: def, Actor: by.Username,
		Source: by.Source, BaseVersion: base})
}

func joinMessage(have, msg string) string {
	if have == "" {
		return msg
	}
	return have + " " + msg
}

func hasSpec(specs []fieldSpec, name string) bool {
	for _, sp := range specs {
		if sp.name == name {
			return true
		}
	}
	return false
}
