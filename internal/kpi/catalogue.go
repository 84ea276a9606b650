package kpi

import (
	"sort"
)

// Definition is the catalogue as administrators edit it and as the
// bundle's CSV files hold it: indicators (in display order), their groups,
// the data sets (forms), the validation rules and the display choices.
// Build checks it and compiles its expressions.
type Definition struct {
	Groups     []Group       `json:"groups"`
	Indicators []Indicator   `json:"indicators"`
	DataSets   []DataSet     `json:"datasets"`
	Rules      []Rule        `json:"rules"`
	Display    []DisplayItem `json:"display"`
}

// Group is an indicator group: a heading of dashboards and reports, and a
// section of the entry forms.
type Group struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
}

// Name returns the group's name in lang.
func (g Group) Name(lang string) string {
	if lang == "en" {
		return g.NameEN
	}
	return g.NameVI
}

// Problem is one thing wrong with a definition: which table and row (its
// key: a code, or "data set/indicator" for a field), in both languages.
type Problem struct {
	Table     string `json:"table"`
	Key       string `json:"key"`
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
}

// The tables of a definition, as problems and the bundle name them.
const (
	TableGroups     = "groups"
	TableIndicators = "indicators"
	TableDataSets   = "datasets"
	TableFields     = "dataset_fields"
	TableRules      = "rules"
	TableDisplay    = "display"
)

// Catalogue is a checked definition with its expressions compiled and its
// indexes built; it never changes (a change builds a new one).
type Catalogue struct {
	def     Definition
	list    []Indicator
	byCode  map[string]int
	ranked  []Indicator // the ranking indicators in rank order
	groups  map[string]Group
	sets    map[string]*DataSet
	byKind  map[Kind]*DataSet
	rules   []Rule
	display map[string][]DisplayItem
	// Version is the stored catalogue's version (0 for one not stored).
	Version int64
}

// Build checks def and returns the catalogue, or every problem found.
func Build(def Definition) (*Catalogue, []Problem) {
	b := &builder{c: &Catalogue{def: def, byCode: map[string]int{}, groups: map[string]Group{},
		sets: map[string]*DataSet{}, byKind: map[Kind]*DataSet{}, display: map[string][]DisplayItem{}}}
	b.buildGroups(def.Groups)
	b.buildIndicators(def.Indicators)
	b.buildDataSets(def.DataSets)
	b.buildRules(def.Rules)
	b.buildDisplay(def.Display)
	if len(b.problems) > 0 {
		return nil, b.problems
	}
	return b.c, nil
}

// NewCatalogue builds a catalogue of indicators alone, each group named by
// its code: for tests and tools that need no forms or rules.
func NewCatalogue(list []Indicator) (*Catalogue, error) {
	def := Definition{Indicators: list}
	seen := map[string]bool{}
	for _, i := range list {
		if !seen[i.Group] {
			seen[i.Group] = true
			def.Groups = append(def.Groups, Group{Code: i.Group, NameVI: i.Group, NameEN: i.Group})
		}
	}
	c, problems := Build(def)
	if len(problems) > 0 {
		return nil, ProblemsError(problems)
	}
	return c, nil
}

// ProblemsError is one EINVALID error naming the first problems.
func ProblemsError(problems []Problem) *Error {
	e := &Error{Code: EINVALID}
	for i, p := range problems {
		if i == 5 {
			e.MessageVI += " …"
			e.MessageEN += " …"
			break
		}
		e.MessageVI += sep(i) + p.MessageVI
		e.MessageEN += sep(i) + p.MessageEN
	}
	return e
}

func sep(i int) string {
	if i == 0 {
		return ""
	}
	return " "
}

// builder checks a definition row by row, collecting problems.
type builder struct {
	c        *Catalogue
	problems []Problem
}

func (b *builder) fail(table, key, vi, en string) {
	b.problems = append(b.problems, Problem{Table: table, Key: key, MessageVI: vi, MessageEN: en})
}

func (b *builder) buildGroups(groups []Group) {
	for _, g := range groups {
		switch {
		case !validCode(g.Code):
			b.fail(TableGroups, g.Code, "Mã nhóm “"+g.Code+"” không hợp lệ "+codeRuleVI, "Group code “"+g.Code+"” is not valid "+codeRuleEN)
		case g.NameVI == "" || g.NameEN == "":
			b.fail(TableGroups, g.Code, "Nhóm "+g.Code+" cần tên tiếng Việt và tiếng Anh.", "Group "+g.Code+" needs a Vietnamese and an English name.")
		default:
			if _, dup := b.c.groups[g.Code]; dup {
				b.fail(TableGroups, g.Code, "Mã nhóm "+g.Code+" bị trùng.", "Group code "+g.Code+" appears twice.")
			}
			b.c.groups[g.Code] = g
		}
	}
}

