package web

import (
	"net/url"
	"strconv"
	"strings"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// The indicator form: the indicator's own columns, the data sets whose
// forms hold it and the views that show it (the overview's cards, the
// summary's columns), all saved as one change.

// The views an indicator's form places it in.
var indicatorViews = []string{kpi.ViewOverview, kpi.ViewSummary}

var indicatorKind = catalogueKind{
	path:  "indicators",
	title: "catalogue.indicator",
	specs: []fieldSpec{
		{name: "code", typ: ftText, maxLen: 40, hint: true}, {name: "group", typ: ftSelect},
		{name: "name_vi", typ: ftText, maxLen: 300}, {name: "name_en", typ: ftText, maxLen: 300},
		{name: "unit_vi", typ: ftText, maxLen: 40}, {name: "unit_en", typ: ftText, maxLen: 40},
		{name: "kind", typ: ftSelect}, {name: "formula", typ: ftText, maxLen: 1000, hint: true},
		{name: "parts", typ: ftText, maxLen: 400, hint: true},
		{name: "over_quarters", typ: ftSelect}, {name: "across_agencies", typ: ftSelect},
		{name: "min", typ: ftNumber, maxLen: 30}, {name: "max", typ: ftNumber, maxLen: 30},
		{name: "higher_is_better", typ: ftCheck}, {name: "decimals", typ: ftNumber, maxLen: 2},
		{name: "rank", typ: ftNumber, maxLen: 3, hint: true},
		{name: "outlier_factor", typ: ftNumber, maxLen: 30, hint: true}, {name: "outlier_window", typ: ftNumber, maxLen: 3},
		{name: "outlier_floor", typ: ftNumber, maxLen: 30},
		{name: "datasets", typ: ftChecks, hint: true}, {name: "views", typ: ftChecks},
	},
	exists: func(def kpi.Definition, code string) bool { _, ok := def.Indicator(code); return ok },
	values: indicatorValues,
	options: func(cat *kpi.Catalogue, lang string) map[string][]FormOption {
		return map[string][]FormOption{
			"group":           groupOptions(cat, lang),
			"kind":            optionsOf(lang, "catalogue.kind.", kpi.KindEntered, kpi.KindDerived),
			"over_quarters":   append([]FormOption{{Value: "", Label: i18n.T(lang, "catalogue.agg.none")}}, optionsOf(lang, "catalogue.agg.", kpi.AggSum, kpi.AggLast, kpi.AggFirst, kpi.AggAvg, kpi.AggParts)...),
			"across_agencies": append([]FormOption{{Value: "", Label: i18n.T(lang, "catalogue.agg.none")}}, optionsOf(lang, "catalogue.across.", kpi.AcrossSum, kpi.AcrossAvg)...),
			"datasets":        dataSetOptions(cat, lang),
			"views":           optionsOf(lang, "catalogue.view.", indicatorViews...),
		}
	},
	apply:   applyIndicator,
	fieldOf: indicatorField,
	retire: func(def kpi.Definition, code string, vals url.Values, lang string, errs map[string]string) (kpi.Definition, error) {
		ind, _ := def.Indicator(code)
		ind.RetiredFrom = formYear(vals, "retired_from", lang, errs)
		return def.PutIndicator(ind), nil
	},
	extra: func(f *CatalogueForm, cat *kpi.Catalogue, code string) {
		ind, ok := cat.Get(code)
		if !ok {
			return
		}
		f.Retire = retireYear(f.Lang, catalogueURL("indicators", code), ind.RetiredFrom, "catalogue.retire.indicator")
	},
}

// indicatorValues are a stored indicator's fields as the form shows them,
// or a new one's defaults (entered, summed, the default outlier rule).
func indicatorValues(def kpi.Definition, code, lang string) url.Values {
	ind, ok := def.Indicator(code)
	if !ok {
		ind = kpi.Indicator{Kind: kpi.KindEntered, OverQuarters: kpi.AggSum, AcrossAgencies: kpi.AcrossSum,
			Max: 1000000, HigherIsBetter: true, Outlier: kpi.DefaultOutlier}
		if len(def.Groups) > 0 {
			ind.Group = def.Groups[0].Code
		}
	}
	v := url.Values{"code": {ind.Code}, "group": {ind.Group}, "name_vi": {ind.NameVI}, "name_en": {ind.NameEN},
		"unit_vi": {ind.UnitVI}, "unit_en": {ind.UnitEN}, "kind": {ind.Kind}, "formula": {ind.Formula},
		"parts": {strings.Join(ind.Parts, " + ")}, "over_quarters": {ind.OverQuarters}, "across_agencies": {ind.AcrossAgencies},
		"min": {kpi.FormatNumber(lang, ind.Min)}, "max": {kpi.FormatNumber(lang, ind.Max)},
		"higher_is_better": {boolValue(ind.HigherIsBetter)}, "decimals": {strconv.Itoa(ind.Decimals)},
		"rank": {strconv.Itoa(ind.Rank)}, "outlier_factor": {kpi.FormatNumber(lang, ind.Outlier.Factor)},
		"outlier_window": {strconv.Itoa(ind.Outlier.Window)}, "outlier_floor": {kpi.FormatNumber(lang, ind.Outlier.Floor)}}
	for _, d := range def.DataSets {
		if d.Has(ind.Code) {
			v.Add("datasets", d.Code)
		}
	}
	for _, view := range indicatorViews {
		if ind.Code != "" && def.Shown(view, ind.Code) {
			v.Add("views", view)
		}
	}
	return v
}

// applyIndicator reads the form into an indicator and puts it, its forms
// and its views into def. The year it is retired from is kept: the retire
// form changes it.
func applyIndicator(def kpi.Definition, code string, vals url.Values, lang string, errs map[string]string) kpi.Definition {
	old, _ := def.Indicator(code)
	ind := kpi.Indicator{Code: code, Group: vals.Get("group"), NameVI: formText(vals, "name_vi"), NameEN: formText(vals, "name_en"),
		UnitVI: formText(vals, "unit_vi"), UnitEN: formText(vals, "unit_en"), Kind: vals.Get("kind"),
		Formula: formText(vals, "formula"), Parts: splitParts(vals.Get("parts")),
		OverQuarters: vals.Get("over_quarters"), AcrossAgencies: vals.Get("across_agencies"),
		Min: formNumber(vals, "min", lang, errs), Max: formNumber(vals, "max", lang, errs),
		HigherIsBetter: vals.Get("higher_is_better") != "", Decimals: formInt(vals, "decimals", lang, errs),
		Rank: formInt(vals, "rank", lang, errs), RetiredFrom: old.RetiredFrom,
		Outlier: kpi.Outlier{Factor: formNumber(vals, "outlier_factor", lang, errs), Window: formInt(vals, "outlier_window", lang, errs),
			Floor: formNumber(vals, "outlier_floor", lang, errs)}}
	if ind.Kind == kpi.KindDerived {
		// How quarters and agencies fold is the formula's business.
		ind.OverQuarters, ind.AcrossAgencies = "", ""
	}
	var sets []string
	for _, d := range def.DataSets {
		sets = append(sets, d.Code)
	}
	next := def.PutIndicator(ind).PlaceOnForms(code, ind.Group, formChecks(vals, "datasets", lang, sets, errs))
	views := formChecks(vals, "views", lang, indicatorViews, errs)
	for _, view := range indicatorViews {
		next = next.PlaceInView(view, code, contains(views, view))
	}
	return next
}

// splitParts reads "a + b + c".
func splitParts(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "+") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// indicatorField places a problem on the indicator's form: its own
// columns, its place on the data sets' forms and in the views.
func indicatorField(p kpi.Problem, code string) (string, bool) {
	switch {
	case p.Table == kpi.TableIndicators && p.Key == code:
		return p.Field, p.Field != ""
	case p.Table == kpi.TableFields && strings.HasSuffix(p.Key, "/"+code):
		return "datasets", true
	case p.Table == kpi.TableDisplay && strings.HasSuffix(p.Key, "/"+code):
		return "views", true
	}
	return "", false
}

func groupOptions(cat *kpi.Catalogue, lang string) []FormOption {
	var out []FormOption
	for _, g := range cat.Definition().Groups {
		out = append(out, FormOption{Value: g.Code, Label: g.Name(lang)})
	}
	return out
}

// dataSetOptions are the data sets by name.
func dataSetOptions(cat *kpi.Catalogue, lang string) []FormOption {
	var out []FormOption
	for _, d := range cat.DataSets() {
		out = append(out, FormOption{Value: d.Code, Label: d.Name(lang)})
	}
	return out
}

// retireYear is the retire form of an item retired from a year (0: in use).
func retireYear(lang, action string, year int, hint string) *RetireForm {
	f := &FormField{Name: "retired_from", Label: i18n.T(lang, "catalogue.f.retired_from"), Type: ftNumber, MaxLen: 4}
	if year > 0 {
		f.Value = strconv.Itoa(year)
	}
	return &RetireForm{Action: action + "/retire", Field: f, Hint: i18n.T(lang, hint)}
}
