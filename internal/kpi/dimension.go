package kpi

import (
	"sort"
	"strconv"
	"strings"
)

// TableDimensions and TableOptions are the definition's tables of
// breakdown dimensions and their options.
const (
	TableDimensions = "dimensions"
	TableOptions    = "dimension_options"
)

// Dimension is a breakdown (phân tổ) of indicators into options — "Lĩnh
// vực", the fields of administrative procedures of Biểu 06's column 2. An
// indicator broken down by it is entered per option; its total (option 0)
// is the sum over the options and is stored beside them, so every view
// that does not ask for the breakdown reads the total as before.
type Dimension struct {
	Code    string   `json:"code"`
	NameVI  string   `json:"name_vi"`
	NameEN  string   `json:"name_en"`
	Options []Option `json:"options"`
}

// Option is one option of a dimension. Its ID is what stored rows carry
// (option_id; 0 is the total), fixed in the catalogue so that a renamed or
// reordered option keeps its history.
type Option struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
}

// Name returns the option's name in lang.
func (o Option) Name(lang string) string {
	if lang == "en" {
		return o.NameEN
	}
	return o.NameVI
}

// Name returns the dimension's name in lang.
func (d Dimension) Name(lang string) string {
	if lang == "en" {
		return d.NameEN
	}
	return d.NameVI
}

// Dimension returns the dimension with the code, nil if none.
func (c *Catalogue) Dimension(code string) *Dimension {
	for i := range c.def.Dimensions {
		if c.def.Dimensions[i].Code == code {
			return &c.def.Dimensions[i]
		}
	}
	return nil
}

// OptionsOf returns the options an indicator is broken down into, nil for
// one entered as a total only.
func (c *Catalogue) OptionsOf(code string) []Option {
	ind, ok := c.Get(code)
	if !ok || ind.Breakdown == "" {
		return nil
	}
	if d := c.Dimension(ind.Breakdown); d != nil {
		return d.Options
	}
	return nil
}

// Option returns the option with the id in any dimension.
func (c *Catalogue) Option(id int64) (Option, bool) {
	for _, d := range c.def.Dimensions {
		for _, o := range d.Options {
			if o.ID == id {
				return o, true
			}
		}
	}
	return Option{}, false
}

func (b *builder) buildDimensions(dims []Dimension) {
	seen, ids := map[string]bool{}, map[int64]string{}
	for _, d := range dims {
		if !validCode(d.Code) || seen[d.Code] {
			b.failField(TableDimensions, d.Code, "code", "Mã phân tổ “"+d.Code+"” không hợp lệ hoặc bị trùng "+codeRuleVI,
				"Breakdown code “"+d.Code+"” is not valid or appears twice "+codeRuleEN)
			continue
		}
		seen[d.Code] = true
		if d.NameVI == "" || d.NameEN == "" {
			b.failField(TableDimensions, d.Code, "name_vi", "Phân tổ "+d.Code+" cần tên tiếng Việt và tiếng Anh.", "Breakdown "+d.Code+" needs a Vietnamese and an English name.")
		}
		if len(d.Options) == 0 {
			b.failField(TableDimensions, d.Code, "code", "Phân tổ "+d.Code+" chưa có lựa chọn nào.", "Breakdown "+d.Code+" has no options.")
		}
		codes := map[string]bool{}
		for _, o := range d.Options {
			key := d.Code + "/" + o.Code
			id := strconv.FormatInt(o.ID, 10)
			switch {
			case o.ID <= 0:
				b.failField(TableOptions, key, "id", "Lựa chọn "+key+": mã số phải là số nguyên dương.", "Option "+key+": the id must be a positive whole number.")
			case ids[o.ID] != "":
				b.failField(TableOptions, key, "id", "Lựa chọn "+key+": mã số "+id+" đã dùng cho "+ids[o.ID]+".", "Option "+key+": id "+id+" is already "+ids[o.ID]+".")
			case !validCode(o.Code) || codes[o.Code]:
				b.failField(TableOptions, key, "code", "Lựa chọn “"+o.Code+"” không hợp lệ hoặc bị trùng "+codeRuleVI, "Option “"+o.Code+"” is not valid or appears twice "+codeRuleEN)
			case o.NameVI == "" || o.NameEN == "":
				b.failField(TableOptions, key, "name_vi", "Lựa chọn "+key+" cần tên tiếng Việt và tiếng Anh.", "Option "+key+" needs a Vietnamese and an English name.")
			}
			ids[o.ID], codes[o.Code] = key, true
		}
	}
}

