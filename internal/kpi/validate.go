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
// indicator (oldest first) for the outlier warning.
type EntryInput struct {
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

// identity is a Biểu 06 sum: total = the sum of parts.
type identity struct {
	total string
	parts []string
}

// identities are the consistency rules of the statutory dossier form
// (Biểu số 06/VPCP/KSTT): columns 3 = 4+5+6, 7 = 8+9+10, 3 = 7+11, 11 = 12+13.
var identities = []identity{
	{"dos_received", []string{"dos_online", "dos_direct", "dos_carried"}},
	{"dos_resolved", []string{"dos_early", "dos_ontime", "dos_late"}},
	{"dos_received", []string{"dos_resolved", "dos_pending"}},
	{"dos_pending", []string{"dos_pending_ontime", "dos_pending_overdue"}},
}

// bound is an inequality: the sum of small must not exceed large; the error
// goes on field.
type bound struct {
	field string
	small []string
	large string
}

// bounds are the "part of" rules outside the dossier form.
var bounds = []bound{
	{"sat_satisfied", []string{"sat_satisfied"}, "sat_responses"},
	{"sat_very", []string{"sat_very"}, "sat_satisfied"},
	{"svc_total", []string{"svc_level3", "svc_level4"}, "svc_total"},
	{"staff_pc", []string{"staff_pc"}, "staff_total"},
}

// The outlier warning: a value is far outside the agency's own history when
// it is more than outlierFactor times the largest of the last outlierWindow
// quarters, or less than the smallest divided by outlierFactor, given at
// least outlierMinHistory past quarters. outlierFloor keeps small counts
// quiet: going from 2 late dossiers to 7 is not worth a question.
const (
	outlierFactor     = 3
	outlierWindow     = 8
	outlierMinHistory = 4
	outlierFloor      = 10
)

// ValidateEntry is the one validation of an agency's quarter, shared by the
// entry form, the Excel upload and the API. Per field: a known, entered
// indicator; counts whole and not negative; percentages 0–100; within the
// indicator's range. Across fields: the Biểu 06 identities (on the total's
// field, naming the parts) and the "part of" bounds, each only when all of
// its fields have a value and none of them has an error of its own, so a
// partly filled draft passes. Warnings: dossiers carried over that differ
// from the previous quarter's dossiers in progress, and outliers against
// the agency's own history.
func ValidateEntry(cat *Catalogue, in EntryInput) Check {
	var c Check
	bad := map[string]bool{}
	for _, code := range sortedCodes(in.Values) {
		if e, ok := checkField(cat, code, in.Values[code]); !ok {
			c.Errors = append(c.Errors, e)
			bad[code] = true
		}
	}
	usable := func(codes ...string) bool {
		for _, code := range codes {
			if _, ok := in.Values[code]; !ok || bad[code] {
				return false
			}
			if _, ok := cat.Get(code); !ok {
				return false
			}
		}
		return true
	}
	var fails []failure
	for _, id := range identities {
		if fields := append([]string{id.total}, id.parts...); usable(fields...) {
			if e, ok := checkIdentity(cat, id, in.Values); !ok {
				fails = append(fails, failure{e, fields})
			}
		}
	}
	for _, b := range bounds {
		if fields := append([]string{b.large}, b.small...); usable(fields...) {
			if e, ok := checkBound(cat, b, in.Values); !ok {
				fails = append(fails, failure{e, fields})
			}
		}
	}
	c.Errors = append(c.Errors, onePerMistake(cat, in.Values, fails)...)
	c.Warnings = warnings(cat, in, bad)
	return c
}

// ValidateSubmission is ValidateEntry plus what a quarter needs before it
// is sent for approval: at least one value, and every dossier identity
// complete once any of its fields is filled (a draft may hold half of the
// form; a report may not). Missing fields are errors on those fields.
func ValidateSubmission(cat *Catalogue, in EntryInput) Check {
	c := ValidateEntry(cat, in)
	if len(in.Values) == 0 {
		c.Errors = append(c.Errors, FieldError{Field: "",
			MessageVI: "Chưa có số liệu nào để gửi.", MessageEN: "There are no figures to submit."})
		return c
	}
	missing := map[string]bool{}
	for _, id := range identities {
		fields := append([]string{id.total}, id.parts...)
		started := false
		for _, f := range fields {
			_, ok := in.Values[f]
			started = started || ok
		}
		for _, f := range fields {
			if _, ok := in.Values[f]; started && !ok && !missing[f] {
				if _, known := cat.Get(f); known {
					missing[f] = true
					c.Errors = append(c.Errors, missingError(cat, f, id.total))
				}
			}
		}
	}
	return c
}

func missingError(cat *Catalogue, field, total string) FieldError {
	t, _ := cat.Get(total)
	return FieldError{Field: field,
		MessageVI: "Cần nhập chỉ tiêu này để gửi báo cáo, vì nó thuộc cân đối của “" + t.NameVI + "”.",
		MessageEN: "Required before submitting: it belongs to the balance of “" + t.NameEN + "”."}
}

// checkField checks one value on its own.
func checkField(cat *Catalogue, code string, v float64) (FieldError, bool) {
	ind, ok := cat.Get(code)
	switch {
	case !ok:
		return FieldError{code, "Không có chỉ tiêu mã " + code + ".", "There is no indicator with code " + code + "."}, false
	case ind.Kind != KindEntered:
		return FieldError{code, "Chỉ tiêu này được tính tự động, không nhập.", "This indicator is computed, not entered."}, false
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

// checkIdentity compares a total with the sum of its parts.
func checkIdentity(cat *Catalogue, id identity, vals map[string]float64) (FieldError, bool) {
	sum := 0.0
	for _, p := range id.parts {
		sum += vals[p]
	}
	total := vals[id.total]
	if nearlyEqual(total, sum) {
		return FieldError{}, true
	}
	t, _ := cat.Get(id.total)
	vi, en := partNames(cat, id.parts)
	return FieldError{Field: id.total,
		MessageVI: t.NameVI + " (" + FormatNumber("vi", total) + ") phải bằng " + vi + " = " + FormatNumber("vi", sum) + ".",
		MessageEN: t.NameEN + " (" + FormatNumber("en", total) + ") must equal " + en + " = " + FormatNumber("en", sum) + ".",
	}, false
}

// checkBound checks that the parts do not exceed the whole.
func checkBound(cat *Catalogue, b bound, vals map[string]float64) (FieldError, bool) {
	sum := 0.0
	for _, s := range b.small {
		sum += vals[s]
	}
	large := vals[b.large]
	if sum <= large || nearlyEqual(sum, large) {
		return FieldError{}, true
	}
	l, _ := cat.Get(b.large)
	vi, en := partNames(cat, b.small)
	return FieldError{Field: b.field,
		MessageVI: vi + " (" + FormatNumber("vi", sum) + ") không được lớn hơn " + l.NameVI + " (" + FormatNumber("vi", large) + ").",
		MessageEN: en + " (" + FormatNumber("en", sum) + ") cannot exceed " + l.NameEN + " (" + FormatNumber("en", large) + ").",
	}, false
}

// partNames joins indicator names with " + ", in both languages.
func partNames(cat *Catalogue, codes []string) (vi, en string) {
	var v, e []string
	for _, c := range codes {
		ind, _ := cat.Get(c)
		v, e = append(v, ind.NameVI), append(e, ind.NameEN)
	}
	return strings.Join(v, " + "), strings.Join(e, " + ")
}

// nearlyEqual compares sums of floats without being fooled by rounding.
func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// warnings lists what is saved but needs a comment before submission.
func warnings(cat *Catalogue, in EntryInput, bad map[string]bool) []FieldError {
	out := carryWarnings(cat, in, bad)
	for _, code := range sortedCodes(in.Values) {
		if bad[code] {
			continue
		}
		if w, ok := outlier(code, in.Values[code], in.History[code]); ok {
			out = append(out, w)
		}
	}
	return out
}

// outlier compares v with the last outlierWindow values of history.
func outlier(code string, v float64, history []float64) (FieldError, bool) {
	if len(history) > outlierWindow {
		history = history[len(history)-outlierWindow:]
	}
	if len(history) < outlierMinHistory {
		return FieldError{}, false
	}
	lo, hi := history[0], history[0]
	for _, h := range history {
		lo, hi = math.Min(lo, h), math.Max(hi, h)
	}
	high := v > outlierFactor*hi && v-hi >= outlierFloor
	low := v < lo/outlierFactor && lo-v >= outlierFloor
	if !high && !low {
		return FieldError{}, false
	}
	return FieldError{Field: code,
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
