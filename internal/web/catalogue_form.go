package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// The add and edit pages of the catalogue (indicators, data sets, rules)
// are one form: a list of fields, each named as its column in the bundle
// (so a problem of the definition, which names its column, lands beside
// its field), the values as typed (url.Values, kept on every refusal), and
// an error per field.

// FormField is one input of a catalogue form, with its error beside it.
type FormField struct {
	Name, Label, Hint string
	Type              string // text, number, textarea, select, checkbox, checks
	Value             string
	Checked           bool
	Options           []FormOption // select and checks
	Error             string
	ReadOnly          bool
	MaxLen            int
}

// FormOption is one choice of a select or a list of checkboxes.
type FormOption struct {
	Value, Label string
	On           bool
}

// RetireForm is the second form of an edit page: retire the item.
type RetireForm struct {
	Action string
	Field  *FormField // the year (indicators, rules); nil for a data set
	Hint   string
}

// CatalogueForm is the add or edit page of one catalogue item.
type CatalogueForm struct {
	Page
	Title, Action string
	Version       int64
	Existing      bool
	Fields        []FormField
	Messages      []string // problems of no field on this form
	Invalid       bool     // some field has an error
	Notice        string
	Retire        *RetireForm
	CanTry        bool     // the form has a "try" button (rules)
	Try           *TryView // a rule's trial against stored quarters
	Codes         []FormOption
}

// fieldSpec is one field of a kind of item; its label (and hint) are the
// messages catalogue.f.KEY (catalogue.h.KEY), KEY its name unless key says.
type fieldSpec struct {
	name, typ, key string
	maxLen         int
	hint           bool
}

// Field types.
const (
	ftText, ftNumber, ftArea, ftSelect, ftCheck, ftChecks = "text", "number", "textarea", "select", "checkbox", "checks"
)

// catalogueKind is what the shared handlers need of one kind of item.
type catalogueKind struct {
	path    string // the URL segment: indicators, datasets, rules
	title   string // i18n key prefix: catalogue.indicator ...
	specs   []fieldSpec
	exists  func(def kpi.Definition, code string) bool
	values  func(def kpi.Definition, code, lang string) url.Values // the stored item, or a new one's defaults
	options func(cat *kpi.Catalogue, lang string) map[string][]FormOption
	// apply parses the typed values and returns the definition with the
	// item put in; parse errors go into errs by field.
	apply func(def kpi.Definition, code string, vals url.Values, lang string, errs map[string]string) kpi.Definition
	// fieldOf says which field of the item's form a problem is about.
	fieldOf func(p kpi.Problem, code string) (string, bool)
	// extra adds what a kind's page has beyond its fields (the retire
	// form, a rule's list of codes); code is "" on a new item's page.
	extra func(f *CatalogueForm, cat *kpi.Catalogue, code string)
	// retire answers the retire form: def without the item in use.
	retire func(def kpi.Definition, code string, vals url.Values, lang string, errs map[string]string) (kpi.Definition, error)
	// try, when set, answers the form's "try" button: the item as typed
	// (in next, built) tried against stored figures, nothing saved.
	try func(s *Server, c *gin.Context, next *kpi.Catalogue, code string, vals url.Values, errs map[string]string) (*TryView, error)
}

func (k catalogueKind) url(code string) string { return catalogueURL(k.path, code) }

// catalogueURL is the address of an item's page (of the list to post a new
// one to, for code "").
func catalogueURL(path, code string) string {
	if code == "" {
		return "/admin/catalogue/" + path
	}
	return "/admin/catalogue/" + path + "/" + url.PathEscape(code)
}

// form lays the fields out with vals and errs.
func (k catalogueKind) form(c *gin.Context, s *Server, cat *kpi.Catalogue, code string, vals url.Values, errs map[string]string) *CatalogueForm {
	lang := langOf(c)
	f := &CatalogueForm{Page: s.page(c), Version: cat.Version, Existing: code != "", Action: k.url(code), CanTry: k.try != nil}
	f.Title = i18n.T(lang, k.title+".new")
	if code != "" {
		f.Title = i18n.Tf(lang, k.title+".edit", code)
	}
	opts, def := k.options(cat, lang), cat.Definition()
	for _, sp := range k.specs {
		key := sp.name
		if sp.key != "" {
			key = sp.key
		}
		ff := FormField{Name: sp.name, Label: i18n.T(lang, "catalogue.f."+key), Type: sp.typ, Value: vals.Get(sp.name),
			Error: errs[sp.name], MaxLen: sp.maxLen, ReadOnly: sp.name == "code" && code != ""}
		if ex, ok := hintExample(cat, def, key); ok {
			ff.Hint = i18n.Tf(lang, "catalogue.h."+key, ex)
		} else if sp.hint {
			ff.Hint = i18n.T(lang, "catalogue.h."+key)
		}
		ff.Checked = ff.Value != ""
		for _, o := range opts[sp.name] {
			o.On = o.On || contains(vals[sp.name], o.Value)
			ff.Options = append(ff.Options, o)
		}
		f.Invalid = f.Invalid || ff.Error != ""
		f.Fields = append(f.Fields, ff)
	}
	return f
}

