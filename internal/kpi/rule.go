package kpi

import (
	"strings"
)

// Rule severities.
const (
	SeverityError   = "error"   // blocks saving
	SeverityWarning = "warning" // saved; submitting needs a comment
)

// Rule operators.
var ruleOps = []string{"==", "!=", "<=", "<", ">=", ">"}

// Rule is a validation rule (quy tắc kiểm tra): Left Op Right, two numeric
// expressions over the indicator codes of one agency and period (and
// prev.CODE, its previous period). It is checked only when every value it
// reads is there, so a partly filled draft passes; Complete rules (the
// Biểu 06 identities) make a submission fill all of their fields once one
// is filled. Messages may name {left}, {right}, {CODE} and {prev.CODE}:
// the values, formatted for the reader.
type Rule struct {
	Code      string   `json:"code"`
	Left      string   `json:"left"`
	Op        string   `json:"op"`
	Right     string   `json:"right"`
	Severity  string   `json:"severity"`
	Field     string   `json:"field,omitempty"` // the field the message is shown beside; "" the first code of Left
	MessageVI string   `json:"message_vi"`
	MessageEN string   `json:"message_en"`
	DataSets  []string `json:"datasets,omitempty"` // the data sets it applies to; none: all
	Complete  bool     `json:"complete,omitempty"`
	// RetiredFrom is the first year the rule no longer applies (0: in force).
	RetiredFrom int `json:"retired_from,omitempty"`

	left, right *Expr
}

// Rules returns the rules in definition order, compiled.
func (c *Catalogue) Rules() []Rule { return append([]Rule(nil), c.rules...) }

// CompileRule checks one rule against the catalogue, as an administrator
// saves it or tries it, and returns it compiled.
func (c *Catalogue) CompileRule(r Rule) (Rule, []Problem) {
	b := &builder{c: c}
	out, ok := b.compileRule(r)
	if !ok {
		return Rule{}, b.problems
	}
	return out, nil
}

func (b *builder) buildRules(rules []Rule) {
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.Code] {
			b.fail(TableRules, r.Code, "Mã quy tắc "+r.Code+" bị trùng.", "Rule code "+r.Code+" appears twice.")
			continue
		}
		seen[r.Code] = true
		if compiled, ok := b.compileRule(r); ok {
			b.c.rules = append(b.c.rules, compiled)
		}
	}
}

func (b *builder) compileRule(r Rule) (Rule, bool) {
	var issues []issue
	bad := func(field, vi, en string) { issues = append(issues, issue{field, vi, en}) }
	if !validCode(r.Code) {
		bad("code", "mã không hợp lệ "+codeRuleVI, "the code is not valid "+codeRuleEN)
	}
	if !validOp(r.Op) {
		bad("op", "phép so sánh phải là một trong "+strings.Join(ruleOps, " "), "the operator must be one of "+strings.Join(ruleOps, " "))
	}
	if r.Severity != SeverityError && r.Severity != SeverityWarning {
		bad("severity", "mức độ phải là error (lỗi) hoặc warning (cảnh báo).", "the severity must be error or warning.")
	}
	issues = append(issues, checkMessage("message_vi", r.MessageVI, "tiếng Việt", "Vietnamese")...)
	issues = append(issues, checkMessage("message_en", r.MessageEN, "tiếng Anh", "English")...)
	if r.RetiredFrom != 0 && (r.RetiredFrom < MinYear || r.RetiredFrom > MaxYear) {
		bad("retired_from", "năm thôi áp dụng không hợp lệ.", "the year it is retired from is not valid.")
	}
	entered := map[string]bool{}
	for _, i := range b.c.list {
		if i.Kind == KindEntered {
			entered[i.Code] = true
		}
	}
	var err *ExprError
	if r.left, err = compileExpr(r.Left, entered, exprRule); err != nil {
		bad("left", exprProblem("vế trái", err, "vi"), exprProblem("the left side", err, "en"))
	}
	if r.right, err = compileExpr(r.Right, entered, exprRule); err != nil {
		bad("right", exprProblem("vế phải", err, "vi"), exprProblem("the right side", err, "en"))
	}
	if r.Field != "" && !entered[r.Field] {
		bad("field", "ô hiển thị thông báo “"+r.Field+"” không phải chỉ tiêu nhập.", "the field for the message “"+r.Field+"” is not an entered indicator.")
	}
	for _, d := range r.DataSets {
		if b.c.sets[d] == nil {
			bad("datasets", "không có biểu “"+d+"”.", "there is no data set “"+d+"”.")
		}
	}
	if r.left != nil && r.right != nil && len(r.left.Codes)+len(r.right.Codes) == 0 {
		bad("left", "cần ít nhất một chỉ tiêu của kỳ báo cáo.", "needs at least one indicator of the period.")
	}
	for _, is := range issues {
		b.failField(TableRules, r.Code, is.field, "Quy tắc "+r.Code+": "+is.vi, "Rule "+r.Code+": "+is.en)
	}
	return r, len(issues) == 0
}

