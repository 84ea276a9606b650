package kpi

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// ErrNoValue is what ParseNumber answers for an empty cell or field: no
// value, which is not a mistake (a draft may be partly filled). Callers test
// it with errors.Is; passed on as is, it reads as "no value entered".
var ErrNoValue = &Error{Code: EINVALID, MessageVI: "Chưa nhập giá trị.", MessageEN: "No value entered."}

// separators returns the thousands and decimal separators of lang:
// Vietnamese writes 1.234.567,5; English 1,234,567.5.
func separators(lang string) (group, decimal byte) {
	if lang == "en" {
		return ',', '.'
	}
	return '.', ','
}

// ParseNumber reads a number as a clerk types it in lang ("vi" by default):
// 1.344, 99,8, 1.234.567,5 or plain 1344 in Vietnamese; 1,344 and 99.8 in
// English. Surrounding spaces are trimmed and spaces between digit groups
// (1 344) are allowed. Anything else — letters, exponents (1e5), formulas
// (=1+1), a decimal point typed the other language's way (99.8 in
// Vietnamese), groups that are not three digits (1.2.3,4,5) — is an EINVALID
// error with a message that shows the expected form, rather than a guess.
// An empty string answers ErrNoValue.
func ParseNumber(lang, s string) (float64, error) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if s == "" {
		return 0, ErrNoValue
	}
	group, decimal := separators(lang)
	bad := func() (float64, error) { return 0, numberError(lang, s) }
	if strings.HasPrefix(s, "=") {
		return 0, Errorf(EINVALID, "Không nhập công thức (%s), chỉ nhập số, ví dụ 1.344 hoặc 99,8.",
			"Formulas (%s) are not accepted: type a number, such as 1,344 or 99.8.", s)
	}
	sign := ""
	if r := []rune(s)[0]; r == '-' || r == '−' || r == '+' {
		if r != '+' {
			sign = "-"
		}
		s = strings.TrimFunc(string([]rune(s)[1:]), unicode.IsSpace)
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, decimal); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if frac == "" || !allDigits(frac) {
			return bad()
		}
	}
	digits, ok := ungroup(intPart, group)
	if !ok {
		return bad()
	}
	norm := sign + digits
	if frac != "" {
		norm += "." + frac
	}
	v, err := strconv.ParseFloat(norm, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return bad()
	}
	return v, nil
}

// ungroup checks the integer part: plain digits, or groups of three after
// the first, separated by the group separator or spaces; it returns the
// digits alone.
func ungroup(s string, group byte) (string, bool) {
	if s == "" {
		return "", false
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == rune(group) || unicode.IsSpace(r) })
	if len(parts) == 0 || strings.Join(parts, "") == "" {
		return "", false
	}
	// Two separators in a row or one at either end leave an empty field,
	// which FieldsFunc drops: count separators to catch "1..344" and "1.".
	seps := 0
	for _, r := range s {
		if r == rune(group) || unicode.IsSpace(r) {
			seps++
		}
	}
	if seps != len(parts)-1 {
		return "", false
	}
	for i, p := range parts {
		if !allDigits(p) || (len(parts) > 1 && i == 0 && len(p) > 3) || (i > 0 && len(p) != 3) {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// numberError explains the expected form in both languages; the example
// follows the interface language the clerk typed in.
func numberError(lang, s string) *Error {
	if lang == "en" {
		return Errorf(EINVALID, "“%s” không phải là số hợp lệ. Nhập số như 1,344 hoặc 99.8 (giao diện tiếng Anh).",
			"“%s” is not a valid number. Type numbers like 1,344 or 99.8.", s)
	}
	return Errorf(EINVALID, "“%s” không phải là số hợp lệ. Nhập số như 1.344 (dấu chấm ngăn cách hàng nghìn) hoặc 99,8 (dấu phẩy thập phân).",
		"“%s” is not a valid number. Type numbers like 1.344 (dot between thousands) or 99,8 (decimal comma), as the Vietnamese interface expects.", s)
}

// FormatNumber writes v the way lang reads it, with up to 4 decimals and no
// trailing zeros: 1.234.567,5 or 1,234,567.5. The domain formats the
// numbers of its own messages; pages use the i18n package.
func FormatNumber(lang string, v float64) string {
	group, decimal := separators(lang)
	s := strconv.FormatFloat(math.Abs(v), 'f', 4, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if v < 0 && (intPart != "0" || frac != "") {
		b.WriteByte('-')
	}
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(group)
		}
		b.WriteByte(intPart[i])
	}
	if frac != "" {
		b.WriteByte(decimal)
		b.WriteString(frac)
	}
	return b.String()
}
