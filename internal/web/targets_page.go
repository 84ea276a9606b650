package web

import (
	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/store"
)

// targetsPage builds the targets page for ?year= (by default the latest
// year with data); the year list runs one year past the data, to plan ahead.
func (s *Server) targetsPage(c *gin.Context, yearParam string) (*TargetsView, error) {
	ctx := c.Request.Context()
	lang := langOf(c)
	per, err := s.choosePeriod(ctx, yearParam, "")
	if err != nil {
		return nil, err
	}
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	byAgency, err := s.db.TargetsOfYear(ctx, per.year)
	if err != nil {
		return nil, err
	}
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	v := &TargetsView{Page: s.page(c), Title: i18n.Tf(lang, "dash.targets.title", per.year), Year: per.year,
		Years: planYears(per.years, per.year), DownloadURL: link("/admin/targets.csv", "year", itoa(per.year))}
	for _, a := range tree.All() {
		v.Agencies = append(v.Agencies, Option{Value: a.Code, Label: a.Code + " — " + a.Name})
		targets, ok := byAgency[a.Code]
		if !ok {
			continue
		}
		figs, err := s.db.Figures(ctx, store.Scope{Agency: a.Code, Year: per.year})
		if err != nil {
			return nil, err
		}
		g := goals{targets: targets, complete: per.complete}
		for _, ind := range cat.All() {
			if _, ok := targets[ind.Code]; ok {
				v.Rows = append(v.Rows, TargetRow{AgencyCode: a.Code, AgencyName: a.Name, AgencyURL: agencyURL(a.Code, per.year),
					Indicator: ind.Code, Name: ind.Name(lang), Figure: display(lang, ind, figs[ind.Code]),
					Target: g.target(lang, ind, figs[ind.Code])})
			}
		}
	}
	for _, ind := range cat.All() {
		v.Indicators = append(v.Indicators, Option{Value: ind.Code, Label: ind.Name(lang) + " (" + ind.Unit(lang) + ")"})
	}
	if root := tree.Roots(); len(root) > 0 {
		v.Form.Agency = root[0].Code
	}
	v.Form.Errors = map[string]string{}
	return v, nil
}

// planYears lists the years with data, the year shown, and the year after
// the latest, newest first.
func planYears(years []int, year int) []int {
	top := year
	if len(years) > 0 && years[0] > top {
		top = years[0]
	}
	low := year
	if len(years) > 0 && years[len(years)-1] < low {
		low = years[len(years)-1]
	}
	var out []int
	for y := top + 1; y >= low; y-- {
		out = append(out, y)
	}
	return out
}
