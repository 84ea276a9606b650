package kpi

// The checks of one indicator row, and the rules every code follows.

// exprProblem says what is wrong with an expression and where.
func exprProblem(what string, err *ExprError, lang string) string {
	if lang == "en" {
		if err.Column > 0 {
			return what + ", at character " + itoa(err.Column) + ": " + err.EN
		}
		return what + ": " + err.EN
	}
	if err.Column > 0 {
		return what + ", tại ký tự thứ " + itoa(err.Column) + ": " + err.VI
	}
	return what + ": " + err.VI
}

// checkIndicator checks one indicator's own fields and references; it
// answers what is wrong with each column, in both languages.
func checkIndicator(i Indicator, c *Catalogue, entered map[string]bool) []issue {
	var out []issue
	bad := func(field, vi, en string) { out = append(out, issue{field, vi, en}) }
	if !validCode(i.Code) {
		bad("code", "mã không hợp lệ "+codeRuleVI, "the code is not valid "+codeRuleEN)
	}
	for _, t := range []struct{ field, value, vi, en string }{
		{"name_vi", i.NameVI, "cần tên tiếng Việt.", "needs a Vietnamese name."},
		{"name_en", i.NameEN, "cần tên tiếng Anh.", "needs an English name."},
		{"unit_vi", i.UnitVI, "cần đơn vị tính tiếng Việt.", "needs a unit in Vietnamese."},
		{"unit_en", i.UnitEN, "cần đơn vị tính tiếng Anh.", "needs a unit in English."},
	} {
		if t.value == "" {
			bad(t.field, t.vi, t.en)
		}
	}
	if c.groups[i.Group].Code == "" {
		bad("group", "không có nhóm “"+i.Group+"”.", "there is no group “"+i.Group+"”.")
	}
	if i.Min > i.Max {
		bad("max", "giá trị nhỏ nhất lớn hơn giá trị lớn nhất.", "its minimum is above its maximum.")
	}
	if i.Decimals < 0 || i.Decimals > 4 {
		bad("decimals", "số chữ số thập phân phải từ 0 đến 4.", "decimals must be 0 to 4.")
	}
	if i.Rank < 0 {
		bad("rank", "thứ tự xếp hạng không được âm.", "the rank cannot be negative.")
	}
	if i.RetiredFrom != 0 && (i.RetiredFrom < MinYear || i.RetiredFrom > MaxYear) {
		bad("retired_from", "năm thôi sử dụng không hợp lệ.", "the year it is retired from is not valid.")
	}
	out = append(out, checkOutlier(i.Outlier)...)
	for _, p := range i.Parts {
		if !entered[p] {
			bad("parts", "thành phần “"+p+"” không phải chỉ tiêu nhập.", "part “"+p+"” is not an entered indicator.")
			break
		}
	}
	switch i.Kind {
	case KindEntered:
		return append(out, checkEntered(i)...)
	case KindDerived:
		if i.Formula == "" {
			bad("formula", "chỉ tiêu tính toán cần công thức.", "a derived indicator needs a formula.")
		}
		if len(i.Parts) > 0 {
			bad("parts", "chỉ tiêu tính toán không có thành phần.", "a derived indicator has no parts.")
		}
		return out
	}
	bad("kind", "loại phải là entered (nhập) hoặc derived (tính toán).", "its kind must be entered or derived.")
	return out
}

// checkOutlier checks an outlier rule: off (factor 0), or a factor above
// 1 over a window the history can fill, with a floor of 0 or more.
func checkOutlier(o Outlier) []issue {
	var out []issue
	if o.Factor < 0 || (o.Factor > 0 && o.Factor <= 1) {
		out = append(out, issue{"outlier_factor", "hệ số bất thường phải lớn hơn 1 (hoặc 0 để tắt).", "the outlier factor must be above 1 (or 0 for none)."})
	}
	if o.Factor > 0 && (o.Window < outlierMinHistory || o.Window > 40) {
		out = append(out, issue{"outlier_window", "số quý so sánh bất thường phải từ 4 đến 40.", "the outlier window must be 4 to 40 quarters."})
	}
	if o.Floor < 0 {
		out = append(out, issue{"outlier_floor", "mức chênh lệch tối thiểu không được âm.", "the outlier floor cannot be negative."})
	}
	return out
}

func checkEntered(i Indicator) []issue {
	var out []issue
	if i.Formula != "" {
		out = append(out, issue{"formula", "chỉ tiêu nhập không có công thức.", "an entered indicator has no formula."})
	}
	switch i.OverQuarters {
	case AggSum, AggLast, AggFirst, AggAvg:
	case AggParts:
		if len(i.Parts) == 0 {
			out = append(out, issue{"parts", "cách cộng dồn “parts” cần các thành phần.", "the rule over quarters “parts” needs parts."})
		}
	default:
		out = append(out, issue{"over_quarters", "cách cộng dồn qua các quý phải là sum, last, first, avg hoặc parts.", "the rule over quarters must be sum, last, first, avg or parts."})
	}
	if i.AcrossAgencies != AcrossSum && i.AcrossAgencies != AcrossAvg {
		out = append(out, issue{"across_agencies", "cách tổng hợp giữa các cơ quan phải là sum hoặc avg.", "the rule across agencies must be sum or avg."})
	}
	return out
}

// Code rules: codes are names in expressions, so they are lower-case
// letters, digits and underscores, starting with a letter, and not a word
// the expression language keeps for itself.
const (
	codeRuleVI = "(chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ, tối đa 40 ký tự)."
	codeRuleEN = "(lower-case letters, digits and underscores, starting with a letter, at most 40 characters)."
)

var reservedWords = map[string]bool{prevName: true, reportedName: true, "and": true, "or": true, "not": true, "in": true,
	"matches": true, "contains": true, "startswith": true, "endswith": true, "let": true, "nil": true, "true": true,
	"false": true, "if": true, "else": true}

func validCode(s string) bool {
	if s == "" || len(s) > 40 || reservedWords[s] || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9') && ch != '_' {
			return false
		}
	}
	return true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
