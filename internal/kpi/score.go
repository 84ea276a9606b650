package kpi

import (
	"io"
	"math"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// A score index ranks agencies the way Decision 766/QĐ-TTg (2022) does:
// 100 points in groups, each group's score its ratio (a formula over the
// catalogue's entered counts, in expr-lang/expr, the catalogue's one
// expression language) times the group's points. It is catalogue data
// (data/index766.csv), held by the catalogue it is checked against.

// MaxScoreFormula bounds a formula's length before it is parsed.
const MaxScoreFormula = 500

// ScoreGroup is one group of the index as written in the data.
type ScoreGroup struct {
	Code    string  `json:"code"`
	NameVI  string  `json:"name_vi"`
	NameEN  string  `json:"name_en"`
	Points  float64 `json:"points"`
	Formula string  `json:"formula"` // the ratio, 0–1 (clamped), over indicator codes
}

// Name is the group's name in lang.
func (g ScoreGroup) Name(lang string) string {
	if lang == "en" {
		return g.NameEN
	}
	return g.NameVI
}

// ScoreIndex is a checked, compiled index.
type ScoreIndex struct {
	groups   []ScoreGroup
	programs []*vm.Program
	refs     [][]string // the indicator codes each formula reads
}

// Groups returns the index's groups in order.
func (x *ScoreIndex) Groups() []ScoreGroup { return append([]ScoreGroup(nil), x.groups...) }

// Total is the points of the whole index (100 for Decision 766).
func (x *ScoreIndex) Total() float64 {
	t := 0.0
	for _, g := range x.groups {
		t += g.Points
	}
	return t
}

// ScoreIndex is the catalogue's score index, nil when it has none.
func (c *Catalogue) ScoreIndex() *ScoreIndex { return c.index }

// SetScoreIndex checks and compiles the groups against the catalogue and
// makes them its score index: every formula must parse, name only entered
// indicators of the catalogue and give a number; points are positive.
func (c *Catalogue) SetScoreIndex(groups []ScoreGroup) error {
	env := map[string]float64{}
	for _, ind := range c.Entered() {
		env[ind.Code] = 0
	}
	x := &ScoreIndex{}
	seen := map[string]bool{}
	for _, g := range groups {
		bad := func(what string, args ...any) error {
			return Errorf(EINVALID, "Nhóm điểm %s: "+what, "Score group %s: "+what, append([]any{g.Code}, args...)...)
		}
		switch {
		case g.Code == "" || g.NameVI == "" || g.NameEN == "":
			return bad("thiếu mã hoặc tên / code or name missing.")
		case seen[g.Code]:
			return bad("trùng mã / appears twice.")
		case !(g.Points > 0) || math.IsInf(g.Points, 0):
			return bad("số điểm phải lớn hơn 0 / points must be above 0.")
		case len(g.Formula) > MaxScoreFormula:
			return bad("công thức dài quá %d ký tự / formula longer than %d characters.", MaxScoreFormula)
		}
		seen[g.Code] = true
		refs, err := formulaRefs(g.Formula)
		if err != nil {
			return bad("công thức không đọc được / the formula does not parse: %v", err)
		}
		p, err := expr.Compile(g.Formula, expr.Env(env), expr.AsFloat64())
		if err != nil {
			return bad("công thức không hợp lệ / the formula is not valid: %v", err)
		}
		x.groups, x.programs, x.refs = append(x.groups, g), append(x.programs, p), append(x.refs, refs)
	}
	c.index = x
	return nil
}

// formulaRefs lists the identifiers a formula reads.
func formulaRefs(formula string) ([]string, error) {
	tree, err := parser.Parse(formula)
	if err != nil {
		return nil, err
	}
	v := &identifiers{}
	ast.Walk(&tree.Node, v)
	return v.names, nil
}

type identifiers struct{ names []string }

func (v *identifiers) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok {
		v.names = append(v.names, id.Value)
	}
}

// GroupScore is one group's result for a set of figures.
type GroupScore struct {
	Code   string  `json:"code"`
	Points float64 `json:"points"`
	Ratio  float64 `json:"ratio"` // 0–1
	Score  float64 `json:"score"` // ratio × points
	OK     bool    `json:"ok"`    // false: a count it needs was not reported (or is 0 below a division)
}

// Scorecard is the index's result: each group and the total, in which a
// group without figures counts 0.
type Scorecard struct {
	Groups []GroupScore `json:"groups"`
	Total  float64      `json:"total"`
	Max    float64      `json:"max"`
	Scored int          `json:"scored"` // groups with a score
}

// Complete tells whether every group has a score.
func (s Scorecard) Complete() bool { return s.Scored == len(s.Groups) }

// Score computes the index over figures (an agency's own or a scope's
// summed counts, by indicator code): a pure function, the same for a
// commune and for the province.
func (x *ScoreIndex) Score(figs map[string]Figure) Scorecard {
	out := Scorecard{Max: x.Total()}
	env := make(map[string]float64, 16)
	for i, g := range x.groups {
		gs := GroupScore{Code: g.Code, Points: g.Points}
		clear(env)
		have := true
		for _, code := range x.refs[i] {
			f, ok := figs[code]
			if !ok || !f.OK {
				have = false
				break
			}
			env[code] = f.Value
		}
		if have {
			if v, err := expr.Run(x.programs[i], env); err == nil {
				if r, ok := v.(float64); ok && !math.IsNaN(r) && !math.IsInf(r, 0) {
					gs.Ratio = math.Max(0, math.Min(1, r))
					gs.Score, gs.OK = gs.Ratio*g.Points, true
				}
			}
		}
		if gs.OK {
			out.Scored++
			out.Total += gs.Score
		}
		out.Groups = append(out.Groups, gs)
	}
	return out
}

// ParseScoreGroups reads an index's groups from CSV: code, name_vi,
// name_en, points, formula.
func ParseScoreGroups(r io.Reader) ([]ScoreGroup, error) {
	rows, err := readCSV(r, "code", "name_vi", "name_en", "points", "formula")
	if err != nil {
		return nil, err
	}
	out := make([]ScoreGroup, 0, len(rows))
	for n, row := range rows {
		points, errs := parseFloat(row["points"], nil)
		if len(errs) > 0 {
			return nil, Errorf(EINVALID, "Dòng %d của bộ chỉ số có số điểm không hợp lệ.", "Line %d of the score index has invalid points.", n+2)
		}
		out = append(out, ScoreGroup{Code: strings.TrimSpace(row["code"]), NameVI: row["name_vi"], NameEN: row["name_en"],
			Points: points, Formula: row["formula"]})
	}
	return out, nil
}
