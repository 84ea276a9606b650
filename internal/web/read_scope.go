package web

import (
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
)

// scopeParam is the query parameter that narrows a read to a part of the
// user's subtree: /?scope=377, /ranking?scope=377, /cockpit?scope=377.
const scopeParam = "scope"

// readScope is the agency every read of a list or a sum starts at: the
// user's own scope agency (the root for a user without one), or the agency
// ?scope= names when the user may read it — a narrower scope inside the
// subtree, never a wider one (403) — and an unknown code is a 404. The
// decision is auth.Can's, like every route gate; the tree is the request's.
func (s *Server) readScope(c *gin.Context, act auth.Action) (kpi.Agency, error) {
	return s.readScopeParam(c, scopeParam, act)
}

// readScopeParam is readScope with the narrower scope named by the query
// parameter param (the upload form's is "agency").
func (s *Server) readScopeParam(c *gin.Context, param string, act auth.Action) (kpi.Agency, error) {
	u := currentUser(c)
	if u == nil {
		return kpi.Agency{}, errLogin()
	}
	tree, err := s.requestTree(c)
	if err != nil {
		return kpi.Agency{}, err
	}
	code := choiceCode(tree, c.Query(param)) // a code, or an agency chosen by name
	if code == "" {
		code = u.AgencyCode
	}
	if code == "" {
		root, err := s.rootAgency(c.Request.Context())
		if err != nil {
			return kpi.Agency{}, err
		}
		code = root.Code
	}
	a := tree.Get(code)
	if a == nil {
		return kpi.Agency{}, kpi.NoAgency(code)
	}
	if err := s.authorize(c, act, code); err != nil {
		return kpi.Agency{}, err
	}
	return detached(*a), nil
}

// askedScope is ?scope= as the request gave it, for links that must stay in
// the scope the page shows ("" when the page shows the user's own scope).
func askedScope(c *gin.Context) string {
	code := strings.TrimSpace(c.Query(scopeParam))
	if u := currentUser(c); u != nil && code == u.AgencyCode {
		return ""
	}
	return code
}

// detached is the agency without its parent: a view of a scope names what
// is in it, and the scope's parent may be outside what the reader may see.
func detached(a kpi.Agency) kpi.Agency {
	a.ParentCode = ""
	return a
}

// crumbTop is the highest agency the user's breadcrumbs show: their scope
// agency. Only an admin reads outside it, and then sees the whole path
// (breadcrumbs stop at top only on the way up through it).
func crumbTop(c *gin.Context) string {
	if u := currentUser(c); u != nil {
		return u.AgencyCode
	}
	return ""
}

// seenFrom is agency a as a reader whose scope agency is top sees it: at
// their own scope agency, without its parent; elsewhere as it is.
func seenFrom(a kpi.Agency, top string) kpi.Agency {
	if top != "" && a.Code == top {
		return detached(a)
	}
	return a
}
