package kpi

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// The one expression language of the catalogue (expr-lang/expr): the
// formulas of derived indicators and both sides of validation rules are
// numeric expressions over indicator codes, compiled and type-checked once,
// when the catalogue is built, and evaluated many times.
//
// Names an expression may use:
//   - an entered indicator's code: its value (a rule: the agency's value of
//     the period; a formula: the figure of the scope or agency);
//   - prev.CODE, in rules only: the agency's value of the previous period;
//   - reported("CODE"), in formulas only: how many agencies have a value of
//     CODE (one agency: 1 or 0), which turns a yes/no count into a share.
const (
	prevName     = "prev"
	reportedName = "reported"
)

// maxExprLen bounds an expression before it costs anything to compile.
const maxExprLen = 1000

// Expr is a compiled numeric expression with the names it reads.
type Expr struct {
	Source   string
	program  *vm.Program
	Codes    []string // indicator codes of the period, in order of first use
	Prev     []string // codes read as prev.CODE
	Reported []string // codes read as reported("CODE")
}

// exprMode says which extra names an expression may use.
type exprMode int

const (
	exprFormula exprMode = iota // reported("CODE")
	exprRule                    // prev.CODE
	exprScore                   // codes alone: a score formula over an agency's or a scope's figures
)

// ExprError is a refused expression: what is wrong and where (Column is
// the 1-based character position in the expression, 0 when unknown).
type ExprError struct {
	Column int
	VI, EN string
}

func (e *ExprError) Error() string { return fmt.Sprintf("col %d: %s", e.Column, e.EN) }

// exprErr makes an ExprError at byte offset off of src.
func exprErr(src string, off int, vi, en string) *ExprError {
	col := 0
	if off >= 0 && off <= len(src) {
		col = utf8.RuneCountInString(src[:off]) + 1
	}
	return &ExprError{Column: col, VI: vi, EN: en}
}

// compileExpr parses src, checks every name against known (the codes an
// expression may read) and compiles it to a number.
func compileExpr(src string, known map[string]bool, mode exprMode) (*Expr, *ExprError) {
	if len(src) > maxExprLen {
		return nil, &ExprError{VI: fmt.Sprintf("Biểu thức dài quá %d ký tự.", maxExprLen), EN: fmt.Sprintf("The expression is longer than %d characters.", maxExprLen)}
	}
	if src == "" {
		return nil, &ExprError{VI: "Biểu thức trống.", EN: "The expression is empty."}
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, fromExprLib(src, err)
	}
	e := &Expr{Source: src}
	names := &nameCheck{src: src, known: known, mode: mode, e: e, skip: map[ast.Node]bool{}}
	// The walk visits children before their parent: a first pass reads
	// prev.CODE and function calls, so that the second knows which bare
	// names are indicator codes.
	ast.Walk(&tree.Node, names)
	names.bare = true
	ast.Walk(&tree.Node, names)
	if names.err != nil {
		return nil, names.err
	}
	prog, err := expr.Compile(src, expr.Env(e.typeEnv()), expr.AsFloat64())
	if err != nil {
		return nil, fromExprLib(src, err)
	}
	e.program = prog
	return e, nil
}

// fromExprLib turns the library's error (which knows the line and column)
// into ours.
func fromExprLib(src string, err error) *ExprError {
	var fe *file.Error
	msg := err.Error()
	col := 0
	if errors.As(err, &fe) {
		msg, col = fe.Message, fe.Column+1
	}
	return &ExprError{Column: col,
		VI: "Biểu thức không hợp lệ: " + msg + ".",
		EN: "The expression is not valid: " + msg + "."}
}

// nameCheck walks an expression and checks each name it reads.
type nameCheck struct {
	src   string
	known map[string]bool
	mode  exprMode
	e     *Expr
	err   *ExprError
	skip  map[ast.Node]bool // names read as prev.X, function names and their quoted codes
	bare  bool              // the second pass: bare names
}

func (c *nameCheck) Visit(n *ast.Node) {
	if c.err != nil {
		return
	}
	switch x := (*n).(type) {
	case *ast.MemberNode:
		if !c.bare {
			c.member(x)
		}
	case *ast.CallNode:
		if !c.bare {
			c.call(x)
		}
	case *ast.IdentifierNode:
		if !c.bare || c.skip[x] {
			return
		}
		switch {
		case x.Value == prevName && c.mode == exprRule:
			c.fail(x, "“prev” phải đi cùng mã chỉ tiêu: prev.MÃ.", "“prev” must name an indicator: prev.CODE.")
		case c.known[x.Value]:
			c.e.Codes = appendOnce(c.e.Codes, x.Value)
		default:
			c.fail(x, "Không có chỉ tiêu nhập mã “"+x.Value+"”.", "There is no entered indicator with code “"+x.Value+"”.")
		}
	}
}

