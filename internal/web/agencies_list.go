package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// AgenciesView is the admin's agency tree, as nested lists.
type AgenciesView struct {
	Page
	Roots []AgencyNode
	Count string // how many agencies, formatted
}

// AgencyNode is one agency with its kind in words and the agencies below.
type AgencyNode struct {
	kpi.Agency
	KindLabel string
	Children  []AgencyNode
}

// kindLabel names one agency's kind; an unknown kind shows as it is.
func kindLabel(lang string, k kpi.Kind) string {
	key := "agencies.kind." + string(k)
	if l := i18n.T(lang, key); l != key {
		return l
	}
	return string(k)
}

// agencyNodes builds the nested nodes under each of codes, in tree order.
func agencyNodes(tree *kpi.Tree, list []kpi.Agency, lang string) []AgencyNode {
	out := make([]AgencyNode, 0, len(list))
	for _, a := range list {
		out = append(out, AgencyNode{Agency: a, KindLabel: kindLabel(lang, a.Kind),
			Children: agencyNodes(tree, tree.Children(a.Code), lang)})
	}
	return out
}

// showAgencies renders the whole tree, each agency linking to its form.
func (s *Server) showAgencies(c *gin.Context) error {
	tree, err := s.requestTree(c)
	if err != nil {
		return err
	}
	p := s.page(c)
	v := &AgenciesView{Page: p, Roots: agencyNodes(tree, tree.Roots(), p.Lang),
		Count: i18n.Number(p.Lang, float64(tree.Len()), 0)}
	return s.tmpl.render(c.Writer, http.StatusOK, "agencies", v)
}
