package kpi

import "sort"

// ValidateOptions checks an agency's quarter broken down, option by
// option: each option's line (its values of the indicators broken down) is
// checked as a quarter of its own by ValidateEntry — each field, and every
// rule of the data set that reads only that line's values — so a rule
// broken in one field's line is named on that line. A rule reading the
// previous quarter and the outlier rule are the totals' (the history is
// the totals'). Messages name the option; their field is OptionKey(code,
// option). The totals are checked by ValidateEntry as ever.
func ValidateOptions(cat *Catalogue, in EntryInput, options map[int64]map[string]float64) Check {
	ids := make([]int64, 0, len(options))
	for id := range options {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out Check
	for _, id := range ids {
		line := in
		line.Values, line.Previous, line.History = options[id], nil, nil
		c := ValidateEntry(cat, line)
		o, _ := cat.Option(id)
		name := func(errs []FieldError) []FieldError {
			for i := range errs {
				errs[i].Field = OptionKey(errs[i].Field, id)
				errs[i].MessageVI = o.NameVI + ": " + errs[i].MessageVI
				errs[i].MessageEN = o.NameEN + ": " + errs[i].MessageEN
			}
			return errs
		}
		out.Errors = append(out.Errors, name(c.Errors)...)
		out.Warnings = append(out.Warnings, name(c.Warnings)...)
	}
	return out
}
