package excel

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
)

// Limits on uploaded workbooks. The upload route caps the body at
// MaxUploadBytes; unzipped parts are capped well below what could hurt;
// rows and columns read are capped so a sheet claiming a million rows is
// refused after MaxUploadRows, not read.
const (
	MaxUploadBytes   = 10 << 20
	unzipSizeLimit   = 20 << 20
	unzipXMLLimit    = 5 << 20
	maxZipEntries    = 500
	MaxUploadRows    = 20000
	maxUploadColumns = 64
	metaRows         = 20 // rows of the hidden sheet besides one version row per agency
)

// Upload is a parsed template: what it says it is, the version of each
// agency's quarter it was made from, every value cell that asks for a
// change, and the problems found in single cells.
type Upload struct {
	Period   kpi.Period
	Scope    string
	Versions map[string]int // agency code -> its quarter's version at download
	Cells    []UploadCell
	Errors   []CellError
}

// UploadCell is one value cell that asks for a change: which agency and
// indicator its row names, and its number, or Clear for a clear marker.
// Empty cells change nothing and are not kept.
type UploadCell struct {
	Agency    string   `json:"agency"`
	Indicator string   `json:"indicator"`
	Option    int64    `json:"option,omitempty"` // a value of one option of the indicator's breakdown (0: its total)
	Cell      string   `json:"cell"`             // "Số liệu!F12"
	Value     *float64 `json:"value"`
	Clear     bool     `json:"clear,omitempty"`
}

// CellError is a problem at one cell, in both languages.
type CellError struct {
	Cell      string `json:"cell"`
	Agency    string `json:"agency,omitempty"`
	Field     string `json:"field,omitempty"`
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
}

// Message returns the message in lang.
func (e CellError) Message(lang string) string {
	if lang == "en" {
		return e.MessageEN
	}
	return e.MessageVI
}

func invalid(vi, en string, args ...any) error { return kpi.Errorf(kpi.EINVALID, vi, en, args...) }

// ParseUpload reads an uploaded template defensively: it checks the
// package before excelize opens it (zip magic, entry count and declared
// sizes, content types: .xlsx only, no macros; every sheet and the shared
// strings read strictly, the strings bounded by the rows), opens it with
// low unzip limits, streams the rows with caps, and never evaluates a
// formula: a value cell holding one is an error. A file-level problem is an EINVALID
// error; problems in single cells are in Upload.Errors.
func ParseUpload(data []byte, cat *kpi.Catalogue) (*Upload, error) {
	if err := checkPackage(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLLimit})
	if err != nil {
		return nil, invalid("Tệp Excel bị hỏng hoặc quá lớn khi giải nén.", "The Excel file is damaged or too large once unzipped.")
	}
	defer f.Close()
	up := &Upload{}
	if err := readMeta(f, up); err != nil {
		return nil, err
	}
	if err := readData(f, up, cat); err != nil {
		return nil, err
	}
	return up, nil
}

// checkPackage refuses what is not a plain .xlsx before any XML is parsed.
func checkPackage(data []byte) error {
	notXLSX := invalid("Tệp không phải là tệp Excel .xlsx. Hãy tải mẫu nhập liệu và điền vào đó.",
		"The file is not an Excel .xlsx workbook. Download the template and fill it in.")
	if len(data) > MaxUploadBytes {
		return invalid("Tệp quá lớn (tối đa %d MiB).", "The file is too large (at most %d MiB).", MaxUploadBytes>>20)
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return notXLSX
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) > maxZipEntries {
		return notXLSX
	}
	var total uint64
	var types []byte
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if strings.EqualFold(zf.Name, "xl/vbaProject.bin") {
			return errMacro()
		}
		if zf.Name == "[Content_Types].xml" {
			if types, err = readLimited(zf, 1<<20); err != nil {
				return notXLSX
			}
		}
	}
	if total > unzipSizeLimit {
		return invalid("Tệp quá lớn khi giải nén (tối đa %d MiB).", "The file is too large once unzipped (at most %d MiB).", unzipSizeLimit>>20)
	}
	// The sizes above are what the zip claims; inflating each part (up to
	// its claim, which the limit above bounds) proves them, so a part that
	// lies about its size is refused here rather than half read later.
	for _, zf := range zr.File {
		if err := inflates(zf); err != nil {
			return errDamaged()
		}
	}
	ct := string(types)
	switch {
	case strings.Contains(strings.ToLower(ct), "macroenabled"):
		return errMacro()
	case !strings.Contains(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"):
		return notXLSX
	}
	return checkParts(zr)
}

