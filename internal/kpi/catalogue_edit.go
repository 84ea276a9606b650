package kpi

import "slices"

// Edits of a definition, as an administrator makes them one item at a
// time: each returns a new definition and leaves the one it was given (and
// every catalogue built from it) as it was. Build checks the result.

// Clone returns a deep copy of the definition.
func (d Definition) Clone() Definition {
	out := Definition{
		Groups:      slices.Clone(d.Groups),
		Indicators:  slices.Clone(d.Indicators),
		DataSets:    slices.Clone(d.DataSets),
		Rules:       slices.Clone(d.Rules),
		Display:     slices.Clone(d.Display),
		PeriodTypes: slices.Clone(d.PeriodTypes),
		Scores:      slices.Clone(d.Scores),
		Dimensions:  slices.Clone(d.Dimensions),
	}
	for i := range out.Dimensions {
		out.Dimensions[i].Options = slices.Clone(out.Dimensions[i].Options)
	}
	for i := range out.Indicators {
		out.Indicators[i].Parts = slices.Clone(out.Indicators[i].Parts)
		out.Indicators[i].formula = nil
	}
	for i := range out.DataSets {
		out.DataSets[i].Kinds = slices.Clone(out.DataSets[i].Kinds)
		out.DataSets[i].Fields = slices.Clone(out.DataSets[i].Fields)
	}
	for i := range out.Rules {
		out.Rules[i].DataSets = slices.Clone(out.Rules[i].DataSets)
		out.Rules[i].left, out.Rules[i].right = nil, nil
	}
	return out
}

// Indicator returns the definition's indicator with the code.
func (d Definition) Indicator(code string) (Indicator, bool) {
	for _, i := range d.Indicators {
		if i.Code == code {
			return i, true
		}
	}
	return Indicator{}, false
}

// DataSet returns the definition's data set with the code.
func (d Definition) DataSet(code string) (DataSet, bool) {
	for _, s := range d.DataSets {
		if s.Code == code {
			return s, true
		}
	}
	return DataSet{}, false
}

// Rule returns the definition's rule with the code.
func (d Definition) Rule(code string) (Rule, bool) {
	for _, r := range d.Rules {
		if r.Code == code {
			return r, true
		}
	}
	return Rule{}, false
}

// PutIndicator replaces the indicator of the same code where it stands,
// or adds ind after the last indicator of its group (at the end when the
// group has none), so dashboards keep listing a group's indicators
// together.
func (d Definition) PutIndicator(ind Indicator) Definition {
	out := d.Clone()
	ind.Parts = slices.Clone(ind.Parts)
	ind.formula = nil
	at := len(out.Indicators)
	for n, i := range out.Indicators {
		if i.Code == ind.Code {
			out.Indicators[n] = ind
			return out
		}
		if i.Group == ind.Group {
			at = n + 1
		}
	}
	out.Indicators = slices.Insert(out.Indicators, at, ind)
	return out
}

// PlaceOnForms puts the indicator on exactly the data sets named: a data
// set that lacks it gets it at the end of its section (the run of fields
// under that heading; at the end of the form when it has none), the others
// lose it. A data set that already holds it keeps it where it is.
func (d Definition) PlaceOnForms(code, section string, sets []string) Definition {
	out := d.Clone()
	for n := range out.DataSets {
		ds := &out.DataSets[n]
		has := ds.Has(code)
		want := slices.Contains(sets, ds.Code)
		switch {
		case want && !has:
			at := len(ds.Fields)
			for i, f := range ds.Fields {
				if f.Section == section {
					at = i + 1
				}
			}
			ds.Fields = slices.Insert(ds.Fields, at, Field{Section: section, Indicator: code})
		case !want && has:
			ds.Fields = slices.DeleteFunc(ds.Fields, func(f Field) bool { return f.Indicator == code })
		}
	}
	return out
}

// PlaceInView shows the indicator in the view or not: added at the end of
// the view's list, or taken off it; an item already there keeps its place
// and option.
func (d Definition) PlaceInView(view, code string, on bool) Definition {
	out := d.Clone()
	in := slices.IndexFunc(out.Display, func(x DisplayItem) bool { return x.View == view && x.Indicator == code })
	switch {
	case on && in < 0:
		at := len(out.Display)
		for n, x := range out.Display {
			if x.View == view {
				at = n + 1
			}
		}
		out.Display = slices.Insert(out.Display, at, DisplayItem{View: view, Indicator: code})
	case !on && in >= 0:
		out.Display = slices.Delete(out.Display, in, in+1)
	}
	return out
}

// Shown reports whether the view shows the indicator.
func (d Definition) Shown(view, code string) bool {
	return slices.ContainsFunc(d.Display, func(x DisplayItem) bool { return x.View == view && x.Indicator == code })
}

// PutDataSet replaces the data set of the same code where it stands, or
// adds ds at the end. Each agency kind reports one data set, so a kind ds
// takes is taken off the data set that had it.
func (d Definition) PutDataSet(ds DataSet) Definition {
	out := d.Clone()
	ds.Kinds, ds.Fields = slices.Clone(ds.Kinds), slices.Clone(ds.Fields)
	for n := range out.DataSets {
		other := &out.DataSets[n]
		if other.Code != ds.Code {
			other.Kinds = slices.DeleteFunc(other.Kinds, func(k Kind) bool { return slices.Contains(ds.Kinds, k) })
		}
	}
	if n := slices.IndexFunc(out.DataSets, func(x DataSet) bool { return x.Code == ds.Code }); n >= 0 {
		out.DataSets[n] = ds
		return out
	}
	out.DataSets = append(out.DataSets, ds)
	return out
}

// RetireDataSet takes a data set out of the catalogue (its stored row and
// the reports filed under it stay). A data set some agency kind still
// reports is refused: those agencies would be left without a form.
func (d Definition) RetireDataSet(code string) (Definition, error) {
	ds, ok := d.DataSet(code)
	switch {
	case !ok:
		return d, Errorf(ENOTFOUND, "Không có biểu mã %s.", "There is no data set with code %s.", code)
	case len(ds.Kinds) > 0:
		return d, Errorf(EINVALID, "Biểu %s vẫn là biểu nhập của %d loại cơ quan: hãy giao các loại đó cho biểu khác trước.",
			"Data set %s is still the form of %d agency kinds: give those kinds another data set first.", code, len(ds.Kinds))
	}
	out := d.Clone()
	out.DataSets = slices.DeleteFunc(out.DataSets, func(x DataSet) bool { return x.Code == code })
	return out, nil
}

// PutRule replaces the rule of the same code where it stands, or adds r
// at the end.
func (d Definition) PutRule(r Rule) Definition {
	out := d.Clone()
	r.DataSets = slices.Clone(r.DataSets)
	r.left, r.right = nil, nil
	if n := slices.IndexFunc(out.Rules, func(x Rule) bool { return x.Code == r.Code }); n >= 0 {
		out.Rules[n] = r
		return out
	}
	out.Rules = append(out.Rules, r)
	return out
}
