package kpi

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// FieldError is one problem with one field of an agency's quarter, in both
// languages. Field is the indicator code; "" means the quarter as a whole.
type FieldError struct {
	Field     string `json:"field"`
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
}

// Message returns the message in lang, Vietnamese by default.
func (e FieldError) Message(lang string) string {
	if lang == "en" {
		return e.MessageEN
	}
	return e.MessageVI
}

// EntryInput is what validation looks at: the values of one agency's
// quarter, the agency's previous quarter, and its own past quarters per
// indicator (oldest first) for the outlier warning. Kind is the agency's
// kind: its data set decides which fields are accepted and which rules
// hold ("" takes every entered indicator and every rule); Year says which
// indicators and rules are retired.
type EntryInput struct {
	Kind     Kind
	Year     int
	Values   map[string]float64
	Previous map[string]float64
	History  map[string][]float64
}

// Check is the outcome of validation. Errors block saving; warnings are
// saved, but a quarter with warnings is submitted only with a comment.
type Check struct {
	Errors   []FieldError `json:"errors,omitempty"`
	Warnings []FieldError `json:"warnings,omitempty"`
}

// OK reports whether there is no error (warnings allowed).
func (c Check) OK() bool { return len(c.Errors) == 0 }

// For returns the errors and the warnings of one field.
func (c Check) For(field string) (errs, warns []FieldError) {
	for _, e := range c.Errors {
		if e.Field == field {
			errs = append(errs, e)
		}
	}
	for _, w := range c.Warnings {
		if w.Field == field {
			warns = append(warns, w)
		}
	}
	return errs, warns
}

// Err returns nil when c has no error, else an EINVALID error naming the
// first few problems, for callers that speak error (the API, the store's
// own check before a submission).
func (c Check) Err() error {
	if c.OK() {
		return nil
	}
	var vi, en []string
	for i, e := range c.Errors {
		if i == 3 {
			vi = append(vi, "…")
			en = append(en, "…")
			break
		}
		vi, en = append(vi, e.MessageVI), append(en, e.MessageEN)
	}
	return &Error{Code: EINVALID,
		MessageVI: fmt.Sprintf("Số liệu có %d lỗi: %s", len(c.Errors), strings.Join(vi, " ")),
		MessageEN: fmt.Sprintf("The figures have %d errors: %s", len(c.Errors), strings.Join(en, " "))}
}

// ValidateEntry is the one validation of an agency's quarter, shared by the
// entry form, the Excel upload and the API. Per field: an entered indicator
// of the agency's data set, not retired; counts whole and not negative;
// percentages 0–100; within the indicator's range. Across fields: the
// catalogue's rules of the data set (the Biểu 06 identities, the "part of"
// bounds, the carried-over check against the previous quarter …), each only
// when every value it reads is there and none of them has an error of its
// own, so a partly filled draft passes; a rule of severity warning gives a
// warning. Rules that fail together because of one value they all read
// give one message on it (onePerMistake). Warnings also come from outliers against the agency's own
// history, by each indicator's outlier rule.
func ValidateEntry(cat *Catalogue, in EntryInput) Check {
	var c Check
	ds := cat.DataSetFor(in.Kind)
	var bad map[string]bool
	c.Errors, bad = checkFields(cat, ds, in)
	var fails []failure
	for _, r := range cat.rules {
		if !r.AppliesTo(dataSetCode(ds), in.Year) || !usable(r, in, bad) {
			continue
		}
		if e, ok := r.Check(in.Values, in.Previous); !ok {
			if r.Severity == SeverityWarning {
				c.Warnings = append(c.Warnings, e)
			} else {
				fails = append(fails, failure{e, r.Fields()})
			}
		}
	}
	c.Errors = append(c.Errors, onePerMistake(cat, in.Values, fails)...)
	c.Warnings = append(c.Warnings, outliers(cat, in, bad)...)
	return c
}

