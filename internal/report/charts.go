package report

import (
	"fmt"

	"github.com/go-analyze/charts"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// Chart images: drawn in Go as PNG by go-analyze/charts (its embedded
// Roboto has the Vietnamese letters), at twice the printed size so they
// stay sharp on paper.
const (
	chartWidthPx  = 1200
	chartHeightPx = 560
	chartWidthIn  = 6.0
	chartHeightIn = 2.8
)

// groupCharts draws, for each ranking indicator of the group (the figures
// the province is ranked by, in the catalogue's order), its quarters of
// the year beside those of the year before.
func (d *document) groupCharts(r *reportData, n int, inds []kpi.Indicator) error {
	k := 0
	for _, ind := range inds {
		if ind.Rank == 0 {
			continue
		}
		series, ok := quarterSeries(r, ind)
		if !ok {
			continue
		}
		png, err := barChart(ind, series, []string{periodTitle(r.req.Year-1, 0), periodTitle(r.req.Year, 0)})
		if err != nil {
			return err
		}
		if err := d.picture(png, chartWidthIn, chartHeightIn); err != nil {
			return err
		}
		k++
		d.para(centre, 200, italic(fmt.Sprintf("Biểu đồ %d.%d. %s theo quý (%s)", n, k, ind.NameVI, unitName(ind))))
	}
	return nil
}

// quarterSeries are the quarters of the year before and of the year
// (null where a quarter has no figure); false when neither has any.
func quarterSeries(r *reportData, ind kpi.Indicator) ([][]float64, bool) {
	out := make([][]float64, 2)
	any := false
	for i, y := range []int{r.req.Year - 1, r.req.Year} {
		for q := 1; q <= 4; q++ {
			f := r.trend[kpi.Period{Year: y, Quarter: q}][ind.Code]
			v := charts.GetNullValue()
			if f.OK {
				v, any = f.Value, true
			}
			out[i] = append(out[i], v)
		}
	}
	return out, any
}

// barChart draws grouped bars by quarter, one colour a year, the numbers
// in Vietnamese format.
func barChart(ind kpi.Indicator, series [][]float64, names []string) ([]byte, error) {
	opt := charts.NewBarChartOptionWithData(series)
	opt.CategoryAxis.Labels = []string{"Quý I", "Quý II", "Quý III", "Quý IV"}
	opt.Legend = charts.LegendOption{SeriesNames: names}
	opt.ValueAxis = []charts.ValueAxisOption{{Min: charts.Ptr(0.0)}} // bars start at zero, or they mislead
	opt.ValueFormatter = func(v float64) string { return i18n.Number(lang, v, ind.Decimals) }
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputPNG, Width: chartWidthPx, Height: chartHeightPx})
	if err := p.BarChart(opt); err != nil {
		return nil, fmt.Errorf("draw the chart of %s: %w", ind.Code, err)
	}
	return p.Bytes()
}

func unitName(ind kpi.Indicator) string {
	if ind.IsPercent() {
		return "%"
	}
	return ind.UnitVI
}
