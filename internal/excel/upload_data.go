package excel

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"parkpi/internal/kpi"
)

// readData streams the data sheet: it checks the head, then reads every
// (agency, indicator, value) row. Values are read raw; cells holding a
// formula are refused without being evaluated.
func readData(f *excelize.File, up *Upload, cat *kpi.Catalogue) error {
	seen := map[[2]string]bool{}
	err := eachRow(f, SheetData, tplHeadRow+MaxUploadRows, func(r int, cols []string) error {
		switch {
		case r < tplHeadRow:
			return nil
		case r == tplHeadRow:
			if colAt(cols, tplColIndicator) != "Mã chỉ tiêu" || colAt(cols, tplColValue) != "Giá trị" {
				return invalid("Dòng tiêu đề của trang %q bị sửa. Hãy tải mẫu mới.", "The head row of sheet %q was changed. Download a new template.", SheetData)
			}
			return nil
		}
		agency, code := colAt(cols, tplColAgency), colAt(cols, tplColIndicator)
		if agency == "" && code == "" && colAt(cols, tplColValue) == "" {
			return nil // an empty row
		}
		c := UploadCell{Agency: agency, Indicator: code, Cell: cellName(tplColValue, r)}
		if base, option, isOption := kpi.ParseOptionKey(code); isOption {
			c.Indicator, c.Option = base, option
		}
		ind, ok := cat.Get(c.Indicator)
		switch {
		case agency == "":
			up.Errors = append(up.Errors, cellErr(cellName(tplColAgency, r), "", "", "Thiếu mã cơ quan.", "The agency code is missing."))
		case c.Option != 0 && !cat.HasOption(c.Indicator, c.Option):
			up.Errors = append(up.Errors, cellErr(cellName(tplColIndicator, r), agency, "", "Mã “"+code+"” không phải một dòng phân tổ của chỉ tiêu.",
				"Code “"+code+"” is not a line of the indicator's breakdown."))
		case !ok || ind.Kind != kpi.KindEntered:
			up.Errors = append(up.Errors, cellErr(cellName(tplColIndicator, r), agency, "", "Mã chỉ tiêu “"+code+"” không có trong danh mục nhập liệu.", "Indicator code “"+code+"” is not in the catalogue of entered figures."))
		case seen[[2]string{agency, code}]:
			up.Errors = append(up.Errors, cellErr(cellName(tplColIndicator, r), agency, code, "Chỉ tiêu này của cơ quan này đã có ở dòng trên.", "This indicator of this agency already appears above."))
		default:
			seen[[2]string{agency, code}] = true
			up.Cells = append(up.Cells, c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	readValues(f, up)
	return nil
}

// readValues reads each value cell: a formula is an error (never
// evaluated), a number is taken as is, a clear marker clears, other text is
// parsed as a Vietnamese number (1.344 or 99,8), and an empty cell changes
// nothing. A cell that cannot be read is an error at its address, never
// taken for empty.
func readValues(f *excelize.File, up *Upload) {
	kept := up.Cells[:0]
	for _, c := range up.Cells {
		v, keep, err := readValue(f, c)
		switch {
		case err != nil:
			up.Errors = append(up.Errors, cellErr(c.Cell, c.Agency, c.Indicator, kpi.ErrorMessage(err, "vi"), kpi.ErrorMessage(err, "en")))
		case keep:
			kept = append(kept, v)
		}
	}
	up.Cells = kept
}

// readValue reads one value cell; keep is false for an empty one.
func readValue(f *excelize.File, c UploadCell) (UploadCell, bool, error) {
	ref := c.Cell[len(SheetData)+1:]
	unreadable := kpi.Errorf(kpi.EINVALID, "Ô không đọc được (tệp bị hỏng ở ô này); hãy nhập lại ô này hoặc tải mẫu mới.",
		"The cell cannot be read (the file is damaged there); type it again or download a new template.")
	fm, err := f.GetCellFormula(SheetData, ref)
	if err != nil {
		return c, false, unreadable
	}
	if fm != "" {
		return c, false, kpi.Errorf(kpi.EINVALID, "Ô chứa công thức (=%s); chỉ nhập số.", "The cell holds a formula (=%s); type a number.", fm)
	}
	raw, err := f.GetCellValue(SheetData, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return c, false, unreadable
	}
	if raw == "" {
		return c, false, nil
	}
	typ, err := f.GetCellType(SheetData, ref)
	if err != nil {
		return c, false, unreadable
	}
	if (typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString) && IsClearMarker(raw) {
		c.Clear = true
		return c, true, nil
	}
	v, err := cellNumber(raw, typ)
	if err != nil {
		return c, false, err
	}
	c.Value = &v
	return c, true, nil
}

// IsClearMarker reports whether a cell's text asks to clear the value.
func IsClearMarker(s string) bool {
	s = norm.NFC.String(strings.ToLower(strings.TrimSpace(s)))
	for _, m := range ClearMarkers {
		if s == m {
			return true
		}
	}
	return false
}

// cellNumber turns a cell into a number: numbers as stored, text the way
// the entry form reads it.
func cellNumber(raw string, typ excelize.CellType) (float64, error) {
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		v, err := kpi.ParseNumber("vi", raw)
		if errors.Is(err, kpi.ErrNoValue) {
			return 0, kpi.Errorf(kpi.EINVALID, "Ô không chứa số.", "The cell holds no number.")
		}
		return v, err
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, kpi.Errorf(kpi.EINVALID, "Giá trị “%s” không phải là số.", "The value “%s” is not a number.", raw)
	}
	return v, nil
}

func cellName(c, r int) string { return SheetData + "!" + ref(c, r) }

func cellErr(cell, agency, field, vi, en string) CellError {
	return CellError{Cell: cell, Agency: agency, Field: field, MessageVI: vi, MessageEN: en}
}