// checkFields checks each value on its own: the errors, and the codes no
// rule may read (an error of their own, or not on the agency's form).
func checkFields(cat *Catalogue, ds *DataSet, in EntryInput) ([]FieldError, map[string]bool) {
	var errs []FieldError
	bad := map[string]bool{}
	for _, code := range sortedCodes(in.Values) {
		if ind, ok := cat.Get(code); ok && ind.Kind == KindEntered && !enterable(cat, ds, code, in.Year) {
			// A stored value of a field no longer on the agency's form (or
			// retired) is history: it neither blocks the form nor feeds
			// its rules. Writing one is refused by CheckWritable.
			bad[code] = true
			continue
		}
		if e, ok := checkField(cat, ds, in, code); !ok {
			errs = append(errs, e)
			bad[code] = true
		}
	}
	return errs, bad
}

func dataSetCode(d *DataSet) string {
	if d == nil {
		return ""
	}
	return d.Code
}

// usable reports whether every value the rule reads is there and sound.
func usable(r Rule, in EntryInput, bad map[string]bool) bool {
	for _, code := range r.Fields() {
		if _, ok := in.Values[code]; !ok || bad[code] {
			return false
		}
	}
	for _, code := range r.PrevFields() {
		if _, ok := in.Previous[code]; !ok {
			return false
		}
	}
	return true
}

// ValidateSubmission is ValidateEntry plus what a quarter needs before it
// is sent for approval: at least one value, and every field of a Complete
// rule (the dossier identities) filled once any of them is (a draft may
// hold half of the form; a report may not). Missing fields are errors on
// those fields.
func ValidateSubmission(cat *Catalogue, in EntryInput) Check {
	c := ValidateEntry(cat, in)
	if len(in.Values) == 0 {
		c.Errors = append(c.Errors, FieldError{Field: "",
			MessageVI: "Chưa có số liệu nào để gửi.", MessageEN: "There are no figures to submit."})
		return c
	}
	ds := cat.DataSetFor(in.Kind)
	missing := map[string]bool{}
	for _, r := range cat.rules {
		if !r.Complete || !r.AppliesTo(dataSetCode(ds), in.Year) {
			continue
		}
		fields := r.Fields()
		started := false
		for _, f := range fields {
			_, ok := in.Values[f]
			started = started || ok
		}
		for _, f := range fields {
			if _, ok := in.Values[f]; !started || ok || missing[f] || !enterable(cat, ds, f, in.Year) {
				continue
			}
			missing[f] = true
			c.Errors = append(c.Errors, missingError(cat, f, r.MessageField()))
		}
	}
	return c
}

// enterable reports whether an agency of data set ds enters code in year.
func enterable(cat *Catalogue, ds *DataSet, code string, year int) bool {
	ind, ok := cat.Get(code)
	return ok && ind.Kind == KindEntered && !ind.RetiredIn(year) && (ds == nil || ds.Has(code))
}

func missingError(cat *Catalogue, field, total string) FieldError {
	t, _ := cat.Get(total)
	return FieldError{Field: field,
		MessageVI: "Cần nhập chỉ tiêu này để gửi báo cáo, vì nó thuộc cân đối của “" + t.NameVI + "”.",
		MessageEN: "Required before submitting: it belongs to the balance of “" + t.NameEN + "”."}
}

// CheckWritable refuses the codes an agency of kind may not write for a
// period of year: anything but an entered indicator of its data set that is
// not retired. Every way in (the form, the API, an upload, an import)
// checks the codes it writes with it.
func CheckWritable(cat *Catalogue, kind Kind, year int, codes []string) []FieldError {
	ds := cat.DataSetFor(kind)
	in := EntryInput{Kind: kind, Year: year}
	var out []FieldError
	for _, code := range codes {
		if _, e, ok := checkCode(cat, ds, in, code); !ok {
			out = append(out, e)
		}
	}
	return out
}

// checkField checks one value on its own.
func checkField(cat *Catalogue, ds *DataSet, in EntryInput, code string) (FieldError, bool) {
	ind, e, ok := checkCode(cat, ds, in, code)
	if !ok {
		return e, false
	}
	return checkNumber(ind, in.Values[code])
}

// checkCode checks that code is an indicator the agency enters in the year.
func checkCode(cat *Catalogue, ds *DataSet, in EntryInput, code string) (Indicator, FieldError, bool) {
	ind, ok := cat.Get(code)
	e, ok := codeError(ind, ok, ds, in.Year, code)
	return ind, e, ok
}

