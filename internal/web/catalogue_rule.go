package web

import (
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// The rule form: left op right over indicator codes, its messages, the
// data sets it holds for; and a trial of the rule as typed against an
// agency's stored quarters, before anything is saved.

var ruleKind = catalogueKind{
	path:  "rules",
	title: "catalogue.rule",
	specs: []fieldSpec{
		{name: "code", typ: ftText, maxLen: 40, hint: true}, {name: "severity", typ: ftSelect},
		{name: "left", typ: ftText, maxLen: 1000, hint: true}, {name: "op", typ: ftSelect},
		{name: "right", typ: ftText, maxLen: 1000}, {name: "field", typ: ftSelect},
		{name: "message_vi", typ: ftArea, maxLen: 1000, hint: true}, {name: "message_en", typ: ftArea, maxLen: 1000},
		{name: "datasets", typ: ftChecks, key: "rule_datasets", hint: true}, {name: "complete", typ: ftCheck},
		{name: "try_agency", typ: ftText, maxLen: 40, hint: true},
	},
	exists: func(def kpi.Definition, code string) bool { _, ok := def.Rule(code); return ok },
	values: ruleValues,
	options: func(cat *kpi.Catalogue, lang string) map[string][]FormOption {
		fields := []FormOption{{Value: "", Label: i18n.T(lang, "catalogue.messagefield")}}
		for _, ind := range cat.Entered() {
			fields = append(fields, FormOption{Value: ind.Code, Label: ind.Code + " — " + ind.Name(lang)})
		}
		var ops []FormOption
		for _, op := range []string{"<=", "<", "==", "!=", ">=", ">"} {
			ops = append(ops, FormOption{Value: op, Label: op})
		}
		return map[string][]FormOption{
			"severity": optionsOf(lang, "catalogue.severity.", kpi.SeverityError, kpi.SeverityWarning),
			"op":       ops, "field": fields, "datasets": dataSetOptions(cat, lang),
		}
	},
	apply:   applyRule,
	fieldOf: ruleField,
	retire: func(def kpi.Definition, code string, vals url.Values, lang string, errs map[string]string) (kpi.Definition, error) {
		r, _ := def.Rule(code)
		r.RetiredFrom = formYear(vals, "retired_from", lang, errs)
		return def.PutRule(r), nil
	},
	try: (*Server).tryRule,
	extra: func(f *CatalogueForm, cat *kpi.Catalogue, code string) {
		for _, ind := range cat.Entered() {
			f.Codes = append(f.Codes, FormOption{Value: ind.Code, Label: ind.Name(f.Lang)})
		}
		if r, ok := cat.Definition().Rule(code); ok {
			f.Retire = retireYear(f.Lang, catalogueURL("rules", code), r.RetiredFrom, "catalogue.retire.rule")
		}
	},
}

func ruleValues(def kpi.Definition, code, _ string) url.Values {
	r, ok := def.Rule(code)
	if !ok {
		r = kpi.Rule{Severity: kpi.SeverityError, Op: "<="}
	}
	v := url.Values{"code": {r.Code}, "severity": {r.Severity}, "left": {r.Left}, "op": {r.Op}, "right": {r.Right},
		"field": {r.Field}, "message_vi": {r.MessageVI}, "message_en": {r.MessageEN}, "complete": {boolValue(r.Complete)}}
	v["datasets"] = append([]string(nil), r.DataSets...)
	return v
}

// applyRule reads the form into a rule and puts it into def; the year it
// is retired from is kept (the retire form changes it).
func applyRule(def kpi.Definition, code string, vals url.Values, lang string, errs map[string]string) kpi.Definition {
	old, _ := def.Rule(code)
	var sets []string
	for _, d := range def.DataSets {
		sets = append(sets, d.Code)
	}
	r := kpi.Rule{Code: code, Severity: vals.Get("severity"), Left: formText(vals, "left"), Op: vals.Get("op"),
		Right: formText(vals, "right"), Field: vals.Get("field"), MessageVI: formText(vals, "message_vi"),
		MessageEN: formText(vals, "message_en"), DataSets: formChecks(vals, "datasets", lang, sets, errs),
		Complete: vals.Get("complete") != "", RetiredFrom: old.RetiredFrom}
	return def.PutRule(r)
}

// ruleField places a problem on the rule's form.
func ruleField(p kpi.Problem, code string) (string, bool) {
	if p.Table == kpi.TableRules && p.Key == code {
		return p.Field, p.Field != ""
	}
	return "", false
}

// TryView is a rule's trial against one agency's stored quarters.
type TryView struct {
	Summary string
	Hits    []TryHit
}

// TryHit is one quarter the rule flags.
type TryHit struct {
	Period, Left, Right, Message string
}

// tryRule runs the rule as typed (built into next) over the stored
// quarters of the agency typed; nothing is saved.
func (s *Server) tryRule(c *gin.Context, next *kpi.Catalogue, p itemPost) (*TryView, error) {
	lang, code, errs := langOf(c), p.code, p.errs
	tree, err := s.requestTree(c)
	if err != nil {
		return nil, err
	}
	typed := strings.TrimSpace(p.vals.Get("try_agency"))
	a := tree.Get(typed)
	if a == nil {
		errs["try_agency"] = i18n.Tf(lang, "catalogue.try.noagency", typed)
		return nil, nil
	}
	var rule kpi.Rule
	for _, r := range next.Rules() {
		if r.Code == code {
			rule = r
		}
	}
	quarters, err := s.db.StoredQuarters(c.Request.Context(), a.Code)
	if err != nil {
		return nil, err
	}
	trial := next.TryRule(rule, a.Kind, quarters)
	v := &TryView{Summary: i18n.Tf(lang, "catalogue.try.result", a.Name, trial.Applies, trial.Checked, len(trial.Hits))}
	for _, h := range trial.Hits {
		v.Hits = append(v.Hits, TryHit{Period: i18n.Tf(lang, "wf.quarter", h.Period.Quarter, h.Period.Year),
			Left: kpi.FormatNumber(lang, h.Left), Right: kpi.FormatNumber(lang, h.Right), Message: h.Message.Message(lang)})
	}
	return v, nil
}
