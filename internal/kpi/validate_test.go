package kpi_test

import (
	"errors"
	"parkpi/data"
	"strings"
	"testing"

	"parkpi/internal/kpi"
)

func catalogue(t *testing.T) *kpi.Catalogue {
	t.Helper()
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		lang, in string
		want     float64
		ok       bool
	}{
		{"vi", "1.344", 1344, true},
		{"vi", "99,8", 99.8, true},
		{"vi", "1.234.567,5", 1234567.5, true},
		{"vi", "1344", 1344, true},
		{"vi", "  1344 ", 1344, true},
		{"vi", "1 344", 1344, true},
		{"vi", "0", 0, true},
		{"vi", "-5", -5, true},
		{"vi", "96,57", 96.57, true},
		{"en", "1,344", 1344, true},
		{"en", "99.8", 99.8, true},
		{"en", "1,234,567.5", 1234567.5, true},
		{"en", "1344", 1344, true},
		{"vi", "1.2.3,4,5", 0, false},
		{"vi", "abc", 0, false},
		{"vi", "1e5", 0, false},
		{"vi", "=1+1", 0, false},
		{"vi", "99.8", 0, false}, // a decimal point in Vietnamese: ambiguous, refused
		{"vi", "1.34", 0, false},
		{"vi", "1..344", 0, false},
		{"vi", "1.344.", 0, false},
		{"vi", ".344", 0, false},
		{"vi", "1344,", 0, false},
		{"vi", ",5", 0, false},
		{"vi", "12345.678", 0, false},
		{"vi", "1,2,3", 0, false},
		{"vi", "-", 0, false},
		{"vi", "NaN", 0, false},
		{"vi", "Inf", 0, false},
		{"vi", "0x10", 0, false},
		{"vi", "1_000", 0, false},
		{"en", "1.2.3", 0, false},
		{"en", "99,8", 0, false},
	}
	for _, tt := range tests {
		got, err := kpi.ParseNumber(tt.lang, tt.in)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("ParseNumber(%s, %q) = %v, %v; want %v", tt.lang, tt.in, got, err, tt.want)
		}
		if !tt.ok {
			if kpi.ErrorCode(err) != kpi.EINVALID || errors.Is(err, kpi.ErrNoValue) {
				t.Errorf("ParseNumber(%s, %q) = %v, %v; want an EINVALID error", tt.lang, tt.in, got, err)
			} else if !strings.Contains(kpi.ErrorMessage(err, "vi"), "số") {
				t.Errorf("ParseNumber(%s, %q): Vietnamese message %q", tt.lang, tt.in, kpi.ErrorMessage(err, "vi"))
			}
		}
	}
	for _, empty := range []string{"", "   "} {
		if _, err := kpi.ParseNumber("vi", empty); !errors.Is(err, kpi.ErrNoValue) {
			t.Errorf("ParseNumber(%q) = %v, want ErrNoValue", empty, err)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		lang string
		in   float64
		want string
	}{
		{"vi", 1344, "1.344"}, {"vi", 99.8, "99,8"}, {"vi", 1234567.5, "1.234.567,5"}, {"vi", 0, "0"},
		{"en", 1344, "1,344"}, {"en", 96.57, "96.57"}, {"vi", -12, "-12"}, {"vi", 100, "100"},
	}
	for _, tt := range tests {
		if got := kpi.FormatNumber(tt.lang, tt.in); got != tt.want {
			t.Errorf("FormatNumber(%s, %v) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

// goodQuarter is a complete quarter that passes every rule.
func goodQuarter() map[string]float64 {
	return map[string]float64{
		"tthc_simplified": 12, "hours_cut": 30, "portal_linked": 1,
		"svc_total": 100, "svc_level3": 30, "svc_level4": 60,
		"dos_received": 1000, "dos_online": 600, "dos_direct": 380, "dos_carried": 20,
		"dos_resolved": 970, "dos_early": 500, "dos_ontime": 468, "dos_late": 2,
		"dos_pending": 30, "dos_pending_ontime": 29, "dos_pending_overdue": 1,
		"sat_responses": 200, "sat_satisfied": 200, "sat_very": 190,
		"staff_total": 40, "staff_pc": 38, "has_lan": 1, "sipas": 85.5, "par_index": 82.25,
	}
}

func with(base map[string]float64, changes map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

func without(base map[string]float64, codes ...string) map[string]float64 {
	out := with(base, nil)
	for _, c := range codes {
		delete(out, c)
	}
	return out
}

// TestValidateEntryRules checks every rule once with a breaking value: the
// error lands on the named field, in both languages; the good quarter passes.
func TestValidateEntryRules(t *testing.T) {
	cat := catalogue(t)
	if c := kpi.ValidateEntry(cat, kpi.EntryInput{Values: goodQuarter()}); !c.OK() || len(c.Warnings) > 0 {
		t.Fatalf("the good quarter fails: %+v", c)
	}
	tests := []struct {
		name    string
		changes map[string]float64
		field   string
		vi      string // part of the Vietnamese message
	}{
		{"count negative", map[string]float64{"steps_cut": -1}, "steps_cut", "không được âm"},
		{"count with a fraction", map[string]float64{"steps_cut": 2.5}, "steps_cut", "số nguyên"},
		{"percentage over 100", map[string]float64{"sipas": 100.5}, "sipas", "0 đến 100"},
		{"percentage below 0", map[string]float64{"sipas": -1}, "sipas", "0 đến 100"},
		{"above the range", map[string]float64{"portal_linked": 2}, "portal_linked", "từ 0 đến 1"},
		{"above a large range", map[string]float64{"div_cut": 1001}, "div_cut", "từ 0 đến 1.000"},
		{"unknown code", map[string]float64{"nope": 1}, "nope", "Không có chỉ tiêu"},
		{"computed indicator", map[string]float64{"ontime_rate": 99}, "ontime_rate", "tính tự động"},
		{"received = online + direct + carried", map[string]float64{"dos_online": 601, "dos_resolved": 971, "dos_early": 501},
			"dos_received", "Hồ sơ tiếp nhận trực tuyến + Hồ sơ tiếp nhận trực tiếp hoặc qua bưu chính + Hồ sơ từ kỳ trước chuyển qua = 1.001"},
		{"resolved = early + on time + late", map[string]float64{"dos_late": 3}, "dos_resolved", "Hồ sơ giải quyết trước hạn + Hồ sơ giải quyết đúng hạn + Hồ sơ giải quyết quá hạn"},
		{"received = resolved + in progress", map[string]float64{"dos_pending": 31, "dos_pending_ontime": 30}, "dos_received", "Tổng số hồ sơ đã giải quyết + Tổng số hồ sơ đang giải quyết = 1.001"},
		{"in progress = within time + overdue", map[string]float64{"dos_pending_overdue": 2}, "dos_pending", "trong hạn + Hồ sơ đang giải quyết quá hạn"},
		{"satisfied <= responses", map[string]float64{"sat_satisfied": 201}, "sat_satisfied", "không được lớn hơn Số phiếu khảo sát"},
		{"very satisfied <= satisfied", map[string]float64{"sat_satisfied": 180}, "sat_very", "không được lớn hơn Số phiếu hài lòng"},
		{"level 3 + level 4 <= services", map[string]float64{"svc_level4": 71}, "svc_total", "mức độ 3 + Dịch vụ công trực tuyến mức độ 4 (101)"},
		{"staff with a PC <= staff", map[string]float64{"staff_pc": 41}, "staff_pc", "không được lớn hơn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := kpi.ValidateEntry(cat, kpi.EntryInput{Values: with(goodQuarter(), tt.changes)})
			errs, _ := c.For(tt.field)
			if len(errs) == 0 {
				t.Fatalf("no error on %s: %+v", tt.field, c.Errors)
			}
			if !strings.Contains(errs[0].Message("vi"), tt.vi) {
				t.Errorf("message on %s = %q, want it to contain %q", tt.field, errs[0].Message("vi"), tt.vi)
			}
			if errs[0].Message("en") == "" || errs[0].Message("en") == errs[0].Message("vi") {
				t.Errorf("no English message on %s: %q", tt.field, errs[0].Message("en"))
			}
			if c.Err() == nil || kpi.ErrorCode(c.Err()) != kpi.EINVALID {
				t.Errorf("Err() = %v", c.Err())
			}
		})
	}
}

// TestValidateEntryPartial: a draft may leave identity fields empty, and a
// part with its own error does not add a second error to its total.
func TestValidateEntryPartial(t *testing.T) {
	cat := catalogue(t)
	partial := without(goodQuarter(), "dos_online", "dos_late", "dos_pending", "sat_responses", "staff_total")
	partial["dos_received"] = 5 // would break two identities if they applied
	if c := kpi.ValidateEntry(cat, kpi.EntryInput{Values: partial}); !c.OK() {
		t.Fatalf("a partial draft fails: %+v", c.Errors)
	}
	c := kpi.ValidateEntry(cat, kpi.EntryInput{Values: with(goodQuarter(), map[string]float64{"dos_online": 600.5})})
	if len(c.Errors) != 1 || c.Errors[0].Field != "dos_online" {
		t.Fatalf("errors = %+v, want only the one on dos_online", c.Errors)
	}
	if c := kpi.ValidateEntry(cat, kpi.EntryInput{}); !c.OK() {
		t.Fatalf("an empty draft fails: %+v", c.Errors)
	}
}

func TestValidateSubmission(t *testing.T) {
	cat := catalogue(t)
	if c := kpi.ValidateSubmission(cat, kpi.EntryInput{Values: goodQuarter()}); !c.OK() {
		t.Fatalf("the good quarter cannot be submitted: %+v", c.Errors)
	}
	// Without any dossier figure the form's groups are not started: fine.
	noDossiers := without(goodQuarter(), "dos_received", "dos_online", "dos_direct", "dos_carried", "dos_resolved",
		"dos_early", "dos_ontime", "dos_late", "dos_pending", "dos_pending_ontime", "dos_pending_overdue")
	if c := kpi.ValidateSubmission(cat, kpi.EntryInput{Values: noDossiers}); !c.OK() {
		t.Fatalf("a quarter without dossiers cannot be submitted: %+v", c.Errors)
	}
	c := kpi.ValidateSubmission(cat, kpi.EntryInput{Values: without(goodQuarter(), "dos_late", "dos_pending_overdue")})
	for _, f := range []string{"dos_late", "dos_pending_overdue"} {
		if errs, _ := c.For(f); len(errs) != 1 || !strings.Contains(errs[0].MessageVI, "Cần nhập") {
			t.Errorf("missing %s: errors %+v", f, errs)
		}
	}
	if c := kpi.ValidateSubmission(cat, kpi.EntryInput{}); c.OK() || c.Errors[0].Field != "" {
		t.Fatalf("an empty quarter can be submitted: %+v", c)
	}
}

func TestValidateEntryWarnings(t *testing.T) {
	cat := catalogue(t)
	hist := []float64{900, 1000, 1100, 950, 1020}
	tests := []struct {
		name     string
		in       kpi.EntryInput
		warnings []string // fields with a warning
	}{
		{"carried over = previous in progress", kpi.EntryInput{Values: goodQuarter(), Previous: map[string]float64{"dos_pending": 20}}, nil},
		{"carried over differs", kpi.EntryInput{Values: goodQuarter(), Previous: map[string]float64{"dos_pending": 25}}, []string{"dos_carried"}},
		{"no previous quarter", kpi.EntryInput{Values: goodQuarter(), Previous: map[string]float64{}}, nil},
		{"within history", kpi.EntryInput{Values: goodQuarter(), History: map[string][]float64{"dos_received": hist}}, nil},
		{"over 3x the max", kpi.EntryInput{Values: goodQuarter(), History: map[string][]float64{"dos_received": {200, 300, 250, 330}}}, []string{"dos_received"}},
		{"under a third of the min", kpi.EntryInput{Values: goodQuarter(), History: map[string][]float64{"dos_received": {3100, 3200, 3300, 3400}}}, []string{"dos_received"}},
		{"too little history", kpi.EntryInput{Values: goodQuarter(), History: map[string][]float64{"dos_received": {200, 300, 250}}}, nil},
		{"small counts stay quiet", kpi.EntryInput{Values: goodQuarter(), History: map[string][]float64{"dos_late": {0, 0, 0, 0}}}, nil},
		{"only the last 8 quarters count", kpi.EntryInput{Values: goodQuarter(),
			History: map[string][]float64{"dos_received": {5000, 100, 100, 100, 100, 100, 100, 100, 100}}}, []string{"dos_received"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := kpi.ValidateEntry(cat, tt.in)
			if !c.OK() {
				t.Fatalf("errors: %+v", c.Errors)
			}
			var got []string
			for _, w := range c.Warnings {
				got = append(got, w.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.warnings, ",") {
				t.Fatalf("warnings on %v, want %v (%+v)", got, tt.warnings, c.Warnings)
			}
		})
	}
}

func BenchmarkValidateSubmission(b *testing.B) {
	cat, err := data.Catalogue()
	if err != nil {
		b.Fatal(err)
	}
	hist := map[string][]float64{}
	for code := range goodQuarter() {
		hist[code] = []float64{10, 20, 30, 40, 50, 60, 70, 80}
	}
	in := kpi.EntryInput{Values: goodQuarter(), Previous: map[string]float64{"dos_pending": 20}, History: hist}
	for b.Loop() {
		kpi.ValidateSubmission(cat, in)
	}
}

// TestRulesOfTheCatalogue: the seed's rules, as one validation serves them
// — the online-services bound that was missing, and a data set's fields.
func TestRulesOfTheCatalogue(t *testing.T) {
	cat := catalogue(t)
	in := kpi.EntryInput{Kind: kpi.KindCommune, Year: 2023, Values: map[string]float64{"svc_total": 2, "svc_full": 0, "svc_partial": 610}}
	c := kpi.ValidateEntry(cat, in)
	if errs, _ := c.For("svc_total"); len(errs) != 1 || !strings.Contains(errs[0].MessageVI, "(610) không được lớn hơn") || !strings.Contains(errs[0].MessageVI, "(2)") {
		t.Fatalf("svc_full + svc_partial > svc_total: %+v", c.Errors)
	}
	in.Values["svc_total"] = 610
	if c := kpi.ValidateEntry(cat, in); !c.OK() {
		t.Fatalf("svc_full + svc_partial = svc_total is refused: %+v", c.Errors)
	}
	if errs := kpi.CheckWritable(cat, kpi.KindCommune, 2023, []string{"svc_total", "tthc_simplified"}); len(errs) != 1 || errs[0].Field != "tthc_simplified" {
		t.Fatalf("a commune writing a department's field: %+v", errs)
	}
	if errs := kpi.CheckWritable(cat, kpi.KindDepartment, 2023, []string{"tthc_simplified"}); len(errs) != 0 {
		t.Fatalf("a department's own field is refused: %+v", errs)
	}
	// A stored value outside the data set is history: it does not block.
	in = kpi.EntryInput{Kind: kpi.KindCommune, Year: 2023, Values: map[string]float64{"tthc_simplified": -5}}
	if c := kpi.ValidateEntry(cat, in); !c.OK() {
		t.Fatalf("a stored value outside the form blocks it: %+v", c.Errors)
	}
}

// TestRuleCompileErrors: a rule naming an unknown indicator, or with a
// syntax error, is refused with the position of the problem.
func TestRuleCompileErrors(t *testing.T) {
	cat := catalogue(t)
	base := kpi.Rule{Code: "r", Op: "<=", Right: "dos_resolved", Severity: kpi.SeverityError, MessageVI: "x", MessageEN: "x"}
	tests := map[string]struct {
		left, want string
	}{
		"unknown code":  {"dos_resolved + digitised", "character 16"},
		"syntax":        {"dos_resolved +", "character"},
		"prev of nope":  {"prev.nope", "character 6"},
		"reported rule": {`reported("dos_late")`, "formulas"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := base
			r.Left = tc.left
			_, problems := cat.CompileRule(r)
			if len(problems) != 1 || !strings.Contains(problems[0].MessageEN, tc.want) {
				t.Fatalf("CompileRule(%q) = %+v, want a problem saying %q", tc.left, problems, tc.want)
			}
		})
	}
	r := base
	r.Left = "dos_early + prev.dos_pending"
	if _, problems := cat.CompileRule(r); len(problems) != 0 {
		t.Fatalf("a sound rule is refused: %+v", problems)
	}
}
