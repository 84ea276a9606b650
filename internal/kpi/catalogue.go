package kpi

import (
	"slices"
	"sort"
)

// Definition is the catalogue as administrators edit it and as the
// bundle's CSV files hold it: indicators (in display order), their groups,
// the data sets (forms), the validation rules, the display choices and the
// score index. Build checks it and compiles its expressions.
type Definition struct {
	Groups     []Group       `json:"groups"`
	Indicators []Indicator   `json:"indicators"`
	DataSets   []DataSet     `json:"datasets"`
	Rules      []Rule        `json:"rules"`
	Display    []DisplayItem `json:"display"`
	Scores     []ScoreGroup  `json:"scores"`
	// PeriodTypes are the reporting period types with their cut-off days.
	PeriodTypes []PeriodType `json:"period_types"`
	// Dimensions are the breakdowns indicators may be entered by.
	Dimensions []Dimension `json:"dimensions"`
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
// key: a code, or "data set/indicator" for a field), which column when one
// is to blame (the bundle's column name, which is also the administrator's
// form field), in both languages.
type Problem struct {
	Table     string `json:"table"`
	Key       string `json:"key"`
	Field     string `json:"field,omitempty"`
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
	TableScores     = "scores"
)

// Catalogue is a checked definition with its expressions compiled and its
// indexes built; it never changes (a change builds a new one).
type Catalogue struct {
	def    Definition
	list   []Indicator
	byCode map[string]int
	ranked []Indicator // the ranking indicators in rank order
	// rankedInputs are the entered inputs of each of ranked (Inputs), which
	// every save's TouchedCodes walks.
	rankedInputs [][]string
	groups       map[string]Group
	sets         map[string]*DataSet
	byKind       map[Kind]*DataSet
	rules        []Rule
	display      map[string][]DisplayItem
	index        *ScoreIndex // the score index (Decision 766), nil when the definition has none
	// Version is the stored catalogue's version (0 for one not stored).
	Version int64
}

// Build checks def and returns the catalogue, or every problem found. The
// catalogue keeps its own copy: changing def later changes nothing of it.
func Build(def Definition) (*Catalogue, []Problem) {
	def = def.Clone()
	b := &builder{c: &Catalogue{def: def, byCode: map[string]int{}, groups: map[string]Group{},
		sets: map[string]*DataSet{}, byKind: map[Kind]*DataSet{}, display: map[string][]DisplayItem{}}}
	b.buildPeriodTypes(def.PeriodTypes)
	b.buildGroups(def.Groups)
	b.buildDimensions(def.Dimensions)
	b.buildIndicators(def.Indicators)
	b.checkBreakdowns()
	b.buildDataSets(def.DataSets)
	b.buildRules(def.Rules)
	b.buildDisplay(def.Display)
	b.buildScores(def.Scores)
	if len(b.problems) > 0 {
		return nil, b.problems
	}
	for _, ind := range b.c.ranked {
		b.c.rankedInputs = append(b.c.rankedInputs, b.c.Inputs(ind.Code))
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
		return nil, Problems(problems)
	}
	return c, nil
}

// Problems is a refused definition with every problem found. As an error
// it is EINVALID, naming the first few; a form shows each beside its field.
type Problems []Problem

// ProblemsError returns the problems as one error.
func ProblemsError(problems []Problem) error { return Problems(problems) }

func (ps Problems) Error() string { return ps.summary().Error() }

// As lets errors.As (so ErrorCode and ErrorMessage) read the problems as
// one coded error.
func (ps Problems) As(target any) bool {
	if t, ok := target.(**Error); ok {
		*t = ps.summary()
		return true
	}
	return false
}

func (ps Problems) summary() *Error {
	e := &Error{Code: EINVALID}
	for i, p := range ps {
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

func (b *builder) fail(table, key, vi, en string) { b.failField(table, key, "", vi, en) }

func (b *builder) failField(table, key, field, vi, en string) {
	b.problems = append(b.problems, Problem{Table: table, Key: key, Field: field, MessageVI: vi, MessageEN: en})
}

// issue is what is wrong with one column of a row.
type issue struct{ field, vi, en string }

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
		if issues := checkIndicator(*i, c, entered); len(issues) > 0 {
			for _, is := range issues {
				b.failField(TableIndicators, i.Code, is.field, "Chỉ tiêu "+i.Code+": "+is.vi, "Indicator "+i.Code+": "+is.en)
			}
			continue
		}
		if i.Kind == KindDerived {
			f, err := compileExpr(i.Formula, entered, exprFormula)
			if err != nil {
				b.failField(TableIndicators, i.Code, "formula", exprProblem("Công thức của chỉ tiêu "+i.Code, err, "vi"), exprProblem("The formula of indicator "+i.Code, err, "en"))
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

// Definition returns a copy of the definition the catalogue was built
// from, free to edit.
func (c *Catalogue) Definition() Definition { return c.def.Clone() }

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

// Inputs are the entered indicators the figures of codes are made of (an
// entered indicator is its own input; parts and formulas are followed down
// to theirs), each once, in the order met: what a read must fetch to
// derive just those figures.
func (c *Catalogue) Inputs(codes ...string) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(code string)
	walk = func(code string) {
		ind, ok := c.Get(code)
		if !ok || seen[code] {
			return
		}
		seen[code] = true
		if ind.Kind == KindEntered {
			out = append(out, code)
		}
		next := ind.Parts
		if ind.formula != nil {
			next = append(append(append(slices.Clone(next), ind.formula.Codes...), ind.formula.Prev...), ind.formula.Reported...)
		}
		for _, p := range next {
			walk(p)
		}
	}
	for _, code := range codes {
		walk(code)
	}
	return out
}

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
