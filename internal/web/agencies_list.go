package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// AgenciesView is the admin's agency tree: nested lists collapsed below
// the top level, or, when searched, the agencies found with the way down
// to them opened.
type AgenciesView struct {
	Page
	Roots []AgencyNode
	Count string // how many agencies, formatted
	Query string // the search, as typed
	Found string // how many agencies the search found, in words; "" without a search
}

// AgencyNode is one agency with its kind in words and the agencies below.
type AgencyNode struct {
	kpi.Agency
	KindLabel string
	Children  []AgencyNode
	Open      bool // its children are shown
	Match     bool // the search found it
}

// maxAgencySearch bounds the search text before it costs anything.
const maxAgencySearch = 100

// kindLabel names one agency's kind; an unknown kind shows as it is.
func kindLabel(lang string, k kpi.Kind) string {
	key := "agencies.kind." + string(k)
	if l := i18n.T(lang, key); l != key {
		return l
	}
	return string(k)
}

// agencyNodes builds the nested nodes under each agency of list, in tree
// order. Without a search (q == "") the top level is open and every level
// below closed; with one, only the agencies with a word of their name
// starting q (so "yen hoa" is Yên Hòa, not huyện Hoa Lư) or a code
// starting q, and their ancestors, are kept, the ancestors opened. found
// counts the matches.
func agencyNodes(tree *kpi.Tree, list []kpi.Agency, lang, q string, top bool, found *int) []AgencyNode {
	out := make([]AgencyNode, 0, len(list))
	for _, a := range list {
		n := AgencyNode{Agency: a, KindLabel: kindLabel(lang, a.Kind),
			Children: agencyNodes(tree, tree.Children(a.Code), lang, q, false, found)}
		n.Open = top && q == "" || q != "" && len(n.Children) > 0
		if q != "" {
			n.Match = strings.Contains(" "+folded(a.Name), " "+q) || strings.HasPrefix(folded(a.Code), q)
			if n.Match {
				*found++
			} else if len(n.Children) == 0 {
				continue
			}
		}
		out = append(out, n)
	}
	return out
}

// showAgencies renders the tree, each agency linking to its form;
// ?q= searches it by name or code (without diacritics counting).
func (s *Server) showAgencies(c *gin.Context) error {
	tree, err := s.requestTree(c)
	if err != nil {
		return err
	}
	p := s.page(c)
	v := &AgenciesView{Page: p, Count: i18n.Number(p.Lang, float64(tree.Len()), 0)}
	v.Query = strings.TrimSpace(c.Query("q"))
	if len([]rune(v.Query)) > maxAgencySearch {
		v.Query = string([]rune(v.Query)[:maxAgencySearch])
	}
	found := 0
	v.Roots = agencyNodes(tree, tree.Roots(), p.Lang, folded(v.Query), true, &found)
	if v.Query != "" {
		v.Found = i18n.Tf(p.Lang, "agencies.found", i18n.Number(p.Lang, float64(found), 0), v.Query)
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "agencies", v)
}
