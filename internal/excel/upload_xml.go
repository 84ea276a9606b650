package excel

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// Before excelize reads an upload, its sheets and its shared strings are
// read once strictly here, because excelize's streaming reader takes what
// it cannot read for empty: a cell whose XML breaks (an undefined entity,
// a cut tag) ends the rows silently, and a shared-string index past the
// table reads as "". Here a broken cell is an error naming it, and the
// shared-string table is bounded by the rows that could use it, so a small
// file cannot make the parser build millions of strings.

// Bounds of the shared-string table relative to the rows of the sheets: a
// template row has five text cells, mostly repeated (codes, names, units).
const (
	stringsPerRow  = 8
	stringsSlack   = 200
	bytesPerString = 512
)

// checkParts reads every worksheet, then the shared strings, strictly.
func checkParts(zr *zip.Reader) error {
	names := sheetNames(zr)
	rows := 0
	var strs *zip.File
	for _, zf := range zr.File {
		switch {
		case zf.Name == "xl/sharedStrings.xml":
			strs = zf
		case strings.HasPrefix(zf.Name, "xl/worksheets/") && strings.HasSuffix(zf.Name, ".xml"):
			n, err := scanSheet(zf, names[zf.Name])
			if err != nil {
				return err
			}
			rows += n
		}
	}
	if strs == nil {
		return nil
	}
	return scanStrings(strs, stringsPerRow*rows+stringsSlack)
}

// sheetNames maps worksheet parts to the names the workbook gives them,
// for messages ("Số liệu!F12"); a part it cannot name is named by its path.
func sheetNames(zr *zip.Reader) map[string]string {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	out := map[string]string{}
	if decodePart(zr, "xl/workbook.xml", &wb) != nil || decodePart(zr, "xl/_rels/workbook.xml.rels", &rels) != nil {
		return out
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	for _, s := range wb.Sheets {
		out[target[s.RID]] = s.Name
	}
	return out
}

// decodePart decodes a small part (at most 1 MiB) into v.
func decodePart(zr *zip.Reader, name string, v any) error {
	for _, zf := range zr.File {
		if zf.Name == name {
			b, err := readLimited(zf, 1<<20)
			if err != nil {
				return err
			}
			return xml.Unmarshal(b, v)
		}
	}
	return errors.New("missing part")
}

// scanSheet reads a worksheet to its end and counts its rows; broken XML
// is an error naming the last cell that began before it.
func scanSheet(zf *zip.File, sheet string) (int, error) {
	if sheet == "" {
		sheet = zf.Name
	}
	rc, err := zf.Open()
	if err != nil {
		return 0, errDamaged()
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	rows, cell := 0, ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			if cell == "" {
				return 0, invalid("Trang %q không đọc được (tệp bị hỏng). Hãy tải mẫu mới.",
					"Sheet %q cannot be read (the file is damaged). Download a new template.", sheet)
			}
			return 0, invalid("Ô %s!%s không đọc được (tệp bị hỏng từ ô này). Hãy nhập lại ô này hoặc tải mẫu mới.",
				"Cell %s!%s cannot be read (the file is damaged from there). Type it again or download a new template.", sheet, cell)
		}
		if el, ok := tok.(xml.StartElement); ok {
			switch el.Name.Local {
			case "row":
				rows++
			case "c":
				cell = attr(el, "r")
			}
		}
	}
}

// scanStrings reads the shared-string table strictly, refusing it once it
// holds more than max strings or max×bytesPerString bytes of text.
func scanStrings(zf *zip.File, max int) error {
	tooMany := invalid("Tệp có quá nhiều chuỗi văn bản so với số dòng (tối đa %d). Hãy tải mẫu mới và chỉ nhập số.",
		"The file holds too many text strings for its rows (at most %d). Download a new template and type numbers only.", max)
	rc, err := zf.Open()
	if err != nil {
		return errDamaged()
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	count, size := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return invalid("Bảng chuỗi văn bản của tệp không đọc được (tệp bị hỏng). Hãy tải mẫu mới.",
				"The file's table of text strings cannot be read (the file is damaged). Download a new template.")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "si" {
				count++
			}
		case xml.CharData:
			size += len(t)
		}
		if count > max || size > max*bytesPerString {
			return tooMany
		}
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func errDamaged() error {
	return invalid("Tệp Excel bị hỏng hoặc quá lớn khi giải nén.", "The Excel file is damaged or too large once unzipped.")
}
