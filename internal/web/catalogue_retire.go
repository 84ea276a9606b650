package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// retireItem answers an item's retire form: an indicator or a rule out of
// use from a year (its history kept), a data set out of the catalogue. A
// refusal comes back on the item's page, the year typed kept beside its
// error.
func (s *Server) retireItem(k catalogueKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		cat, err := s.postedCatalogue(c)
		if err != nil {
			return err
		}
		code, def, lang, vals := c.Param("code"), cat.Definition(), langOf(c), c.Request.PostForm
		if !k.exists(def, code) {
			return noCatalogueItem(code)
		}
		errs := map[string]string{}
		next, err := k.retire(def, code, vals, lang, errs)
		var changes []kpi.DefChange
		if err == nil && len(errs) == 0 {
			base, _ := strconv.ParseInt(vals.Get("version"), 10, 64)
			changes, err = s.saveDefinition(c, next, base)
		}
		if err != nil || len(errs) > 0 {
			stored := itemPost{k: k, cat: cat, code: code, vals: k.values(def, code, lang), errs: errs}
			return s.retireRefused(c, stored, vals.Get("retired_from"), err)
		}
		if k.path == dataSetKind.path {
			c.Redirect(http.StatusSeeOther, "/admin/catalogue?retired="+url.QueryEscape(code))
			return nil
		}
		c.Redirect(http.StatusSeeOther, k.url(code)+"?saved="+strconv.Itoa(len(changes)))
		return nil
	}
}

// retireRefused shows the item's page as stored with why it was not
// retired, the year typed kept beside its error.
func (s *Server) retireRefused(c *gin.Context, p itemPost, year string, err error) error {
	lang := langOf(c)
	f := s.itemForm(c, itemPost{k: p.k, cat: p.cat, code: p.code, vals: p.vals})
	status := http.StatusUnprocessableEntity
	var problems kpi.Problems
	switch code := kpi.ErrorCode(err); {
	case err == nil:
	case errors.As(err, &problems):
		for _, p := range problems {
			f.Messages = append(f.Messages, problemMessage(p, lang))
		}
	case code == kpi.EINVALID || code == kpi.ECONFLICT:
		status = statusOf(code)
		f.Messages = append(f.Messages, kpi.ErrorMessage(err, lang))
		if code == kpi.ECONFLICT {
			f.Messages = append(f.Messages, i18n.T(lang, "catalogue.stale"))
		}
	default:
		return err
	}
	if f.Retire != nil && f.Retire.Field != nil {
		f.Retire.Field.Value, f.Retire.Field.Error = year, p.errs["retired_from"]
	}
	return s.tmpl.render(c.Writer, status, "catalogue_form", f)
}

// problemMessage is a problem in the reader's language.
func problemMessage(p kpi.Problem, lang string) string {
	if lang == "en" {
		return p.MessageEN
	}
	return p.MessageVI
}
