package catalogue

import (
	"parkpi/internal/kpi"
)

// The rows of each file as the definition's values. Empty outlier columns
// take the defaults, so a bundle written by hand may leave them out.

func (r *reader) indicator(f file, w row) kpi.Indicator {
	i := kpi.Indicator{
		Code: w.get("code"), Group: w.get("group"), NameVI: w.get("name_vi"), NameEN: w.get("name_en"),
		UnitVI: w.get("unit_vi"), UnitEN: w.get("unit_en"), Kind: w.get("kind"),
		Parts: splitCodes(w.get("parts")), Formula: w.get("formula"),
		OverQuarters: w.get("over_quarters"), AcrossAgencies: w.get("across_agencies"),
		HigherIsBetter: r.boolean(f, w, "higher_is_better"),
	}
	i.Min = r.number(f, w, "min", 0)
	i.Max = r.number(f, w, "max", 0)
	i.Decimals = r.integer(f, w, "decimals", 0)
	i.Rank = r.integer(f, w, "rank", 0)
	i.RetiredFrom = r.integer(f, w, "retired_from", 0)
	def := kpi.DefaultOutlier
	if i.Kind == kpi.KindDerived {
		def = kpi.Outlier{}
	}
	i.Outlier = kpi.Outlier{Factor: r.number(f, w, "outlier_factor", def.Factor),
		Window: r.integer(f, w, "outlier_window", def.Window), Floor: r.number(f, w, "outlier_floor", def.Floor)}
	i.Breakdown = w.get("breakdown")
	r.at(f, w, i.Code)
	return i
}

// option adds a row of dimension_options.csv to its dimension.
func (r *reader) option(f file, w row, def *kpi.Definition) {
	dim := w.get("dimension")
	o := kpi.Option{ID: int64(r.integer(f, w, "id", 0)), Code: w.get("code"), NameVI: w.get("name_vi"), NameEN: w.get("name_en")}
	r.at(f, w, dim+"/"+o.Code)
	for i := range def.Dimensions {
		if def.Dimensions[i].Code == dim {
			def.Dimensions[i].Options = append(def.Dimensions[i].Options, o)
			return
		}
	}
	r.fail(f, w.line, "Không có phân tổ “"+dim+"” trong dimensions.csv.", "There is no breakdown “"+dim+"” in dimensions.csv.")
}

func (r *reader) dataSet(f file, w row) kpi.DataSet {
	d := kpi.DataSet{Code: w.get("code"), NameVI: w.get("name_vi"), NameEN: w.get("name_en"),
		PeriodType: w.get("period_type"), PeriodFrom: r.integer(f, w, "period_from", 0), DeadlineDays: r.integer(f, w, "deadline_days", 0)}
	for _, k := range splitCodes(w.get("kinds")) {
		d.Kinds = append(d.Kinds, kpi.Kind(k))
	}
	r.at(f, w, d.Code)
	return d
}

// field adds a row of dataset_fields.csv to its data set.
func (r *reader) field(f file, w row, def *kpi.Definition, sets map[string]int) {
	code := w.get("dataset")
	n, ok := sets[code]
	if !ok {
		r.fail(f, w.line, "Không có biểu “"+code+"” trong datasets.csv.", "There is no data set “"+code+"” in datasets.csv.")
		return
	}
	fd := kpi.Field{Section: w.get("section"), Indicator: w.get("indicator")}
	def.DataSets[n].Fields = append(def.DataSets[n].Fields, fd)
	r.at(f, w, code+"/"+fd.Indicator)
}

func (r *reader) rule(f file, w row) kpi.Rule {
	rule := kpi.Rule{Code: w.get("code"), Severity: w.get("severity"), Left: w.get("left"), Op: w.get("op"),
		Right: w.get("right"), Field: w.get("field"), MessageVI: w.get("message_vi"), MessageEN: w.get("message_en"),
		DataSets: splitCodes(w.get("datasets")), Complete: r.boolean(f, w, "complete"),
		RetiredFrom: r.integer(f, w, "retired_from", 0)}
	r.at(f, w, rule.Code)
	return rule
}
