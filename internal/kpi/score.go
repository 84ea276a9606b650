package kpi

import (
	"math"
	"slices"
)

// A score index ranks agencies the way Decision 766/QĐ-TTg (2022) does:
// 100 points in groups, each group's score its ratio (a formula over the
// catalogue's entered counts, in the catalogue's one expression language)
// times the group's points. It is catalogue data (the bundle's
// index766.csv, the table "scores" of a definition), checked and compiled
// with the rest of the catalogue, so an administrator's change of a count
// or a formula is checked against it.

// MaxScoreFormula bounds a formula's length before it is parsed.
const MaxScoreFormula = 500

// ScoreGroup is one group of the index as written in the data.
type ScoreGroup struct {
	Code    string  `json:"code" db:"code"`
	NameVI  string  `json:"name_vi" db:"name_vi"`
	NameEN  string  `json:"name_en" db:"name_en"`
	Points  float64 `json:"points" db:"points"`
	Formula string  `json:"formula" db:"formula"` // the ratio, 0–1 (clamped), over indicator codes
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
	formulas []*Expr
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

// buildScores checks and compiles the groups: every formula must parse,
// name only entered indicators of the catalogue and give a number; points
// are positive.
func (b *builder) buildScores(groups []ScoreGroup) {
	if len(groups) == 0 {
		return
	}
	entered := map[string]bool{}
	for _, ind := range b.c.list {
		if ind.Kind == KindEntered {
			entered[ind.Code] = true
		}
	}
	x := &ScoreIndex{}
	seen := map[string]bool{}
	for _, g := range groups {
		bad := func(field, vi, en string) {
			b.failField(TableScores, g.Code, field, "Nhóm điểm "+g.Code+": "+vi, "Score group "+g.Code+": "+en)
		}
		switch {
		case !validCode(g.Code):
			bad("code", "mã không hợp lệ "+codeRuleVI, "the code is not valid "+codeRuleEN)
		case seen[g.Code]:
			bad("code", "trùng mã.", "the code appears twice.")
		case g.NameVI == "" || g.NameEN == "":
			bad("name_vi", "cần tên tiếng Việt và tiếng Anh.", "needs a Vietnamese and an English name.")
		case !(g.Points > 0) || math.IsInf(g.Points, 0):
			bad("points", "số điểm phải lớn hơn 0.", "points must be above 0.")
		case len(g.Formula) > MaxScoreFormula:
			bad("formula", "công thức dài quá "+itoa(MaxScoreFormula)+" ký tự.", "the formula is longer than "+itoa(MaxScoreFormula)+" characters.")
		default:
			seen[g.Code] = true
			f, err := compileExpr(g.Formula, entered, exprScore)
			if err != nil {
				bad("formula", exprProblem("công thức", err, "vi"), exprProblem("the formula", err, "en"))
				continue
			}
			x.groups, x.formulas = append(x.groups, g), append(x.formulas, f)
		}
	}
	b.c.index = x
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
	return x.score(func(code string) Figure { return figs[code] })
}

// Codes are the indicators the index's formulas read, each once.
func (x *ScoreIndex) Codes() []string {
	var out []string
	for _, f := range x.formulas {
		for _, c := range f.Codes {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// ScoreOwn is Score over one agency's own figures, derived from its own
// entered values (own: an entered indicator's value, false for none) as
// Derive would derive them, but only the few the formulas read: a report
// scores thousands of agencies.
func (x *ScoreIndex) ScoreOwn(c *Catalogue, own func(code string) (float64, bool)) Scorecard {
	src := ownSource(own)
	// score asks for each figure twice (is it there, then its value), and
	// a rate's figure evaluates its formula: each is derived once.
	var memo [16]codeFigure
	known := memo[:0]
	return x.score(func(code string) Figure {
		for _, k := range known {
			if k.code == code {
				return k.fig
			}
		}
		var f Figure
		if ind, ok := c.Get(code); ok {
			f = figureOf(c, ind, src)
		}
		known = append(known, codeFigure{code, f})
		return f
	})
}

// codeFigure is a figure of the indicator code.
type codeFigure struct {
	code string
	fig  Figure
}

// score computes the index over fig, a figure by indicator code.
func (x *ScoreIndex) score(fig func(code string) Figure) Scorecard {
	out := Scorecard{Max: x.Total(), Groups: make([]GroupScore, 0, len(x.groups))}
	cur := func(code string) float64 { return fig(code).Value }
	for i, g := range x.groups {
		gs := GroupScore{Code: g.Code, Points: g.Points}
		have := true
		for _, code := range x.formulas[i].Codes {
			if !fig(code).OK {
				have = false
				break
			}
		}
		if have {
			if r, ok := x.formulas[i].eval(cur, nil, nil); ok {
				gs.Ratio = math.Max(0, math.Min(1, r))
				gs.Score, gs.OK = gs.Ratio*g.Points, true
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
