package web

import (
	"context"
	"strconv"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// TrendView is one indicator over periods — the quarters of a year, or the
// years — with one series per line of its chart. The page shows it as a
// table, which the chart then enhances.
type TrendView struct {
	Code     string       `json:"code"`
	Name     string       `json:"name"`
	Unit     string       `json:"unit"`
	Percent  bool         `json:"percent"`
	Decimals int          `json:"-"`
	Periods  []string     `json:"periods"`
	Series   []SeriesView `json:"series"`
}

// SeriesView is one line of a trend: its label (a year, a scope) and cells.
type SeriesView struct {
	Label string `json:"label"`
	Cells []Cell `json:"cells"`
}

// ChartData is what charts.js draws, embedded in the page as a JSON data
// block (not executed, so the Content-Security-Policy allows it).
type ChartData struct {
	Lang   string      `json:"lang"`
	Charts []ChartSpec `json:"charts"`
}

// ChartSpec is one chart: a line per series over the categories. A nil
// datum is a gap (no figure), never a zero.
type ChartSpec struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Unit       string        `json:"unit"`
	Percent    bool          `json:"percent"`
	Decimals   int           `json:"decimals"`
	Categories []string      `json:"categories"`
	Series     []ChartSeries `json:"series"`
}

// ChartSeries is one line of a chart.
type ChartSeries struct {
	Name string     `json:"name"`
	Data []*float64 `json:"data"`
}

// figureGrid is figures by period key, read once and shared by every trend.
type figureGrid map[string]map[string]kpi.Figure

// quarterTrends returns, per headline figure, its values by quarter for
// year and the year before: one read of this year's sums, the year before's
// from the cache of previous years' figures.
func (s *Server) quarterTrends(ctx context.Context, lang string, base store.Scope) ([]TrendView, error) {
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	grid := figureGrid{}
	years := []int{base.Year - 1, base.Year}
	prev := base
	prev.Year--
	before, err := s.previousQuarters(ctx, prev)
	if err != nil {
		return nil, err
	}
	figs, err := s.db.PeriodFigures(ctx, base, quartersOf(base.Year))
	if err != nil {
		return nil, err
	}
	for _, part := range []map[kpi.Period]map[string]kpi.Figure{before, figs} {
		for p, f := range part {
			grid[strconv.Itoa(p.Year)+"-"+strconv.Itoa(p.Quarter)] = f
		}
	}
	periods := []string{quarterLabel(lang, 1), quarterLabel(lang, 2), quarterLabel(lang, 3), quarterLabel(lang, 4)}
	var out []TrendView
	for _, h := range cat.Display(kpi.ViewOverview) {
		ind, _ := cat.Get(h.Indicator)
		t := trendOf(lang, ind, periods)
		for _, y := range years {
			sv := SeriesView{Label: strconv.Itoa(y)}
			for q := 1; q <= 4; q++ {
				sv.Cells = append(sv.Cells, cellOf(lang, ind, grid[strconv.Itoa(y)+"-"+strconv.Itoa(q)][ind.Code]))
			}
			t.Series = append(t.Series, sv)
		}
		out = append(out, t)
	}
	return out, nil
}

// yearTrends returns, per headline figure, its values over every year with
// data (oldest first): one series.
func (s *Server) yearTrends(ctx context.Context, lang string, base store.Scope, label string, years []int) ([]TrendView, error) {
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	grid := figureGrid{}
	periods := make([]string, 0, len(years))
	for i := len(years) - 1; i >= 0; i-- { // years come newest first
		y := strconv.Itoa(years[i])
		f, err := s.db.Figures(ctx, store.Scope{Agency: base.Agency, Year: years[i], Level: base.Level})
		if err != nil {
			return nil, err
		}
		grid[y] = f
		periods = append(periods, y)
	}
	var out []TrendView
	for _, h := range cat.Display(kpi.ViewOverview) {
		ind, _ := cat.Get(h.Indicator)
		t := trendOf(lang, ind, periods)
		sv := SeriesView{Label: label}
		for _, y := range periods {
			sv.Cells = append(sv.Cells, cellOf(lang, ind, grid[y][ind.Code]))
		}
		t.Series = append(t.Series, sv)
		out = append(out, t)
	}
	return out, nil
}

func trendOf(lang string, ind kpi.Indicator, periods []string) TrendView {
	return TrendView{Code: ind.Code, Name: ind.Name(lang), Unit: ind.Unit(lang), Percent: ind.IsPercent(),
		Decimals: ind.Decimals, Periods: periods}
}

// chartsOf turns trends into chart specs with ids prefix-code.
func chartsOf(lang, prefix string, trends []TrendView) ChartData {
	d := ChartData{Lang: lang}
	for _, t := range trends {
		spec := ChartSpec{ID: prefix + "-" + t.Code, Title: t.Name, Unit: t.Unit, Percent: t.Percent,
			Decimals: t.Decimals, Categories: t.Periods}
		for _, sv := range t.Series {
			cs := ChartSeries{Name: sv.Label, Data: make([]*float64, len(sv.Cells))}
			for i, c := range sv.Cells {
				if c.OK {
					v := c.Value
					cs.Data[i] = &v
				}
			}
			spec.Series = append(spec.Series, cs)
		}
		if hasData(spec) { // a chart of nothing would be an empty frame
			d.Charts = append(d.Charts, spec)
		}
	}
	return d
}

func quarterCharts(lang string, trends []TrendView) ChartData { return chartsOf(lang, "q", trends) }

func hasData(spec ChartSpec) bool {
	for _, s := range spec.Series {
		for _, v := range s.Data {
			if v != nil {
				return true
			}
		}
	}
	return false
}