// checkMessage checks one of a rule's messages: there, and bounded.
func checkMessage(field, text, langVI, langEN string) []issue {
	switch {
	case strings.TrimSpace(text) == "":
		return []issue{{field, "cần thông báo " + langVI + ".", "needs a message in " + langEN + "."}}
	case len(text) > 1000:
		return []issue{{field, "thông báo " + langVI + " dài quá 1000 ký tự.", "the " + langEN + " message is longer than 1000 characters."}}
	}
	return nil
}

func validOp(op string) bool {
	for _, o := range ruleOps {
		if o == op {
			return true
		}
	}
	return false
}

// MessageField is the field the rule's message is shown beside.
func (r Rule) MessageField() string {
	if r.Field != "" {
		return r.Field
	}
	if len(r.left.Codes) > 0 {
		return r.left.Codes[0]
	}
	return r.right.Codes[0]
}

// Fields are the codes of the period the rule reads, in order.
func (r Rule) Fields() []string {
	out := append([]string(nil), r.left.Codes...)
	for _, c := range r.right.Codes {
		out = appendOnce(out, c)
	}
	return out
}

// Bound reads a rule "A <= B" (or "B >= A") between two bare codes as
// the pair (A, B); ok is false for any other rule.
func (r Rule) Bound() (low, high string, ok bool) {
	l, rt := strings.TrimSpace(r.Left), strings.TrimSpace(r.Right)
	if !validCode(l) || !validCode(rt) {
		return "", "", false
	}
	switch r.Op {
	case "<=":
		return l, rt, true
	case ">=":
		return rt, l, true
	}
	return "", "", false
}

// PrevFields are the codes of the previous period the rule reads.
func (r Rule) PrevFields() []string {
	out := append([]string(nil), r.left.Prev...)
	for _, c := range r.right.Prev {
		out = appendOnce(out, c)
	}
	return out
}

// AppliesTo reports whether the rule holds for a data set in year.
func (r Rule) AppliesTo(dataset string, year int) bool {
	if r.RetiredFrom > 0 && year >= r.RetiredFrom {
		return false
	}
	if len(r.DataSets) == 0 || dataset == "" {
		return true
	}
	for _, d := range r.DataSets {
		if d == dataset {
			return true
		}
	}
	return false
}

// Check evaluates the rule over cur and prev; ok is false when it is
// broken, and then msg is the rule's message with the values filled in.
func (r Rule) Check(cur, prev map[string]float64) (msg FieldError, ok bool) {
	l, rv, ok := r.sides(cur, prev)
	if !ok || compare(l, r.Op, rv) {
		return FieldError{}, true
	}
	fill := func(lang, text string) string {
		pairs := []string{"{left}", FormatNumber(lang, l), "{right}", FormatNumber(lang, rv)}
		for _, c := range r.Fields() {
			pairs = append(pairs, "{"+c+"}", FormatNumber(lang, cur[c]))
		}
		for _, c := range r.PrevFields() {
			pairs = append(pairs, "{prev."+c+"}", FormatNumber(lang, prev[c]))
		}
		return strings.NewReplacer(pairs...).Replace(text)
	}
	return FieldError{Field: r.MessageField(), MessageVI: fill("vi", r.MessageVI), MessageEN: fill("en", r.MessageEN)}, false
}

// sides evaluates both sides; ok is false when either is not a number (a
// division by zero), and then the rule says nothing.
func (r Rule) sides(cur, prev map[string]float64) (l, rv float64, ok bool) {
	get := func(m map[string]float64) func(string) float64 { return func(c string) float64 { return m[c] } }
	l, okL := r.left.eval(get(cur), get(prev), nil)
	rv, okR := r.right.eval(get(cur), get(prev), nil)
	return l, rv, okL && okR
}

// compare applies op, equal within rounding of sums of floats.
func compare(l float64, op string, r float64) bool {
	eq := nearlyEqual(l, r)
	switch op {
	case "==":
		return eq
	case "!=":
		return !eq
	case "<=":
		return l <= r || eq
	case "<":
		return l < r && !eq
	case ">=":
		return l >= r || eq
	case ">":
		return l > r && !eq
	}
	return false
}