func errMacro() error {
	return invalid("Tệp có macro (.xlsm) không được chấp nhận. Hãy lưu thành tệp .xlsx thường.",
		"Macro-enabled files (.xlsm) are not accepted. Save the workbook as a plain .xlsx.")
}

func readLimited(zf *zip.File, n int64) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, n+1)) // Go's zip reader also checks the size and checksum
	if err == nil && int64(len(b)) > n {
		err = fmt.Errorf("part too large")
	}
	return b, err
}

// inflates reads a part to the end without keeping it: Go's zip reader
// fails when a part inflates past its declared size or its checksum.
func inflates(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, rc)
	return err
}

// eachRow streams up to limit rows of a sheet: fn gets the row number and
// at most maxUploadColumns cells (raw values, no number formats).
func eachRow(f *excelize.File, sheet string, limit int, fn func(r int, cols []string) error) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return invalid("Không đọc được trang %q.", "Sheet %q cannot be read.", sheet)
	}
	defer rows.Close()
	for r := 1; rows.Next(); r++ {
		if r > limit {
			return invalid("Trang %q có quá nhiều dòng (tối đa %d).", "Sheet %q has too many rows (at most %d).", sheet, limit)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return invalid("Không đọc được dòng %d của trang %q.", "Row %d of sheet %q cannot be read.", r, sheet)
		}
		if len(cols) > maxUploadColumns {
			return invalid("Dòng %d của trang %q có quá nhiều cột (tối đa %d).", "Row %d of sheet %q has too many columns (at most %d).", r, sheet, maxUploadColumns)
		}
		if err := fn(r, cols); err != nil {
			return err
		}
	}
	if rows.Error() != nil {
		return invalid("Trang %q có quá nhiều dòng.", "Sheet %q has too many rows.", sheet)
	}
	return nil
}

func colAt(cols []string, c int) string {
	if c-1 < len(cols) {
		return strings.TrimSpace(cols[c-1])
	}
	return ""
}

// readMeta reads the hidden sheet: format version, period and scope.
func readMeta(f *excelize.File, up *Upload) error {
	notOurs := invalid("Tệp không phải mẫu nhập liệu của parkpi (thiếu trang %s). Hãy tải mẫu mới.",
		"The file is not a parkpi template (the %s sheet is missing). Download a new template.", SheetMeta)
	if idx, _ := f.GetSheetIndex(SheetMeta); idx < 0 {
		return notOurs
	}
	if idx, _ := f.GetSheetIndex(SheetData); idx < 0 {
		return invalid("Tệp thiếu trang %q.", "The file lacks the sheet %q.", SheetData)
	}
	meta := map[string]string{}
	up.Versions = map[string]int{}
	err := eachRow(f, SheetMeta, metaRows+MaxUploadRows, func(_ int, cols []string) error {
		if key := colAt(cols, 1); key != metaVersion {
			meta[key] = colAt(cols, 2)
		} else if v, err := strconv.Atoi(colAt(cols, 3)); err == nil && v >= 0 {
			up.Versions[colAt(cols, 2)] = v
		}
		return nil
	})
	if err != nil {
		return err
	}
	if meta["format"] != TemplateFormat {
		return invalid("Mẫu nhập liệu có phiên bản %q, cần %q. Hãy tải mẫu mới.",
			"The template has version %q; %q is needed. Download a new template.", meta["format"], TemplateFormat)
	}
	y, err1 := strconv.Atoi(meta["year"])
	q, err2 := strconv.Atoi(meta["quarter"])
	up.Period, up.Scope = kpi.Period{Year: y, Quarter: q}, meta["scope"]
	if m, err := strconv.Atoi(meta["month"]); err == nil && m != 0 { // a month's template (older ones have no month)
		up.Period = kpi.Period{Year: y, Quarter: q, Month: m}
	}
	if err1 != nil || err2 != nil || up.Period.Validate() != nil || up.Scope == "" {
		return invalid("Trang %s của mẫu bị sửa: không rõ kỳ báo cáo. Hãy tải mẫu mới.",
			"The %s sheet of the template was changed: the period is unclear. Download a new template.", SheetMeta)
	}
	return nil
}
