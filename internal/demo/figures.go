package demo

import "parkpi/internal/kpi"

// Figures aggregates a dataset the way the app does, as an independent
// reference for tests: per agency, the quarters are folded by each
// indicator's over_quarters rule (kpi.OverQuarters); the agencies' figures
// are summed into a kpi.Total (Sum, N); kpi.Derive then computes parts and
// ratios. Only agencies in the subtree of scope count (kpi.Tree.InSubtree).
// quarter 0 means the whole year, 1–4 that quarter only.
func Figures(ds *Dataset, tree *kpi.Tree, cat *kpi.Catalogue, scope string, year, quarter int) map[string]kpi.Figure {
	in := map[string]bool{}
	return figuresWhere(ds, cat, func(code string) bool {
		v, ok := in[code]
		if !ok {
			v = tree.InSubtree(scope, code)
			in[code] = v
		}
		return v
	}, year, quarter)
}

// figuresWhere is Figures over the agencies for which include is true, so
// tests can also total one kind of agency (the commune subtotal).
func figuresWhere(ds *Dataset, cat *kpi.Catalogue, include func(code string) bool, year, quarter int) map[string]kpi.Figure {
	var order []string // agencies in first-seen order, so float sums never depend on map order
	per := map[string]map[string]kpi.Quarters{}
	for _, v := range ds.Values {
		if v.Period.Year != year || (quarter != 0 && v.Period.Quarter != quarter) || v.Period.Month > 0 || !include(v.Agency) {
			continue // a month is in its quarter's own value already
		}
		byInd, ok := per[v.Agency]
		if !ok {
			byInd = map[string]kpi.Quarters{}
			per[v.Agency] = byInd
			order = append(order, v.Agency)
		}
		if byInd[v.Indicator] == nil {
			byInd[v.Indicator] = kpi.Quarters{}
		}
		byInd[v.Indicator][v.Period.Quarter] = v.Value
	}
	totals := map[string]kpi.Total{}
	for _, ind := range cat.Entered() {
		for _, agency := range order {
			q, ok := per[agency][ind.Code]
			if !ok {
				continue
			}
			if f, ok := kpi.OverQuarters(ind.OverQuarters, q); ok {
				totals[ind.Code] = totals[ind.Code].Add(f)
			}
		}
	}
	return kpi.Derive(cat, totals)
}
