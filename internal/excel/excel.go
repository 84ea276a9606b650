// Package excel builds parkpi's Excel workbooks with excelize — the
// agency-year report, the province summary, the statutory form Biểu số
// 06/VPCP/KSTT, the officers' quarter template — and reads uploaded
// templates back, defensively. Every number comes from the store's query
// functions, so a report and the screen show the same figure.
//
// Number display: cells hold plain numbers; number formats give the
// display (#,##0 for counts, #,##0.0 / #,##0.00 for decimals, and
// 0.0"%" / 0.00"%" for rates, which are stored in percent units as on
// screen: 99.8, not 0.998). Excel and LibreOffice draw the separators of
// the reader's locale, so a Vietnamese installation shows 1.344 and 99,8%.
package excel

import (
	"archive/zip"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
)

// Font is the font of official documents (Decree 30/2020/NĐ-CP).
const Font = "Times New Roman"

// paperA4 is the OOXML paper size code of A4.
const paperA4 = 9

// Options are what a caller may set on any report.
type Options struct {
	Date time.Time // the date in the place-and-date line; zero means today
	// Level is which reports the figures count; zero means approved only:
	// these reports are sent upward, where the official figure is wanted.
	Level kpi.Level
}

// level is the level the report holds: approved unless asked.
func (o Options) level() kpi.Level {
	if o.Level == 0 {
		return kpi.LevelApproved
	}
	return o.Level.OrAll()
}

// levelNote says on the report which reports its figures count.
func (o Options) levelNote() string { return kpi.LevelNote(o.level()) }

func (o Options) date() time.Time {
	if o.Date.IsZero() {
		return time.Now()
	}
	return o.Date
}

// book is a workbook under construction with its styles, created once per
// file so that no cell allocates a style of its own.
type book struct {
	f  *excelize.File
	st styles
}

func newBook() (*book, error) {
	f := excelize.NewFile()
	b := &book{f: f}
	if err := b.makeStyles(); err != nil {
		f.Close()
		return nil, err
	}
	full := true
	// Formulas carry no cached values (excelize does not compute them), so
	// ask every reader to recalculate on load.
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		f.Close()
		return nil, err
	}
	return b, nil
}

// WriteTo writes a workbook and closes it, its parts deflated by FastZip.
func WriteTo(f *excelize.File, w io.Writer) error {
	defer f.Close()
	f.SetZipWriter(FastZip)
	return f.Write(w)
}

// FastZip is the zip writer every report is written with: parts deflated
// at the fastest level, since a report of 5,000 rows zips in a third of the
// time for a file a few percent larger, by klauspost/compress's deflate,
// which at that level takes about half the time of the standard library's
// for a file a few percent smaller still (a summary of 20,000 agencies:
// 4.8 MB in 0.09-0.12 s of CPU against 5.0 MB in 0.17-0.21 s).
func FastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw, ok := deflaters.Get().(*flate.Writer); ok {
			fw.Reset(out)
			return pooledDeflater{fw}, nil
		}
		fw, err := flate.NewWriter(out, flate.BestSpeed)
		return pooledDeflater{fw}, err
	})
	return zw
}

// deflaters are FastZip's deflaters, used again: a workbook has a dozen
// parts and more, and a new deflater allocates and clears its tables (most
// of a megabyte) for each, however small the part.
var deflaters sync.Pool

// pooledDeflater gives its deflater back to deflaters once the part is
// closed.
type pooledDeflater struct{ *flate.Writer }

// Close ends the part's stream and gives the deflater back.
func (p pooledDeflater) Close() error {
	err := p.Writer.Close()
	deflaters.Put(p.Writer)
	return err
}

// col returns the letters of a 1-based column number.
func col(n int) string {
	if n > 0 && n < len(columnNames) {
		return columnNames[n]
	}
	s, _ := excelize.ColumnNumberToName(n)
	return s
}

// columnNames are the letters of the first columns, worked out once: a
// report names a cell of these for every row it streams.
var columnNames = func() []string {
	out := make([]string, 64)
	for i := 1; i < len(out); i++ {
		out[i], _ = excelize.ColumnNumberToName(i)
	}
	return out
}()

// ref returns a cell reference such as D12.
func ref(c, r int) string { return col(c) + strconv.Itoa(r) }

// text makes any string safe to write: it is written as a string cell,
// never as a formula, so a name that starts with = + - @ stays text
// (formula injection); control characters are dropped.
func text(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

// upper writes names in capitals as official headers do.
func upper(s string) string { return strings.ToUpper(s) }

// numFmt is the display format of an indicator's values.
func numFmt(ind kpi.Indicator) (decimals int, percent bool) {
	return ind.Decimals, ind.IsPercent()
}

// quarterName is "Quý IV".
func quarterName(q int) string { return "Quý " + kpi.Roman(q) }

// ptr returns a pointer to v, for excelize's optional settings.
func ptr[T any](v T) *T { return &v }