func (b *builder) buildIndicators(list []Indicator) {
	c := b.c
	for _, i := range list {
		if _, dup := c.byCode[i.Code]; dup {
			b.fail(TableIndicators, i.Code, "Mã chỉ tiêu "+i.Code+" bị trùng.", "Indicator code "+i.Code+" appears twice.")
			continue
		}
		c.byCode[i.Code] = len(c.list)
		c.list = append(c.list, i)
	}
	entered := map[string]bool{}
	for _, i := range c.list {
		if i.Kind == KindEntered {
			entered[i.Code] = true
		}
	}
	for n := range c.list {
		i := &c.list[n]
		if vi, en, ok := checkIndicator(*i, c, entered); !ok {
			b.fail(TableIndicators, i.Code, "Chỉ tiêu "+i.Code+": "+vi, "Indicator "+i.Code+": "+en)
			continue
		}
		if i.Kind == KindDerived {
			f, err := compileExpr(i.Formula, entered, exprFormula)
			if err != nil {
				b.fail(TableIndicators, i.Code, exprProblem("Công thức của chỉ tiêu "+i.Code, err, "vi"), exprProblem("The formula of indicator "+i.Code, err, "en"))
				continue
			}
			i.formula = f
		}
		if i.Rank > 0 {
			c.ranked = append(c.ranked, *i)
		}
	}
	sort.SliceStable(c.ranked, func(a, b int) bool { return c.ranked[a].Rank < c.ranked[b].Rank })
}

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
// answers what is wrong in both languages.
func checkIndicator(i Indicator, c *Catalogue, entered map[string]bool) (vi, en string, ok bool) {
	bad := func(vi, en string) (string, string, bool) { return vi, en, false }
	switch {
	case !validCode(i.Code):
		return bad("mã không hợp lệ "+codeRuleVI, "the code is not valid "+codeRuleEN)
	case i.NameVI == "" || i.NameEN == "":
		return bad("cần tên tiếng Việt và tiếng Anh.", "needs a Vietnamese and an English name.")
	case i.UnitVI == "" || i.UnitEN == "":
		return bad("cần đơn vị tính bằng hai thứ tiếng.", "needs a unit in both languages.")
	case c.groups[i.Group].Code == "":
		return bad("không có nhóm “"+i.Group+"”.", "there is no group “"+i.Group+"”.")
	case i.Min > i.Max:
		return bad("giá trị nhỏ nhất lớn hơn giá trị lớn nhất.", "its minimum is above its maximum.")
	case i.Decimals < 0 || i.Decimals > 4:
		return bad("số chữ số thập phân phải từ 0 đến 4.", "decimals must be 0 to 4.")
	case i.Rank < 0:
		return bad("thứ tự xếp hạng không được âm.", "the rank cannot be negative.")
	case i.RetiredFrom != 0 && (i.RetiredFrom < MinYear || i.RetiredFrom > MaxYear):
		return bad("năm thôi sử dụng không hợp lệ.", "the year it is retired from is not valid.")
	case i.Outlier.Factor < 0 || i.Outlier.Floor < 0 || (i.Outlier.Factor > 0 && (i.Outlier.Factor <= 1 || i.Outlier.Window < outlierMinHistory || i.Outlier.Window > 40)):
		return bad("ngưỡng bất thường không hợp lệ (hệ số > 1 hoặc 0 để tắt, số quý từ 4 đến 40, mức tối thiểu ≥ 0).",
			"the outlier rule is not valid (factor above 1, or 0 for none; window 4 to 40 quarters; floor 0 or more).")
	}
	for _, p := range i.Parts {
		if !entered[p] {
			return bad("thành phần “"+p+"” không phải chỉ tiêu nhập.", "part “"+p+"” is not an entered indicator.")
		}
	}
	switch i.Kind {
	case KindEntered:
		return checkEntered(i)
	case KindDerived:
		if i.Formula == "" || len(i.Parts) > 0 {
			return bad("chỉ tiêu tính toán cần công thức (và không có thành phần).", "a derived indicator needs a formula (and no parts).")
		}
		return "", "", true
	}
	return bad("loại phải là entered (nhập) hoặc derived (tính toán).", "its kind must be entered or derived.")
}

func checkEntered(i Indicator) (vi, en string, ok bool) {
	if i.Formula != "" {
		return "chỉ tiêu nhập không có công thức.", "an entered indicator has no formula.", false
	}
	switch i.OverQuarters {
	case AggSum, AggLast, AggFirst, AggAvg:
	case AggParts:
		if len(i.Parts) == 0 {
			return "cách cộng dồn “parts” cần các thành phần.", "the rule over quarters “parts” needs parts.", false
		}
	default:
		return "cách cộng dồn qua các quý phải là sum, last, first, avg hoặc parts.", "the rule over quarters must be sum, last, first, avg or parts.", false
	}
	if i.AcrossAgencies != AcrossSum && i.AcrossAgencies != AcrossAvg {
		return "cách tổng hợp giữa các cơ quan phải là sum hoặc avg.", "the rule across agencies must be sum or avg.", false
	}
	return "", "", true
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

// Definition returns the definition the catalogue was built from.
func (c *Catalogue) Definition() Definition { return c.def }

// Get returns the indicator with the code.
func (c *Catalogue) Get(code string) (Indicator, bool) {
	i, ok := c.byCode[code]
	if !ok {
		return Indicator{}, false
	}
	return c.list[i], true
}

// All returns the indicators in catalogue order.
func (c *Catalogue) All() []Indicator { return append([]Indicator(nil), c.list...) }

// Entered returns the indicators officers type in, in catalogue order.
func (c *Catalogue) Entered() []Indicator {
	var out []Indicator
	for _, i := range c.list {
		if i.Kind == KindEntered {
			out = append(out, i)
		}
	}
	return out
}

// Ranked returns the ranking indicators in their order: the columns of
// every ranking table and the only indicators a ranking can be sorted by.
func (c *Catalogue) Ranked() []Indicator { return append([]Indicator(nil), c.ranked...) }

// IsRanked reports whether agencies are ranked by code.
func (c *Catalogue) IsRanked(code string) bool {
	i, ok := c.Get(code)
	return ok && i.Rank > 0
}

// Groups returns the group codes that hold indicators, in the order of
// their first indicator.
func (c *Catalogue) Groups() []string {
	var out []string
	seen := map[string]bool{}
	for _, i := range c.list {
		if !seen[i.Group] {
			seen[i.Group] = true
			out = append(out, i.Group)
		}
	}
	return out
}

// Group returns the group with the code.
func (c *Catalogue) Group(code string) Group { return c.groups[code] }
