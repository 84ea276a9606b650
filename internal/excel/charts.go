package excel

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
)

// chartTable is a small table of values on a chart sheet that native
// charts draw from: first column the categories, then one series a column.
type chartTable struct {
	sheet   string
	heads   []string
	cats    []string
	series  [][]any // series[i][j] is series i at category j; nil is a gap
	formats []int   // the number style of each series
}

// write puts the table at A1 and returns the chart series over it.
func (b *book) writeChartTable(t chartTable) ([]excelize.ChartSeries, error) {
	for i, h := range t.heads {
		if err := b.f.SetCellStr(t.sheet, ref(i+1, 1), h); err != nil {
			return nil, err
		}
	}
	if err := b.f.SetCellStyle(t.sheet, "A1", ref(len(t.heads), 1), b.st.head); err != nil {
		return nil, err
	}
	for j, c := range t.cats {
		if err := b.f.SetCellStr(t.sheet, ref(1, j+2), text(c)); err != nil {
			return nil, err
		}
	}
	n := len(t.cats)
	var out []excelize.ChartSeries
	for i, ser := range t.series {
		c := i + 2
		for j, v := range ser {
			if v == nil {
				continue
			}
			if err := b.f.SetCellValue(t.sheet, ref(c, j+2), v); err != nil {
				return nil, err
			}
		}
		if err := b.f.SetCellStyle(t.sheet, ref(c, 2), ref(c, n+1), t.formats[i]); err != nil {
			return nil, err
		}
		out = append(out, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", t.sheet, col(c)),
			Categories: fmt.Sprintf("'%s'!$A$2:$A$%d", t.sheet, n+1),
			Values:     fmt.Sprintf("'%s'!$%s$2:$%s$%d", t.sheet, col(c), col(c), n+1),
		})
	}
	if err := b.f.SetCellStyle(t.sheet, "A2", ref(1, n+1), b.st.cellText); err != nil {
		return nil, err
	}
	// Wide enough, and tall enough for three lines, that no head is clipped.
	if err := b.f.SetColWidth(t.sheet, "B", col(len(t.heads)), 18); err != nil {
		return nil, err
	}
	if err := b.f.SetRowHeight(t.sheet, 1, 48); err != nil {
		return nil, err
	}
	return out, b.f.SetColWidth(t.sheet, "A", "A", 28)
}

// chart is one native chart of a chart sheet.
type chart struct {
	typ    excelize.ChartType
	title  string
	series []excelize.ChartSeries
	// rate: the values are percentages, so the value axis runs from 0 to
	// 100 — an axis cut at 99,6 would make a gap of 0,1 look like a fall.
	rate bool
}

// A chart's size and the rows it takes on its sheet (at the default row
// height of 20 px), with the gap before the next one.
const (
	chartWidth, chartHeight = 640, 360
	chartRows               = 24
)

// placeCharts lays out a chart sheet for reading on A4: the table the
// charts draw from on top (rows 1 to tableRows), then each chart below it
// on a page of its own, never over the numbers nor across a page break.
func (b *book) placeCharts(sheet string, tableRows int, charts []chart) error {
	if err := b.printSetup(sheet, layout{}); err != nil {
		return err
	}
	row := tableRows + 3
	for i, c := range charts {
		if i > 0 {
			if err := b.f.InsertPageBreak(sheet, ref(1, row)); err != nil {
				return err
			}
			row++
		}
		if err := b.addChart(sheet, ref(1, row), c); err != nil {
			return err
		}
		row += chartRows
	}
	return nil
}

// addChart places a native chart with a title at cell.
func (b *book) addChart(sheet, at string, c chart) error {
	var axis excelize.ChartAxis
	if c.rate {
		axis.Minimum, axis.Maximum = ptr(0.0), ptr(100.0)
	}
	return b.f.AddChart(sheet, at, &excelize.Chart{
		Type:      c.typ,
		Series:    c.series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title, Font: &excelize.Font{Family: Font, Bold: true, Size: 12}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		YAxis:     axis,
	})
}

// chartTypes are the chart views' options as excelize draws them.
var chartTypes = map[string]excelize.ChartType{kpi.ChartBar: excelize.Bar, kpi.ChartCol: excelize.Col, kpi.ChartLine: excelize.Line}

// displayCharts writes a chart sheet from a chart view of the catalogue:
// one table column per indicator of the view (value gives its figure at
// each category), and one chart per chart type, in the order the types
// first appear, of the indicators with that option. A chart of one
// indicator is titled by its name, of several by their group's.
func (b *book) displayCharts(cat *kpi.Catalogue, view, catHead string, cats []string, value func(code string, j int) any, titleOf func(name string) string) error {
	if _, err := b.f.NewSheet(SheetCharts); err != nil {
		return err
	}
	items := cat.Display(view)
	t := chartTable{sheet: SheetCharts, heads: []string{catHead}, cats: cats, series: make([][]any, len(items))}
	for i, d := range items {
		ind, _ := cat.Get(d.Indicator)
		head := ind.NameVI
		if ind.IsPercent() {
			head += " (%)"
		}
		t.heads = append(t.heads, head)
		t.formats = append(t.formats, b.st.num(ind.Decimals, ind.IsPercent(), false))
		for j := range cats {
			t.series[i] = append(t.series[i], value(d.Indicator, j))
		}
	}
	series, err := b.writeChartTable(t)
	if err != nil {
		return err
	}
	var order []string
	for _, d := range items {
		if _, ok := chartTypes[d.Option]; ok && !contains(order, d.Option) {
			order = append(order, d.Option)
		}
	}
	var charts []chart
	for _, typ := range order {
		var picked []excelize.ChartSeries
		var names []kpi.Indicator
		for i, d := range items {
			if d.Option == typ {
				ind, _ := cat.Get(d.Indicator)
				picked, names = append(picked, series[i]), append(names, ind)
			}
		}
		title := cat.Group(names[0].Group).NameVI
		if len(names) == 1 {
			title = names[0].NameVI
		}
		if names[0].IsPercent() {
			title += " (%)"
		}
		charts = append(charts, chart{typ: chartTypes[typ], title: titleOf(title), series: picked, rate: names[0].IsPercent()})
	}
	return b.placeCharts(SheetCharts, len(cats)+1, charts)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
