package kpi

import (
	"encoding/json"
	"strings"
)

// Catalogue change actions.
const (
	ChangeAdd    = "add"
	ChangeEdit   = "change"
	ChangeRemove = "remove"
)

// DefChange is one item two definitions differ by: a row of a table (by
// its key), or a table's order (key "order"), with both versions as JSON.
type DefChange struct {
	Table  string `json:"table"`
	Key    string `json:"key"`
	Action string `json:"action"`
	Old    string `json:"old,omitempty"`
	New    string `json:"new,omitempty"`
}

// DiffDefinitions lists what changes from old to new, table by table: the
// preview of an import, the audit rows of a change. An unchanged
// definition gives nothing.
func DiffDefinitions(old, new Definition) []DefChange {
	var out []DefChange
	out = diffTable(out, TablePeriodTypes, keyed(old.PeriodTypes, func(t PeriodType) string { return t.Code }), keyed(new.PeriodTypes, func(t PeriodType) string { return t.Code }))
	out = diffTable(out, TableDimensions, keyed(old.Dimensions, func(d Dimension) string { return d.Code }), keyed(new.Dimensions, func(d Dimension) string { return d.Code }))
	out = diffTable(out, TableGroups, keyed(old.Groups, func(g Group) string { return g.Code }), keyed(new.Groups, func(g Group) string { return g.Code }))
	out = diffTable(out, TableIndicators, keyed(old.Indicators, func(i Indicator) string { return i.Code }), keyed(new.Indicators, func(i Indicator) string { return i.Code }))
	out = diffTable(out, TableDataSets, keyed(old.DataSets, func(d DataSet) string { return d.Code }), keyed(new.DataSets, func(d DataSet) string { return d.Code }))
	out = diffTable(out, TableRules, keyed(old.Rules, func(r Rule) string { return r.Code }), keyed(new.Rules, func(r Rule) string { return r.Code }))
	out = diffTable(out, TableDisplay, views(old.Display), views(new.Display))
	return diffTable(out, TableScores, keyed(old.Scores, func(g ScoreGroup) string { return g.Code }), keyed(new.Scores, func(g ScoreGroup) string { return g.Code }))
}

// keyedRows are a table's rows as JSON by key, with the keys in order.
type keyedRows struct {
	order []string
	json  map[string]string
}

func keyed[T any](rows []T, key func(T) string) keyedRows {
	k := keyedRows{json: map[string]string{}}
	for _, r := range rows {
		b, _ := json.Marshal(r)
		k.order = append(k.order, key(r))
		k.json[key(r)] = string(b)
	}
	return k
}

// views keys the display choices by view: a view's list is one item,
// since its order is what it says.
func views(items []DisplayItem) keyedRows {
	k := keyedRows{json: map[string]string{}}
	by := map[string][]DisplayItem{}
	for _, d := range items {
		if _, ok := by[d.View]; !ok {
			k.order = append(k.order, d.View)
		}
		by[d.View] = append(by[d.View], d)
	}
	for v, list := range by {
		b, _ := json.Marshal(list)
		k.json[v] = string(b)
	}
	return k
}

func diffTable(out []DefChange, table string, old, new keyedRows) []DefChange {
	for _, key := range new.order {
		o, had := old.json[key]
		switch {
		case !had:
			out = append(out, DefChange{Table: table, Key: key, Action: ChangeAdd, New: new.json[key]})
		case o != new.json[key]:
			out = append(out, DefChange{Table: table, Key: key, Action: ChangeEdit, Old: o, New: new.json[key]})
		}
	}
	for _, key := range old.order {
		if _, kept := new.json[key]; !kept {
			out = append(out, DefChange{Table: table, Key: key, Action: ChangeRemove, Old: old.json[key]})
		}
	}
	if table != TableDisplay && strings.Join(kept(old.order, new.json), ",") != strings.Join(kept(new.order, old.json), ",") {
		out = append(out, DefChange{Table: table, Key: "order", Action: ChangeEdit,
			Old: strings.Join(old.order, ","), New: strings.Join(new.order, ",")})
	}
	return out
}

// kept is the order of the keys also in other: a reordering, not an
// addition or removal.
func kept(order []string, other map[string]string) []string {
	var out []string
	for _, k := range order {
		if _, ok := other[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// DerivationChanged lists the indicators whose stored figures (own
// figures, sums, rank entries) old and new derive differently: a new rule
// over quarters or parts, a new formula, a ranking indicator added or
// removed, or any of these in an input of a ranked derived indicator.
// These are recomputed in the transaction of the change.
func DerivationChanged(old, new *Catalogue) []string {
	var out []string
	for _, ind := range new.list {
		if derivation(old, ind.Code) != derivation(new, ind.Code) {
			out = append(out, ind.Code)
		}
	}
	for _, ind := range old.list {
		if _, ok := new.Get(ind.Code); !ok && derivation(old, ind.Code) != "" {
			out = append(out, ind.Code)
		}
	}
	return out
}

// derivation is what an indicator's stored rows depend on, as text.
func derivation(c *Catalogue, code string) string {
	ind, ok := c.Get(code)
	if !ok {
		return ""
	}
	parts := []string{ind.Kind, ind.OverQuarters, strings.Join(ind.Parts, "+"), ind.Formula}
	if ind.Rank > 0 {
		parts = append(parts, "ranked")
		var inputs []string
		if ind.formula != nil {
			inputs = ind.formula.Inputs()
		}
		for _, in := range append(inputs, ind.Parts...) {
			i, _ := c.Get(in)
			parts = append(parts, in+":"+i.OverQuarters)
		}
	}
	return strings.Join(parts, "|")
}
