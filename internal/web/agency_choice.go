package web

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"parkpi/internal/kpi"
)

// An agency is chosen by its name. A field that names one (a parent, the
// agency of an upload) offers the agencies of the user's scope in a
// datalist, each as "Name (code)": the browser filters the list as the
// clerk types part of a name, without a script of ours. The server reads
// the code back from the choice, and still takes a bare code or a whole
// name that only one agency of the list bears.

// AgencyChoices are the agencies a field offers, by the id of its list.
type AgencyChoices struct {
	ID      string
	Options []string
}

// choiceOf is how a field shows an agency: its name, then its code.
func choiceOf(a kpi.Agency) string { return a.Name + " (" + a.Code + ")" }

// agencyChoices offers the agencies of list under the datalist id.
func agencyChoices(id string, list []kpi.Agency) AgencyChoices {
	c := AgencyChoices{ID: id, Options: make([]string, len(list))}
	for i, a := range list {
		c.Options[i] = choiceOf(a)
	}
	return c
}

// scopeAgencies are the agencies of a user's scope: the subtree of their
// agency, or the whole tree for a user bound to none.
func scopeAgencies(tree *kpi.Tree, code string) []kpi.Agency {
	if code == "" || tree.Get(code) == nil {
		return tree.All()
	}
	return subtreeOf(tree, code)
}

// subtreeOf is the agency and every agency under it, in tree order.
func subtreeOf(tree *kpi.Tree, code string) []kpi.Agency {
	a := tree.Get(code)
	if a == nil {
		return nil
	}
	out := []kpi.Agency{*a}
	for _, c := range tree.Descendants(code) {
		out = append(out, *tree.Get(c))
	}
	return out
}

// choiceCode is the agency code a field's text names: a code of the tree,
// the "(code)" a choice ends with, or the name of exactly one agency of
// the tree. Anything else is returned as typed, for the caller's "no such
// agency" message to quote.
func choiceCode(tree *kpi.Tree, input string) string {
	in := strings.TrimSpace(input)
	if in == "" || tree.Get(in) != nil {
		return in
	}
	if i := strings.LastIndex(in, " ("); i >= 0 && strings.HasSuffix(in, ")") {
		if code := in[i+2 : len(in)-1]; tree.Get(code) != nil {
			return code
		}
	}
	found := ""
	for _, a := range tree.All() {
		if a.Name == in {
			if found != "" {
				return in // two agencies bear the name: the code must say which
			}
			found = a.Code
		}
	}
	if found != "" {
		return found
	}
	return in
}

// folded is text as a search compares it: lower case, without diacritics
// and with đ as d, so "yen hoa" finds "Yên Hòa".
func folded(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		out = strings.ToLower(s)
	}
	return strings.ReplaceAll(out, "đ", "d")
}
