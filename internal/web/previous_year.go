package web

import (
	"context"
	"strconv"
	"strings"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// A dashboard shows a year beside the year before it. While officers save
// (the weeks after a quarter ends) every commit changes this year's figures
// and none of last year's, so the previous year's figures are cached apart,
// as views of that year alone (cachedYearView): a rebuild after a save reads
// only the year shown. They are data, the same for every reader and
// language; the caller has checked the reader's scope before asking.

// previousFigures is the scope's figures of s (a previous year's scope:
// its agency, year, quarter and level).
func (s *Server) previousFigures(ctx context.Context, sc store.Scope) (map[string]kpi.Figure, error) {
	v := view{scope: sc.Agency, year: sc.Year, key: yearKey("prev.figures", sc)}
	return cachedYearView(ctx, s.views, v, func(ctx context.Context) (map[string]kpi.Figure, error) {
		return s.db.Figures(ctx, sc)
	})
}

// previousQuarters is the scope's figures of each quarter of sc's year (its
// Quarter is not used).
func (s *Server) previousQuarters(ctx context.Context, sc store.Scope) (map[kpi.Period]map[string]kpi.Figure, error) {
	sc.Quarter = 0
	v := view{scope: sc.Agency, year: sc.Year, key: yearKey("prev.quarters", sc)}
	return cachedYearView(ctx, s.views, v, func(ctx context.Context) (map[kpi.Period]map[string]kpi.Figure, error) {
		return s.db.PeriodFigures(ctx, sc, quartersOf(sc.Year))
	})
}

// yearKey names a cached part of a scope's figures.
func yearKey(what string, sc store.Scope) string {
	return strings.Join([]string{what, sc.Agency, strconv.Itoa(sc.Year), strconv.Itoa(sc.Quarter), sc.Level.OrAll().String()}, "\x00")
}

// quartersOf lists a year's four quarters.
func quartersOf(year int) []kpi.Period {
	return []kpi.Period{{Year: year, Quarter: 1}, {Year: year, Quarter: 2}, {Year: year, Quarter: 3}, {Year: year, Quarter: 4}}
}