// hintExample is the example a field's hint gives, taken from the
// catalogue itself so it names codes that exist.
func hintExample(cat *kpi.Catalogue, def kpi.Definition, key string) (string, bool) {
	switch key {
	case "formula":
		for _, ind := range def.Indicators {
			if ind.Formula != "" {
				return ind.Formula, true
			}
		}
	case "left":
		if len(def.Rules) > 0 {
			r := def.Rules[len(def.Rules)/2]
			return r.Left + " " + r.Op + " " + r.Right, true
		}
	case "fields":
		if entered := cat.Entered(); len(entered) > 0 && len(def.Groups) > 0 {
			return entered[0].Code + " " + def.Groups[len(def.Groups)-1].Code, true
		}
	}
	return "", false
}

// optionsOf are choices labelled by the i18n keys prefix+value.
func optionsOf(lang, prefix string, values ...string) []FormOption {
	out := make([]FormOption, len(values))
	for i, v := range values {
		out[i] = FormOption{Value: v, Label: i18n.T(lang, prefix+v)}
	}
	return out
}

// showNewItem renders the empty form of a new item.
func (s *Server) showNewItem(k catalogueKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		cat, err := s.db.Catalogue(c.Request.Context())
		if err != nil {
			return err
		}
		f := k.form(c, s, cat, "", k.values(cat.Definition(), "", langOf(c)), nil)
		k.extra(f, cat, "")
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
		f := k.form(c, s, cat, code, k.values(def, code, langOf(c)), nil)
		if n := c.Query("saved"); n == "0" {
			f.Notice = i18n.T(f.Lang, "catalogue.unchanged")
		} else if n != "" {
			f.Notice = i18n.Tf(f.Lang, "catalogue.saved", n)
		}
		k.extra(f, cat, code)
		return s.tmpl.render(c.Writer, http.StatusOK, "catalogue_form", f)
	}
}

func noCatalogueItem(code string) error {
	return kpi.Errorf(kpi.ENOTFOUND, "Không có mục “%s” trong danh mục.", "There is no “%s” in the catalogue.", code)
}

// itemPost is one POST of an item's form, parsed against the current
// catalogue.
type itemPost struct {
	k        catalogueKind
	cat      *kpi.Catalogue
	code     string // the item's code (typed, when creating)
	creating bool
	vals     url.Values
	errs     map[string]string
}

// show renders the form as posted, with status.
func (s *Server) showPost(c *gin.Context, p itemPost, status int, try *TryView, messages ...string) error {
	formCode := p.code
	if p.creating {
		formCode = ""
	}
	f := p.k.form(c, s, p.cat, formCode, p.vals, p.errs)
	f.Messages, f.Try = append(f.Messages, messages...), try
	p.k.extra(f, p.cat, formCode)
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
	view, err := p.k.try(s, c, built, p.code, p.vals, p.errs)
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
		var rest []string
		for _, pr := range problems {
			msg := problemMessage(pr, lang)
			if field, ok := p.k.fieldOf(pr, p.code); ok && hasSpec(p.k.specs, field) {
				p.errs[field] = joinMessage(p.errs[field], msg)
			} else {
				rest = append(rest, msg)
			}
		}
		return s.showPost(c, p, http.StatusUnprocessableEntity, nil, rest...)
	case kpi.ErrorCode(err) == kpi.ECONFLICT:
		return s.showPost(c, p, http.StatusConflict, nil, kpi.ErrorMessage(err, lang), i18n.T(lang, "catalogue.stale"))
	case kpi.ErrorCode(err) == kpi.EINVALID:
		return s.showPost(c, p, http.StatusUnprocessableEntity, nil, kpi.ErrorMessage(err, lang))
	}
	return err
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
