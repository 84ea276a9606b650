package kpi

import "fmt"

// DataSet is a named form (biểu nhập liệu): which indicators, in which
// order and sections, reported by which agency kinds, at which period type
// and with which deadline. An agency's entry form, Excel template, upload
// and API accept exactly its data set's fields.
type DataSet struct {
	Code       string `json:"code"`
	NameVI     string `json:"name_vi"`
	NameEN     string `json:"name_en"`
	PeriodType string `json:"period_type"`
	// PeriodFrom is the first year the data set is entered at PeriodType
	// (0: every year); the years before it were entered by quarter, so a
	// data set that became monthly keeps its past quarters as they were.
	PeriodFrom int `json:"period_from"`
	// DeadlineDays is how many days after a period ends its report is due
	// (0: the configured default).
	DeadlineDays int     `json:"deadline_days"`
	Kinds        []Kind  `json:"kinds"`
	Fields       []Field `json:"fields"`
}

// Field is one indicator of a data set, in the section (an indicator
// group) it appears under.
type Field struct {
	Section   string `json:"section"`
	Indicator string `json:"indicator"`
}

// Name returns the data set's name in lang.
func (d DataSet) Name(lang string) string {
	if lang == "en" {
		return d.NameEN
	}
	return d.NameVI
}

// Has reports whether the data set holds the indicator.
func (d *DataSet) Has(code string) bool {
	for _, f := range d.Fields {
		if f.Indicator == code {
			return true
		}
	}
	return false
}

// Section is a run of a data set's fields under one heading.
type Section struct {
	Group  Group
	Fields []Indicator
}

// Sections returns the data set's fields in order, grouped into runs by
// section, leaving out the indicators retired in year.
func (c *Catalogue) Sections(d *DataSet, year int) []Section {
	var out []Section
	for _, f := range d.Fields {
		ind, ok := c.Get(f.Indicator)
		if !ok || ind.RetiredIn(year) {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Group.Code != f.Section {
			out = append(out, Section{Group: c.groups[f.Section]})
		}
		last := &out[len(out)-1]
		last.Fields = append(last.Fields, ind)
	}
	return out
}

// FieldsOf returns the indicators an agency of kind enters in year, in
// its data set's order; nil when the kind has no data set.
func (c *Catalogue) FieldsOf(kind Kind, year int) []Indicator {
	d := c.byKind[kind]
	if d == nil {
		return nil
	}
	var out []Indicator
	for _, s := range c.Sections(d, year) {
		out = append(out, s.Fields...)
	}
	return out
}

// DataSetFor returns the data set agencies of kind report, nil if none.
func (c *Catalogue) DataSetFor(kind Kind) *DataSet { return c.byKind[kind] }

// DataSet returns the data set with the code, nil if none.
func (c *Catalogue) DataSet(code string) *DataSet { return c.sets[code] }

// DataSets returns the data sets in definition order.
func (c *Catalogue) DataSets() []DataSet { return append([]DataSet(nil), c.def.DataSets...) }

// KindsReporting returns the kinds whose data set holds the indicator or,
// for a derived one, any of its inputs.
func (c *Catalogue) KindsReporting(code string) map[Kind]bool {
	ind, ok := c.Get(code)
	if !ok {
		return nil
	}
	codes := append([]string{code}, ind.Parts...)
	if ind.formula != nil {
		codes = append(codes, ind.formula.Inputs()...)
	}
	out := map[Kind]bool{}
	for kind, d := range c.byKind {
		for _, x := range codes {
			if d.Has(x) {
				out[kind] = true
				break
			}
		}
	}
	return out
}

func (b *builder) buildDataSets(sets []DataSet) {
	c := b.c
	for n := range sets {
		d := &sets[n]
		key := d.Code
		fail := func(field, vi, en string) { b.failField(TableDataSets, key, field, vi, en) }
		if !validCode(d.Code) {
			fail("code", "Mã biểu “"+d.Code+"” không hợp lệ "+codeRuleVI, "Data set code “"+d.Code+"” is not valid "+codeRuleEN)
			continue
		}
		if c.sets[d.Code] != nil {
			fail("code", "Mã biểu "+d.Code+" bị trùng.", "Data set code "+d.Code+" appears twice.")
			continue
		}
		if d.NameVI == "" {
			fail("name_vi", "Biểu "+d.Code+" cần tên tiếng Việt.", "Data set "+d.Code+" needs a Vietnamese name.")
		}
		if d.NameEN == "" {
			fail("name_en", "Biểu "+d.Code+" cần tên tiếng Anh.", "Data set "+d.Code+" needs an English name.")
		}
		if d.PeriodType != PeriodQuarter && d.PeriodType != PeriodMonth {
			fail("period_type", "Biểu "+d.Code+": kỳ báo cáo phải là quarter (quý) hoặc month (tháng).",
				"Data set "+d.Code+": the period type must be quarter or month.")
		}
		if d.PeriodFrom != 0 && (d.PeriodFrom < MinYear || d.PeriodFrom > MaxYear) {
			fail("period_from", fmt.Sprintf("Biểu %s: năm bắt đầu kỳ báo cáo phải để trống hoặc từ %d đến %d.", d.Code, MinYear, MaxYear),
				fmt.Sprintf("Data set %s: the first year of its period type must be empty or %d to %d.", d.Code, MinYear, MaxYear))
		}
		if d.DeadlineDays < 0 || d.DeadlineDays > 366 {
			fail("deadline_days", "Biểu "+d.Code+": hạn nộp phải từ 0 đến 366 ngày.", "Data set "+d.Code+": the deadline must be 0 to 366 days.")
		}
		c.sets[d.Code] = d
		for _, k := range d.Kinds {
			switch {
			case !k.Valid():
				fail("kinds", "Biểu "+d.Code+": loại cơ quan “"+string(k)+"” không hợp lệ.", "Data set "+d.Code+": agency kind “"+string(k)+"” is not valid.")
			case c.byKind[k] != nil:
				fail("kinds", "Loại cơ quan "+string(k)+" đã có biểu "+c.byKind[k].Code+"; mỗi loại chỉ nhập một biểu.",
					"Agency kind "+string(k)+" already reports data set "+c.byKind[k].Code+"; each kind reports one.")
			default:
				c.byKind[k] = d
			}
		}
		b.checkFields(d)
	}
}

func (b *builder) checkFields(d *DataSet) {
	seen := map[string]bool{}
	for _, f := range d.Fields {
		key := d.Code + "/" + f.Indicator
		ind, ok := b.c.Get(f.Indicator)
		switch {
		case !ok || ind.Kind != KindEntered:
			b.failField(TableFields, key, "indicator", "Biểu "+d.Code+": “"+f.Indicator+"” không phải chỉ tiêu nhập.", "Data set "+d.Code+": “"+f.Indicator+"” is not an entered indicator.")
		case seen[f.Indicator]:
			b.failField(TableFields, key, "indicator", "Biểu "+d.Code+": chỉ tiêu "+f.Indicator+" có hai lần.", "Data set "+d.Code+": indicator "+f.Indicator+" appears twice.")
		case b.c.groups[f.Section].Code == "":
			b.failField(TableFields, key, "section", "Biểu "+d.Code+": không có nhóm “"+f.Section+"” làm mục.", "Data set "+d.Code+": there is no group “"+f.Section+"” for a section.")
		}
		seen[f.Indicator] = true
	}
}