// member reads prev.CODE (rules only).
func (c *nameCheck) member(x *ast.MemberNode) {
	id, ok := x.Node.(*ast.IdentifierNode)
	prop, okP := x.Property.(*ast.StringNode)
	if !ok || !okP || id.Value != prevName || c.mode != exprRule {
		c.fail(x, "Chỉ dùng được mã chỉ tiêu (và prev.MÃ trong quy tắc).", "Only indicator codes (and prev.CODE in rules) can be used.")
		return
	}
	c.mark(id)
	if !c.known[prop.Value] {
		c.fail(prop, "Không có chỉ tiêu nhập mã “"+prop.Value+"”.", "There is no entered indicator with code “"+prop.Value+"”.")
		return
	}
	c.e.Prev = appendOnce(c.e.Prev, prop.Value)
}

// call reads reported("CODE") (formulas only); other functions are the
// library's built-ins (abs, min, max, round …), which it checks itself.
func (c *nameCheck) call(x *ast.CallNode) {
	id, ok := x.Callee.(*ast.IdentifierNode)
	if ok {
		c.mark(id)
	}
	if !ok || id.Value != reportedName {
		return
	}
	if c.mode != exprFormula {
		c.fail(x, "reported(...) chỉ dùng trong công thức chỉ tiêu.", "reported(...) is only for indicator formulas.")
		return
	}
	var arg *ast.StringNode
	if len(x.Arguments) == 1 {
		arg, _ = x.Arguments[0].(*ast.StringNode)
	}
	if arg == nil || !c.known[arg.Value] {
		c.fail(x, "reported cần một mã chỉ tiêu nhập trong ngoặc kép: reported(\"MÃ\").",
			"reported takes one entered indicator code in quotes: reported(\"CODE\").")
		return
	}
	c.mark(arg)
	c.e.Reported = appendOnce(c.e.Reported, arg.Value)
}

func (c *nameCheck) mark(n ast.Node) { c.skip[n] = true }

func (c *nameCheck) fail(n ast.Node, vi, en string) {
	if c.err == nil {
		c.err = exprErr(c.src, n.Location().From, vi, en)
	}
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// typeEnv is the environment the compiler checks types against: every
// name the expression reads, as a number.
func (e *Expr) typeEnv() map[string]any {
	zero := func(string) float64 { return 0 }
	return e.env(map[string]any{}, zero, zero, zero)
}

// env builds the values an evaluation reads into env.
func (e *Expr) env(env map[string]any, cur, prev, reported func(code string) float64) map[string]any {
	for _, c := range e.Codes {
		env[c] = cur(c)
	}
	if len(e.Prev) > 0 {
		p := make(map[string]any, len(e.Prev))
		for _, c := range e.Prev {
			p[c] = prev(c)
		}
		env[prevName] = p
	}
	if len(e.Reported) > 0 {
		env[reportedName] = func(code string) float64 { return reported(code) }
	}
	return env
}

// envs are the environments of evaluations, used again: a report derives
// every agency's rates, and a new map for each is most of what it
// allocates. The library keeps no reference to an environment after Run.
var envs = sync.Pool{New: func() any { return map[string]any{} }}

// vms are the machines that run the expressions, used again like the
// environments (a machine clears its stack at each run): expr.Run makes a
// new one, with its stack, for every evaluation.
var vms = sync.Pool{New: func() any { return &vm.VM{} }}

// eval runs the expression; ok is false when the result is not a finite
// number (a division by zero).
func (e *Expr) eval(cur, prev, reported func(code string) float64) (float64, bool) {
	env, m := envs.Get().(map[string]any), vms.Get().(*vm.VM)
	out, err := m.Run(e.program, e.env(env, cur, prev, reported))
	clear(env)
	envs.Put(env)
	vms.Put(m)
	if err != nil {
		return 0, false
	}
	v, ok := out.(float64)
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// Inputs are the codes the expression reads, of any period, sorted.
func (e *Expr) Inputs() []string {
	var out []string
	for _, list := range [][]string{e.Codes, e.Prev, e.Reported} {
		for _, c := range list {
			out = appendOnce(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// Node is the expression's syntax tree, for translations into other
// languages (the Excel formulas of the reports).
func (e *Expr) Node() ast.Node { return e.program.Node() }
