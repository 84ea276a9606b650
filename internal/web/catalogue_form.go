package web

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
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
	try func(s *Server, c *gin.Context, next *kpi.Catalogue, p itemPost) (*TryView, error)
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

// itemForm lays p's fields out with its values and errors, and what the
// kind's page has beyond them.
func (s *Server) itemForm(c *gin.Context, p itemPost) *CatalogueForm {
	lang, k, cat := langOf(c), p.k, p.cat
	code := p.code
	if p.creating {
		code = ""
	}
	f := &CatalogueForm{Page: s.page(c), Version: cat.Version, Existing: code != "", Action: k.url(code), CanTry: k.try != nil}
	f.Title = i18n.T(lang, k.title+".new")
	if code != "" {
		f.Title = i18n.Tf(lang, k.title+".edit", code)
	}
	opts, def := k.options(cat, lang), cat.Definition()
	for _, sp := range k.specs {
		ff := sp.field(lang, cat, def, p)
		for _, o := range opts[sp.name] {
			o.On = o.On || contains(p.vals[sp.name], o.Value)
			ff.Options = append(ff.Options, o)
		}
		f.Invalid = f.Invalid || ff.Error != ""
		f.Fields = append(f.Fields, ff)
	}
	k.extra(f, cat, code)
	return f
}

// field is the input of one spec, labelled, with its value and error.
func (sp fieldSpec) field(lang string, cat *kpi.Catalogue, def kpi.Definition, p itemPost) FormField {
	key := sp.name
	if sp.key != "" {
		key = sp.key
	}
	ff := FormField{Name: sp.name, Label: i18n.T(lang, "catalogue.f."+key), Type: sp.typ, Value: p.vals.Get(sp.name),
		Error: p.errs[sp.name], MaxLen: sp.maxLen, ReadOnly: sp.name == "code" && !p.creating}
	if ex, ok := hintExample(cat, def, key); ok {
		ff.Hint = i18n.Tf(lang, "catalogue.h."+key, ex)
	} else if sp.hint {
		ff.Hint = i18n.T(lang, "catalogue.h."+key)
	}
	ff.Checked = ff.Value != ""
	return ff
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

// itemPost is one item's form against the current catalogue: as posted,
// or as stored (creating: a new item's form, whose code is typed).
type itemPost struct {
	k        catalogueKind
	cat      *kpi.Catalogue
	code     string // the item's code (typed, when creating)
	creating bool
	vals     url.Values
	errs     map[string]string
}
