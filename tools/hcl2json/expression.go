package main

// getExpressionAst: one HCL expression → its syntax tree, in the JSON shape @cdktn/hcl2json answers with (its
// TypeScript types: build/syntax-tree.d.ts, which hcl-lint reads). Every node has its children, a type name, the
// details of its kind in meta (sub-expressions as source text, ranges, traversal steps) and its start range.

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

type position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

type span struct {
	Start position `json:"start"`
	End   position `json:"end"`
}

func spanOf(r hcl.Range) span {
	return span{
		Start: position{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:   position{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

type exprNode struct {
	Children []*exprNode    `json:"children"`
	Type     string         `json:"type"`
	Meta     map[string]any `json:"meta,omitempty"`
	Range    span           `json:"range"`
}

// step is one step of a traversal: a name (`a`, `.b`) or an index (`[0]`, `["k"]`).
type step struct {
	Type    string `json:"type"`
	Segment string `json:"segment,omitempty"`
	Range   span   `json:"range"`
}

func expressionAst(name, source string) (string, error) {
	expr, diags := hclsyntax.ParseExpression([]byte(source), name, hcl.Pos{})
	if diags.HasErrors() {
		return "", fmt.Errorf("getExpressionAst errors on input string '%s': %s ", source, diags.Error())
	}
	tree := &treeBuilder{source: source}
	hclsyntax.Walk(expr, tree)
	root := tree.root
	if root == nil {
		root = &exprNode{}
	}
	text, err := json.MarshalIndent(root, "", "  ")
	return string(text), err
}

// treeBuilder turns hclsyntax's walk into nested nodes. Scopes (the synthetic nodes around a for
// expression's parts) are not nodes: their expressions belong to the enclosing one.
type treeBuilder struct {
	source string
	root   *exprNode
	open   []*exprNode // from the root to the node being walked
}

func (b *treeBuilder) Enter(node hclsyntax.Node) hcl.Diagnostics {
	if _, scope := node.(hclsyntax.ChildScope); scope {
		return nil
	}
	expr := node.(hclsyntax.Expression)
	current := &exprNode{Children: []*exprNode{}, Meta: map[string]any{}, Range: spanOf(expr.StartRange())}
	if depth := len(b.open); depth == 0 {
		b.root = current
	} else {
		parent := b.open[depth-1]
		parent.Children = append(parent.Children, current)
	}
	b.open = append(b.open, current)
	// Kinds without a name here (parentheses, object keys, the splat's symbol) stay nameless nodes with no meta.
	if current.Type = b.describe(expr, current.Meta); current.Type != "" {
		current.Meta["value"] = b.text(expr)
	}
	return nil
}

func (b *treeBuilder) Exit(node hclsyntax.Node) hcl.Diagnostics {
	if _, scope := node.(hclsyntax.ChildScope); !scope && len(b.open) > 1 {
		b.open = b.open[:len(b.open)-1]
	}
	return nil
}

// text is an expression's own source.
func (b *treeBuilder) text(expr hclsyntax.Expression) string {
	return b.source[expr.Range().Start.Byte:expr.Range().End.Byte]
}

// describe fills meta for one expression and returns its type name ("" for a kind it does not name).
func (b *treeBuilder) describe(expr hclsyntax.Expression, meta map[string]any) string {
	switch e := expr.(type) {
	case *hclsyntax.TemplateExpr:
		return "template"
	case *hclsyntax.TemplateJoinExpr:
		return "templateJoin"
	case *hclsyntax.TemplateWrapExpr:
		return "templateWrap"
	case *hclsyntax.TupleConsExpr:
		return "tuple"
	case *hclsyntax.LiteralValueExpr:
		meta["type"] = e.Val.Type()
		return "literalValue"
	case *hclsyntax.ObjectConsExpr:
		items := map[string]string{}
		for _, item := range e.Items {
			items[b.text(item.KeyExpr)] = b.text(item.ValueExpr)
		}
		meta["items"] = items
		return "object"
	case *hclsyntax.ScopeTraversalExpr:
		meta["traversal"], meta["fullAccessor"] = traversalSteps(e.Traversal)
		return "scopeTraversal"
	case *hclsyntax.RelativeTraversalExpr:
		meta["traversal"], meta["fullAccessor"] = traversalSteps(e.Traversal)
		meta["sourceExpression"] = b.text(e.Source)
		return "relativeTraversal"
	case *hclsyntax.FunctionCallExpr:
		args := make([]span, 0, len(e.Args))
		for _, arg := range e.Args {
			args = append(args, spanOf(arg.Range()))
		}
		meta["name"] = e.Name
		meta["expandedFinalArgument"] = e.ExpandFinal
		meta["nameRange"] = spanOf(e.NameRange)
		meta["openParenRange"] = spanOf(e.OpenParenRange)
		meta["closeParenRange"] = spanOf(e.CloseParenRange)
		meta["argsRanges"] = args
		return "function"
	case *hclsyntax.IndexExpr:
		meta["keyExpression"] = b.text(e.Key)
		meta["collectionExpression"] = b.text(e.Collection)
		return "index"
	case *hclsyntax.SplatExpr:
		meta["sourceExpression"] = b.text(e.Source)
		meta["eachExpression"] = b.text(e.Each)
		meta["anonSymbolExpression"] = b.text(e.Item)
		meta["markerRange"] = spanOf(e.MarkerRange)
		return "splat"
	case *hclsyntax.ForExpr:
		b.describeFor(e, meta)
		return "for"
	case *hclsyntax.ConditionalExpr:
		meta["conditionExpression"] = b.text(e.Condition)
		meta["trueExpression"] = b.text(e.TrueResult)
		meta["falseExpression"] = b.text(e.FalseResult)
		return "conditional"
	case *hclsyntax.UnaryOpExpr:
		meta["operator"] = operatorName(e.Op)
		meta["valueExpression"] = b.text(e.Val)
		meta["symbolRange"] = spanOf(e.SymbolRange)
		meta["returnType"] = typeWithoutContext(e)
		return "unaryOp"
	case *hclsyntax.BinaryOpExpr:
		meta["operator"] = operatorName(e.Op)
		meta["returnType"] = typeWithoutContext(e)
		meta["lhsExpression"] = b.text(e.LHS)
		meta["rhsExpression"] = b.text(e.RHS)
		return "binaryOp"
	}
	return ""
}

func (b *treeBuilder) describeFor(e *hclsyntax.ForExpr, meta map[string]any) {
	meta["keyVar"] = e.KeyVar
	meta["valVar"] = e.ValVar
	optional := map[string]hclsyntax.Expression{"collectionExpression": e.CollExpr, "conditionalExpression": e.CondExpr, "keyExpression": e.KeyExpr}
	for key, part := range optional {
		if part != nil {
			meta[key] = b.text(part)
		}
	}
	meta["valueExpression"] = b.text(e.ValExpr)
	meta["groupedValue"] = e.Group
	meta["openRange"] = spanOf(e.OpenRange)
	meta["openRangeValue"] = b.source[e.OpenRange.Start.Byte:e.OpenRange.End.Byte]
	meta["closeRange"] = spanOf(e.CloseRange)
	meta["closeRangeValue"] = b.source[e.CloseRange.Start.Byte:e.CloseRange.End.Byte]
}

// typeWithoutContext is the type an operation yields evaluated with no variables or functions (often dynamic).
func typeWithoutContext(expr hclsyntax.Expression) cty.Type {
	value, _ := expr.Value(nil)
	return value.Type()
}

func operatorName(op *hclsyntax.Operation) string {
	switch op {
	case hclsyntax.OpLogicalOr:
		return "logicalOr"
	case hclsyntax.OpLogicalAnd:
		return "logicalAnd"
	case hclsyntax.OpLogicalNot:
		return "logicalNot"
	case hclsyntax.OpEqual:
		return "equal"
	case hclsyntax.OpNotEqual:
		return "notEqual"
	case hclsyntax.OpGreaterThan:
		return "greaterThan"
	case hclsyntax.OpGreaterThanOrEqual:
		return "greaterThanOrEqual"
	case hclsyntax.OpLessThan:
		return "lessThan"
	case hclsyntax.OpLessThanOrEqual:
		return "lessThanOrEqual"
	case hclsyntax.OpAdd:
		return "add"
	case hclsyntax.OpSubtract:
		return "subtract"
	case hclsyntax.OpMultiply:
		return "multiply"
	case hclsyntax.OpDivide:
		return "divide"
	case hclsyntax.OpModulo:
		return "modulo"
	case hclsyntax.OpNegate:
		return "negate"
	}
	return ""
}

// traversalSteps lists a traversal's steps (a splat's steps inline) and writes it as one accessor: a.b["k"][0].
// No steps gives a nil list (JSON null).
func traversalSteps(traversal hcl.Traversal) ([]step, string) {
	var steps []step
	accessor := ""
	join := func(part string, indexed bool) {
		switch {
		case accessor == "":
			accessor = part
		case indexed:
			accessor += "[" + part + "]"
		default:
			accessor += "." + part
		}
	}
	for _, t := range traversal {
		switch t := t.(type) {
		case hcl.TraverseRoot:
			steps = append(steps, step{Type: "nameTraversal", Segment: t.Name, Range: spanOf(t.SrcRange)})
			join(t.Name, false)
		case hcl.TraverseAttr:
			steps = append(steps, step{Type: "nameTraversal", Segment: t.Name, Range: spanOf(t.SrcRange)})
			join(t.Name, false)
		case hcl.TraverseIndex:
			key := indexKey(t.Key)
			steps = append(steps, step{Type: "indexTraversal", Segment: key, Range: spanOf(t.SrcRange)})
			join(key, true)
		case hcl.TraverseSplat:
			inner, innerAccessor := traversalSteps(t.Each)
			steps = append(steps, inner...)
			join(innerAccessor, false)
		}
	}
	return steps, accessor
}

// indexKey writes an index key as written in source: "k" with its quotes, a number in shortest form, else "".
func indexKey(key cty.Value) string {
	switch key.Type() {
	case cty.String:
		return `"` + key.AsString() + `"`
	case cty.Number:
		return key.AsBigFloat().String()
	}
	return ""
}
