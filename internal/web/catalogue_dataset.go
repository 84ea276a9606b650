package web

import (
	"net/url"
	"strconv"
	"strings"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// The data set form: a named entry form, the agency kinds that report it
// and its fields in order, one indicator code a line (with a section when
// it is not the indicator's own group).

// maxFieldLines bounds a data set's list of fields.
const maxFieldLines = 500

var dataSetKind = catalogueKind{
	path:  "datasets",
	title: "catalogue.dataset",
	specs: []fieldSpec{
		{name: "code", typ: ftText, maxLen: 40, hint: true},
		{name: "name_vi", typ: ftText, maxLen: 300}, {name: "name_en", typ: ftText, maxLen: 300},
		{name: "period_type", typ: ftSelect}, {name: "period_from", typ: ftNumber, maxLen: 4, hint: true},
		{name: "deadline_days", typ: ftNumber, maxLen: 3, hint: true},
		{name: "kinds", typ: ftChecks, hint: true}, {name: "fields", typ: ftArea, maxLen: 30000, hint: true},
	},
	exists: func(def kpi.Definition, code string) bool { _, ok := def.DataSet(code); return ok },
	values: dataSetValues,
	options: func(cat *kpi.Catalogue, lang string) map[string][]FormOption {
		kinds := make([]FormOption, len(kpi.Kinds))
		for i, k := range kpi.Kinds {
			kinds[i] = FormOption{Value: string(k), Label: i18n.T(lang, "kind."+string(k))}
		}
		return map[string][]FormOption{
			"period_type": {{Value: kpi.PeriodQuarter, Label: i18n.T(lang, "catalogue.quarterly")},
				{Value: kpi.PeriodMonth, Label: i18n.T(lang, "catalogue.monthly")}},
			"kinds": kinds,
		}
	},
	apply:   applyDataSet,
	fieldOf: dataSetField,
	retire: func(def kpi.Definition, code string, _ url.Values, _ string, _ map[string]string) (kpi.Definition, error) {
		return def.RetireDataSet(code)
	},
	extra: func(f *CatalogueForm, _ *kpi.Catalogue, code string) {
		if code != "" {
			f.Retire = &RetireForm{Action: catalogueURL("datasets", code) + "/retire", Hint: i18n.T(f.Lang, "catalogue.retire.dataset")}
		}
	},
}

func dataSetValues(def kpi.Definition, code, _ string) url.Values {
	d, ok := def.DataSet(code)
	if !ok {
		d = kpi.DataSet{PeriodType: kpi.PeriodQuarter}
	}
	v := url.Values{"code": {d.Code}, "name_vi": {d.NameVI}, "name_en": {d.NameEN}, "period_type": {d.PeriodType},
		"deadline_days": {strconv.Itoa(d.DeadlineDays)}}
	if d.PeriodFrom != 0 {
		v.Set("period_from", strconv.Itoa(d.PeriodFrom))
	}
	for _, k := range d.Kinds {
		v.Add("kinds", string(k))
	}
	lines := make([]string, len(d.Fields))
	for i, f := range d.Fields {
		lines[i] = f.Indicator
		if ind, _ := def.Indicator(f.Indicator); ind.Group != f.Section {
			lines[i] += " " + f.Section
		}
	}
	v.Set("fields", strings.Join(lines, "\n"))
	return v
}

// applyDataSet reads the form into a data set and puts it into def (the
// kinds it takes leave the data sets that had them).
func applyDataSet(def kpi.Definition, code string, vals url.Values, lang string, errs map[string]string) kpi.Definition {
	var kinds []string
	for _, k := range kpi.Kinds {
		kinds = append(kinds, string(k))
	}
	d := kpi.DataSet{Code: code, NameVI: formText(vals, "name_vi"), NameEN: formText(vals, "name_en"),
		PeriodType: vals.Get("period_type"), PeriodFrom: formYear(vals, "period_from", lang, errs),
		DeadlineDays: formInt(vals, "deadline_days", lang, errs)}
	for _, k := range formChecks(vals, "kinds", lang, kinds, errs) {
		d.Kinds = append(d.Kinds, kpi.Kind(k))
	}
	d.Fields = parseFieldLines(def, vals.Get("fields"), lang, errs)
	return def.PutDataSet(d)
}

// parseFieldLines reads "code" or "code section" per line; a field
// without a section goes under its indicator's group.
func parseFieldLines(def kpi.Definition, text, lang string, errs map[string]string) []kpi.Field {
	var out []kpi.Field
	var bad []string
	lines := strings.Split(text, "\n")
	if len(lines) > maxFieldLines {
		errs["fields"] = i18n.Tf(lang, "catalogue.toomanylines", maxFieldLines)
		return nil
	}
	for n, line := range lines {
		words := strings.Fields(line)
		switch len(words) {
		case 0:
			continue
		case 1:
			ind, _ := def.Indicator(words[0])
			out = append(out, kpi.Field{Indicator: words[0], Section: ind.Group})
		case 2:
			out = append(out, kpi.Field{Indicator: words[0], Section: words[1]})
		default:
			bad = append(bad, i18n.Tf(lang, "catalogue.fieldsline", n+1, strings.TrimSpace(line)))
		}
	}
	if len(bad) > 0 {
		errs["fields"] = strings.Join(bad, " ")
	}
	return out
}

// dataSetField places a problem on the data set's form.
func dataSetField(p kpi.Problem, code string) (string, bool) {
	switch {
	case p.Table == kpi.TableDataSets && p.Key == code:
		return p.Field, p.Field != ""
	case p.Table == kpi.TableFields && strings.HasPrefix(p.Key, code+"/"):
		return "fields", true
	}
	return "", false
}
