package excel

import (
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"

	"parkpi/internal/kpi"
)

// excelFormula translates a derived indicator's formula into an Excel
// formula: the one definition of a rate gives the Go figure and the cell
// that recomputes it when a count is edited. cellOf names the cell of an
// entered code; countOf, if not nil, the formula of reported("code") (how
// many agencies have a value). ok is false when some part of the formula
// has no translation here (a name without a cell, a function Excel lacks):
// the caller then writes the computed number.
func excelFormula(e *kpi.Expr, cellOf, countOf func(code string) (string, bool)) (string, bool) {
	if e == nil {
		return "", false
	}
	t := translator{cellOf: cellOf, countOf: countOf, ok: true}
	out := t.node(e.Node())
	if !t.ok {
		return "", false
	}
	return `IFERROR(` + out + `,"")`, true
}

type translator struct {
	cellOf, countOf func(code string) (string, bool)
	ok              bool
}

func (t *translator) node(n ast.Node) string {
	switch x := n.(type) {
	case *ast.IntegerNode:
		return strconv.Itoa(x.Value)
	case *ast.FloatNode:
		return strconv.FormatFloat(x.Value, 'f', -1, 64)
	case *ast.IdentifierNode:
		return t.ref(t.cellOf, x.Value)
	case *ast.UnaryNode:
		if x.Operator == "-" || x.Operator == "+" {
			return x.Operator + t.node(x.Node)
		}
	case *ast.BinaryNode:
		p, known := precedence[x.Operator]
		if !known {
			break
		}
		op := x.Operator
		if op == "**" {
			op = "^"
		}
		return t.operand(x.Left, p, false) + op + t.operand(x.Right, p, true)
	case *ast.CallNode:
		return t.call(x)
	}
	t.ok = false
	return ""
}

// precedence of the arithmetic Excel shares with the expression language.
var precedence = map[string]int{"+": 1, "-": 1, "*": 2, "/": 2, "^": 3, "**": 3}

// operand writes a side of a binary operation, in parentheses only where
// Excel would read it otherwise.
func (t *translator) operand(n ast.Node, parent int, right bool) string {
	s := t.node(n)
	if b, ok := n.(*ast.BinaryNode); ok {
		if p := precedence[b.Operator]; p < parent || (right && p == parent) {
			return "(" + s + ")"
		}
	}
	return s
}

func (t *translator) call(x *ast.CallNode) string {
	id, _ := x.Callee.(*ast.IdentifierNode)
	if id == nil {
		t.ok = false
		return ""
	}
	args := make([]string, len(x.Arguments))
	switch id.Value {
	case "reported":
		if s, ok := x.Arguments[0].(*ast.StringNode); ok && t.countOf != nil {
			return t.ref(t.countOf, s.Value)
		}
	case "abs", "min", "max", "round", "floor", "ceil":
		for i, a := range x.Arguments {
			args[i] = t.node(a)
		}
		fn := map[string]string{"abs": "ABS", "min": "MIN", "max": "MAX", "round": "ROUND", "floor": "INT", "ceil": "ROUNDUP"}[id.Value]
		if id.Value == "round" || id.Value == "ceil" {
			args = append(args, "0")
		}
		return fn + "(" + strings.Join(args, ",") + ")"
	}
	t.ok = false
	return ""
}

func (t *translator) ref(of func(string) (string, bool), code string) string {
	if of == nil {
		t.ok = false
		return ""
	}
	r, ok := of(code)
	if !ok {
		t.ok = false
	}
	return r
}
