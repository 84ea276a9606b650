package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
)

// CatalogueView is /admin/catalogue: the indicators, data sets and rules,
// each row linking to its form.
type CatalogueView struct {
	Page
	Version    int64
	Notice     string
	Indicators []CatalogueRow
	DataSets   []CatalogueRow
	Rules      []CatalogueRow
}

// CatalogueRow is one item of a list: its code and what a reader needs to
// recognise it.
type CatalogueRow struct {
	Code, URL, Name string
	Cells           []string // the list's other columns, in order
	Retired         bool
	Status          string
}

// showCatalogue lists the catalogue as it is now.
func (s *Server) showCatalogue(c *gin.Context) error {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	lang := langOf(c)
	def := cat.Definition()
	v := &CatalogueView{Page: s.page(c), Version: cat.Version}
	if code := c.Query("retired"); code != "" {
		v.Notice = i18n.Tf(lang, "catalogue.retired", code)
	}
	for _, ind := range def.Indicators {
		var forms []string
		for _, d := range def.DataSets {
			if d.Has(ind.Code) {
				forms = append(forms, d.Code)
			}
		}
		v.Indicators = append(v.Indicators, CatalogueRow{Code: ind.Code, URL: indicatorKind.url(ind.Code), Name: ind.Name(lang),
			Cells:   []string{cat.Group(ind.Group).Name(lang), i18n.T(lang, "catalogue.kind."+ind.Kind), strings.Join(forms, ", ")},
			Retired: ind.RetiredFrom > 0, Status: statusLabel(lang, ind.RetiredFrom)})
	}
	for _, d := range def.DataSets {
		kinds := i18n.T(lang, "catalogue.nokind")
		if len(d.Kinds) > 0 {
			labels := make([]string, len(d.Kinds))
			for i, k := range d.Kinds {
				labels[i] = i18n.T(lang, "kind."+string(k))
			}
			kinds = strings.Join(labels, ", ")
		}
		v.DataSets = append(v.DataSets, CatalogueRow{Code: d.Code, URL: dataSetKind.url(d.Code), Name: d.Name(lang),
			Cells: []string{kinds, strconv.Itoa(len(d.Fields))}, Status: i18n.T(lang, "catalogue.inuse")})
	}
	for _, r := range def.Rules {
		sets := i18n.T(lang, "catalogue.allsets")
		if len(r.DataSets) > 0 {
			sets = strings.Join(r.DataSets, ", ")
		}
		v.Rules = append(v.Rules, CatalogueRow{Code: r.Code, URL: ruleKind.url(r.Code), Name: r.Left + " " + r.Op + " " + r.Right,
			Cells:   []string{i18n.T(lang, "catalogue.severity."+r.Severity), sets},
			Retired: r.RetiredFrom > 0, Status: statusLabel(lang, r.RetiredFrom)})
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "catalogue", v)
}

func statusLabel(lang string, retiredFrom int) string {
	if retiredFrom > 0 {
		return i18n.Tf(lang, "catalogue.retiredfrom", retiredFrom)
	}
	return i18n.T(lang, "catalogue.inuse")
}
