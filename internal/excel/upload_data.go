package excel

import (
	"errors"
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"

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
		ind, ok := cat.Get(code)
		switch {
		case agency == "":
			up.Errors = append(up.Errors, cellErr(cellName(tplColAgency, r), "", "", "Thiếu mã cơ quan.", "The agency code is missing."))
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
	readValues(f, up, cat)
	return nil
}

// readValues reads each value cell: a formula is an error (never
// evaluated), a number is taken as is, text is parsed as a Vietnamese
// number (1.344 or 99,8), an empty cell means "no value".
func readValues(f *excelize.File, up *Upload, cat *kpi.Catalogue) {
	kept := up.Cells[:0]
	for _, c := range up.Cells {
		ref := c.Cell[len(SheetData)+1:]
		if fm, _ := f.GetCellFormula(SheetData, ref); fm != "" {
			up.Errors = append(up.Errors, cellErr(c.Cell, c.Agency, c.Indicator,
				"Ô chứa công thức (="+fm+"); chỉ nhập số.", "The cell holds a formula (="+fm+"); type a number."))
			continue
		}
		raw, _ := f.GetCellValue(SheetData, ref, excelize.Options{RawCellValue: true})
		if raw == "" {
			kept = append(kept, c)
			continue
		}
		typ, _ := f.GetCellType(SheetData, ref)
		v, err := cellNumber(raw, typ)
		if err != nil {
			vi, en := kpi.ErrorMessage(err, "vi"), kpi.ErrorMessage(err, "en")
			up.Errors = append(up.Errors, cellErr(c.Cell, c.Agency, c.Indicator, vi, en))
			continue
		}
		c.Value = &v
		kept = append(kept, c)
	}
	up.Cells = kept
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
