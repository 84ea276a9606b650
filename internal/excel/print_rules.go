package excel

import (
	"fmt"
	"math"
)

// Legible print. A report is read on A4 paper: no text of it may print
// smaller than minPrintPt. A sheet that fits one page wide (FitToWidth) is
// shrunk by whatever its width asks, so a wide one is instead printed at a
// fixed scale, landscape, split across as many pages as it takes, with its
// header rows and its naming columns repeated on each.
const (
	minPrintPt = 8.0
	// smallestFont is the smallest type a table holds: the column numbers
	// under its head (styles.headNum).
	smallestFont = 10.0
)

// legibleScale is the print scale (in percent) at which the smallest type
// of a table prints at minPrintPt.
func legibleScale() uint { return uint(math.Ceil(100 * minPrintPt / smallestFont)) }

// printTitles is the defined name of a sheet's repeated rows and columns:
// rows r1..r2, and columns A..lastCol when lastCol > 0.
func printTitles(name string, r1, r2, lastCol int) string {
	rows := fmt.Sprintf("'%s'!$%d:$%d", name, r1, r2)
	if lastCol == 0 {
		return rows
	}
	return fmt.Sprintf("'%s'!$A:$%s,%s", name, col(lastCol), rows)
}

// Page geometry of A4 landscape with printSetup's margins (0,6" left,
// 0,5" right), in points, and a column's printed width per unit of Excel
// width: Excel counts widths in the default font's digits, which print
// about 7 pt wide; 7,5 leaves room for a reader that sets them wider.
const (
	a4LandscapePrintable = 842 - (0.6+0.5)*72
	ptPerWidthUnit       = 7.5
)

// firstPageColumns is how many columns from A print on the first page of
// a landscape sheet split at legibleScale: the header block and the
// signature stand over these, so they are never cut by a page's edge.
func firstPageColumns(widths []float64) int {
	room := a4LandscapePrintable * 100 / float64(legibleScale())
	n := 0
	for _, w := range widths {
		room -= w * ptPerWidthUnit
		if room < 0 {
			break
		}
		n++
	}
	return max(n, 1)
}