// checkBreakdowns refuses a breakdown by a dimension that does not exist,
// or of an indicator that is not entered (a derived figure is computed from
// the totals).
func (b *builder) checkBreakdowns() {
	for _, i := range b.c.list {
		switch {
		case i.Breakdown == "":
		case b.c.Dimension(i.Breakdown) == nil:
			b.failField(TableIndicators, i.Code, "breakdown", "Chỉ tiêu "+i.Code+": không có phân tổ “"+i.Breakdown+"”.", "Indicator "+i.Code+": there is no breakdown “"+i.Breakdown+"”.")
		case i.Kind != KindEntered:
			b.failField(TableIndicators, i.Code, "breakdown", "Chỉ tiêu "+i.Code+": chỉ chỉ tiêu nhập mới phân tổ được.", "Indicator "+i.Code+": only entered indicators can be broken down.")
		}
	}
}

// OptionKey is the key of an indicator's value of one breakdown option in
// forms, templates, messages and audit rows: "code@id".
func OptionKey(code string, option int64) string { return code + "@" + strconv.FormatInt(option, 10) }

// ParseOptionKey reads "code@id" back into the code and the option id;
// ok is false for a key without an option (a total's plain code).
func ParseOptionKey(key string) (code string, option int64, ok bool) {
	i := strings.LastIndexByte(key, '@')
	if i < 0 {
		return key, 0, false
	}
	id, err := strconv.ParseInt(key[i+1:], 10, 64)
	if err != nil || id <= 0 {
		return key, 0, false
	}
	return key[:i], id, true
}

// HasOption reports whether option is a line of the indicator's breakdown.
func (c *Catalogue) HasOption(code string, option int64) bool {
	for _, o := range c.OptionsOf(code) {
		if o.ID == option {
			return true
		}
	}
	return false
}

// OptionTotals is each indicator's total over the options that have a
// value (option id → code → value): what the total of an indicator entered
// by its breakdown must be, in the form and in an upload alike.
func OptionTotals(options map[int64]map[string]float64) map[string]float64 {
	ids := make([]int64, 0, len(options))
	for id := range options {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] }) // one order of addition, one sum
	out := map[string]float64{}
	for _, id := range ids {
		for code, v := range options[id] {
			out[code] += v
		}
	}
	return out
}

// TotalAgainstLines is the error on a total typed that is not the sum of
// its lines by option (sum), in the form and in an upload alike: the lines
// are what is entered, the total follows them.
func (c *Catalogue) TotalAgainstLines(ind Indicator, sum float64) FieldError {
	vi, en := ind.Breakdown, ind.Breakdown
	if d := c.Dimension(ind.Breakdown); d != nil {
		vi, en = d.Name("vi"), d.Name("en")
	}
	return FieldError{Field: ind.Code,
		MessageVI: "Chỉ tiêu này nhập theo " + strings.ToLower(vi) + ": tổng phải bằng tổng các dòng (" + FormatNumber("vi", sum) + "); hãy sửa các dòng theo " + strings.ToLower(vi) + ".",
		MessageEN: "This indicator is entered by " + strings.ToLower(en) + ": its total must be the sum of the lines (" + FormatNumber("en", sum) + "); change the lines by " + strings.ToLower(en) + "."}
}
