package excel

import (
	"fmt"

	"github.com/xuri/excelize/v2"
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
	return out, b.f.SetColWidth(t.sheet, "A", "A", 28)
}

// addChart places a native chart with a title at cell.
func (b *book) addChart(sheet, at string, typ excelize.ChartType, title string, series []excelize.ChartSeries) error {
	return b.f.AddChart(sheet, at, &excelize.Chart{
		Type:      typ,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Family: Font, Bold: true, Size: 12}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 560, Height: 300},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	})
}