func codeError(ind Indicator, known bool, ds *DataSet, year int, code string) (FieldError, bool) {
	switch {
	case !known:
		return FieldError{code, "Không có chỉ tiêu mã " + code + ".", "There is no indicator with code " + code + "."}, false
	case ind.Kind != KindEntered:
		return FieldError{code, "Chỉ tiêu này được tính tự động, không nhập.", "This indicator is computed, not entered."}, false
	case ds != nil && !ds.Has(code):
		return FieldError{code, "Chỉ tiêu " + code + " không thuộc biểu “" + ds.NameVI + "” của đơn vị.",
			"Indicator " + code + " is not on this agency's data set “" + ds.NameEN + "”."}, false
	case ind.RetiredIn(year):
		return FieldError{code, "Chỉ tiêu này thôi sử dụng từ năm " + itoa(ind.RetiredFrom) + ".",
			"This indicator is retired from " + itoa(ind.RetiredFrom) + " on."}, false
	}
	return FieldError{}, true
}

// checkNumber checks a value against its indicator's type and range.
func checkNumber(ind Indicator, v float64) (FieldError, bool) {
	code := ind.Code
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return FieldError{code, "Giá trị không phải là số.", "The value is not a number."}, false
	case ind.Whole() && v < 0:
		return FieldError{code, "Số lượng không được âm.", "A count cannot be negative."}, false
	case ind.Whole() && v != math.Trunc(v):
		return FieldError{code, "Phải là số nguyên (" + FormatNumber("vi", v) + " có phần lẻ).",
			"Must be a whole number (" + FormatNumber("en", v) + " has a fraction)."}, false
	case ind.IsPercent() && (v < 0 || v > 100):
		return FieldError{code, "Tỷ lệ phần trăm phải từ 0 đến 100.", "A percentage must be between 0 and 100."}, false
	case v < ind.Min || v > ind.Max:
		return FieldError{code,
			"Phải từ " + FormatNumber("vi", ind.Min) + " đến " + FormatNumber("vi", ind.Max) + " " + ind.UnitVI + ".",
			"Must be between " + FormatNumber("en", ind.Min) + " and " + FormatNumber("en", ind.Max) + " " + ind.UnitEN + "."}, false
	}
	return FieldError{}, true
}

// nearlyEqual compares sums of floats without being fooled by rounding.
func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// outliers are the values far outside the agency's own history, by each
// indicator's outlier rule.
func outliers(cat *Catalogue, in EntryInput, bad map[string]bool) []FieldError {
	var out []FieldError
	for _, code := range sortedCodes(in.Values) {
		ind, ok := cat.Get(code)
		if bad[code] || !ok {
			continue
		}
		if w, ok := outlier(ind, in.Values[code], in.History[code]); ok {
			out = append(out, w)
		}
	}
	return out
}

// outlier compares v with the last Window values of history.
func outlier(ind Indicator, v float64, history []float64) (FieldError, bool) {
	o := ind.Outlier
	if o.Factor <= 0 {
		return FieldError{}, false
	}
	if len(history) > o.Window {
		history = history[len(history)-o.Window:]
	}
	if len(history) < outlierMinHistory {
		return FieldError{}, false
	}
	lo, hi := history[0], history[0]
	for _, h := range history {
		lo, hi = math.Min(lo, h), math.Max(hi, h)
	}
	high := v > o.Factor*hi && v-hi >= o.Floor
	low := v < lo/o.Factor && lo-v >= o.Floor
	if !high && !low {
		return FieldError{}, false
	}
	return FieldError{Field: ind.Code,
		MessageVI: "Giá trị " + FormatNumber("vi", v) + " khác xa các quý trước của đơn vị (từ " + FormatNumber("vi", lo) + " đến " + FormatNumber("vi", hi) + "): kiểm tra lại, hoặc giải trình khi gửi.",
		MessageEN: "The value " + FormatNumber("en", v) + " is far from this agency's past quarters (" + FormatNumber("en", lo) + " to " + FormatNumber("en", hi) + "): check it, or explain it when submitting."}, true
}

func sortedCodes(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
