package excel_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// yenHoaQ2 is an editable quarter of the demo: Yên Hòa, 2022 Q2, not started.
var yenHoaQ2 = excel.TemplateRequest{Agency: "14722", Period: kpi.Period{Year: 2022, Quarter: 2}}

func template(t testing.TB, db *store.DB, req excel.TemplateRequest) []byte {
	t.Helper()
	f, err := excel.Template(context.Background(), db, req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := excel.WriteTo(f, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rowOf finds the data row of an agency's indicator in a template.
func rowOf(t *testing.T, f *excelize.File, agency, code string) int {
	t.Helper()
	rows, _ := f.GetRows(excel.SheetData)
	for i, r := range rows {
		if len(r) > 2 && r[0] == agency && r[2] == code {
			return i + 1
		}
	}
	t.Fatalf("no row for %s %s", agency, code)
	return 0
}

// fill sets value cells (by indicator code) of one agency, as an officer
// typing in Excel would; a string value is typed text, a "=..." string
// becomes a formula.
func fill(t *testing.T, data []byte, agency string, values map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for code, v := range values {
		cell := fmt.Sprintf("F%d", rowOf(t, f, agency, code))
		if s, ok := v.(string); ok && strings.HasPrefix(s, "=") {
			err = f.SetCellFormula(excel.SheetData, cell, s[1:])
		} else {
			err = f.SetCellValue(excel.SheetData, cell, v)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTemplate checks the template: prefilled, only value cells unlocked,
// data validation, protection, the hidden sheet.
func TestTemplate(t *testing.T) {
	db := storetest.OpenDemo(t)
	req := excel.TemplateRequest{Agency: "14722", Period: kpi.Period{Year: 2022, Quarter: 1}}
	g, _ := roundTrip(t, mustTemplate(t, db, req))
	cur, _ := db.QuarterValues(context.Background(), "14722", req.Period)
	r := rowOf(t, g, "14722", "dos_online")
	if got, _ := num(t, g, excel.SheetData, fmt.Sprintf("F%d", r)); got != cur["dos_online"] {
		t.Errorf("prefilled dos_online = %v, want %v", got, cur["dos_online"])
	}
	for cell, wantLocked := range map[string]bool{fmt.Sprintf("F%d", r): false, fmt.Sprintf("D%d", r): true, fmt.Sprintf("G%d", r): true} {
		id, _ := g.GetCellStyle(excel.SheetData, cell)
		st, _ := g.GetStyle(id)
		locked := st.Protection == nil || st.Protection.Locked
		if locked != wantLocked {
			t.Errorf("%s locked = %v, want %v", cell, locked, wantLocked)
		}
	}
	dvs, err := g.GetDataValidations(excel.SheetData)
	if err != nil || len(dvs) < 2 {
		t.Fatalf("data validations = %d, %v", len(dvs), err)
	}
	whole := false
	for _, dv := range dvs {
		// A custom rule: a whole number in range, or a clear marker.
		whole = whole || (dv.Type == "custom" && inSqref(dv.Sqref, r) && strings.Contains(dv.Formula1, "INT(") &&
			strings.Contains(dv.Formula1, `="x"`))
	}
	if !whole {
		t.Errorf("the dos_online cell has no whole-number-or-marker validation: %+v", dvs[0])
	}
	if vis, _ := g.GetSheetVisible(excel.SheetMeta); vis {
		t.Error("the meta sheet is visible")
	}
	if fm := str(t, g, excel.SheetMeta, "B1"); fm != excel.TemplateFormat {
		t.Errorf("format = %q", fm)
	}
	if p, _ := g.GetSheetProtection(excel.SheetData); !p.SelectUnlockedCells {
		t.Errorf("protection = %+v", p)
	}
}

// inSqref reports whether row r of column F lies in a list of cells and
// ranges such as "F6:F14 F20".
func inSqref(sqref string, r int) bool {
	for _, part := range strings.Fields(sqref) {
		lo, hi, _ := strings.Cut(part, ":")
		if hi == "" {
			hi = lo
		}
		_, r1, _ := excelize.CellNameToCoordinates(lo)
		_, r2, _ := excelize.CellNameToCoordinates(hi)
		if r >= r1 && r <= r2 && strings.HasPrefix(lo, "F") {
			return true
		}
	}
	return false
}

func mustTemplate(t *testing.T, db *store.DB, req excel.TemplateRequest) *excelize.File {
	t.Helper()
	f, err := excel.Template(context.Background(), db, req)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestUploadRoundTrip fills a template, parses and plans it, applies it,
// and finds the values stored and audited as an upload.
func TestUploadRoundTrip(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	data := fill(t, template(t, db, yenHoaQ2), "14722", map[string]any{
		"dos_online": 30, "dos_direct": "12", "dos_carried": 4, "dos_received": 46,
		"dos_early": 10, "dos_ontime": 30, "dos_late": 0, "dos_resolved": 40,
		"dos_pending": 6, "dos_pending_ontime": 6, "dos_pending_overdue": 0, "vc_endpoints": "1.002",
	})
	up, err := excel.ParseUpload(data, storetest.Catalogue(t, db))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := excel.PlanUpload(ctx, db, up, "officer.yenhoa", func(string) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !plan.OK() || len(plan.Changes) != 12 || len(plan.Writes) != 1 {
		t.Fatalf("plan: %d changes, errors %+v", len(plan.Changes), plan.Errors)
	}
	id, err := db.SaveUpload(ctx, store.PendingUpload{Username: "officer.yenhoa", Period: up.Period, Payload: "{}"}, 3600e9)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyUpload(ctx, id, plan.Writes); err != nil {
		t.Fatal(err)
	}
	got, _ := db.QuarterValues(ctx, "14722", yenHoaQ2.Period)
	if got["dos_online"] != 30 || got["dos_direct"] != 12 || got["vc_endpoints"] != 1002 {
		t.Errorf("stored %v", got)
	}
	var n int
	if err := db.Reader().Get(&n, "SELECT COUNT(*) FROM audit_log WHERE source = 'upload' AND actor = 'officer.yenhoa'"); err != nil || n != 12 {
		t.Errorf("%d audit rows with source upload (%v), want 12", n, err)
	}
	if err := db.ApplyUpload(ctx, id, plan.Writes); kpi.ErrorCode(err) != kpi.ECONFLICT {
		t.Errorf("a second confirmation = %v, want a conflict", err)
	}
}

// TestUploadErrorsByCell: every broken cell is reported where it is, with
// the form's Vietnamese messages, and the plan writes nothing.
func TestUploadErrorsByCell(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	tpl := template(t, db, yenHoaQ2)
	g, _ := excelize.OpenReader(bytes.NewReader(tpl))
	rowOnline, rowLate, rowSat := rowOf(t, g, "14722", "dos_online"), rowOf(t, g, "14722", "dos_late"), rowOf(t, g, "14722", "has_lan")
	rowResolved := rowOf(t, g, "14722", "dos_resolved")
	g.Close()
	data := fill(t, tpl, "14722", map[string]any{
		"dos_online": "=1+1", "dos_late": -3, "has_lan": 5,
		"dos_early": 1, "dos_ontime": 1, "dos_resolved": 5,
	})
	up, err := excel.ParseUpload(data, storetest.Catalogue(t, db))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := excel.PlanUpload(ctx, db, up, "officer.yenhoa", func(string) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		fmt.Sprintf("Số liệu!F%d", rowOnline): "công thức",
		fmt.Sprintf("Số liệu!F%d", rowLate):   "không được âm",
		fmt.Sprintf("Số liệu!F%d", rowSat):    "từ 0 đến 1",
	}
	for cell, msg := range want {
		found := false
		for _, e := range plan.Errors {
			found = found || (e.Cell == cell && strings.Contains(strings.ToLower(e.MessageVI), msg))
		}
		if !found {
			t.Errorf("no error %q at %s in %+v", msg, cell, plan.Errors)
		}
	}
	if plan.OK() {
		t.Fatal("a plan with errors is OK")
	}
	_ = rowResolved
}

// hostile builds files an attacker might upload.
func TestHostileUploads(t *testing.T) {
	db := storetest.OpenDemo(t)
	tpl := template(t, db, yenHoaQ2)
	tests := map[string]struct {
		data []byte
		want string
	}{
		"not a zip":          {[]byte("STT,Mã\n1,2\n"), "không phải là tệp Excel .xlsx"},
		"pdf":                {[]byte("%PDF-1.4 ..."), "không phải là tệp Excel .xlsx"},
		"zip but not excel":  {zipOf(t, map[string][]byte{"[Content_Types].xml": []byte(`<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`), "word/document.xml": []byte("<w/>")}), "không phải là tệp Excel .xlsx"},
		"macro-enabled xlsm": {rezip(t, tpl, macroEnabled, map[string][]byte{"xl/vbaProject.bin": []byte("VBA")}), ".xlsm"},
		"macro content type": {rezip(t, tpl, macroEnabled, nil), ".xlsm"},
		"zip bomb":           {rezip(t, tpl, nil, map[string][]byte{"xl/media/bomb.xml": bytes.Repeat([]byte(" "), 64<<20)}), "quá lớn khi giải nén"},
		"huge sheet":         {rezip(t, tpl, hugeSheet, nil), "quá lớn khi giải nén"},
		"lying zip bomb":     {lyingBomb(t, tpl), "bị hỏng hoặc quá lớn"},
		"far rows":           {rezip(t, tpl, farRows, nil), "quá nhiều dòng"},
		"million strings":    {rezip(t, tpl, millionStrings, nil), "quá nhiều chuỗi văn bản"},
		"not our template":   {notTemplate(t), "không phải mẫu nhập liệu"},
		"too large":          {append([]byte("PK\x03\x04"), make([]byte, excel.MaxUploadBytes)...), "quá lớn"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := excel.ParseUpload(tc.data, storetest.Catalogue(t, db))
			if kpi.ErrorCode(err) != kpi.EINVALID || !strings.Contains(kpi.ErrorMessage(err, "vi"), tc.want) {
				t.Fatalf("ParseUpload = %v, want an invalid error saying %q", err, tc.want)
			}
		})
	}
}

func macroEnabled(name string, b []byte) []byte {
	if name == "[Content_Types].xml" {
		return bytes.Replace(b, []byte("spreadsheetml.sheet.main+xml"), []byte("ms-excel.sheet.macroEnabled.main+xml"), 1)
	}
	return b
}

// hugeSheet makes the data sheet's XML far larger than the unzip limits
// while it stays tiny zipped: a zip bomb inside a valid-looking workbook.
func hugeSheet(name string, b []byte) []byte {
	if name != "xl/worksheets/sheet1.xml" {
		return b
	}
	pad := bytes.Repeat([]byte(`<row r="1"><c r="A1"><v>1</v></c></row>`), (40<<20)/38)
	return bytes.Replace(b, []byte("<sheetData>"), append([]byte("<sheetData>"), pad...), 1)
}

// millionStrings gives a small workbook a million tiny shared strings
// (about 17 MB unzipped, a few dozen KB zipped): parsing them all would cost
// seconds and a hundred MiB for a sheet that uses a handful.
func millionStrings(name string, b []byte) []byte {
	if name != "xl/sharedStrings.xml" {
		return b
	}
	items := bytes.Repeat([]byte(`<si><t>a</t></si>`), 1_000_000)
	return append(append([]byte(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`), items...), []byte(`</sst>`)...)
}

// farRows claims the whole grid and puts a row near the end of it.
func farRows(name string, b []byte) []byte {
	if name != "xl/worksheets/sheet1.xml" {
		return b
	}
	b = bytes.Replace(b, []byte("<sheetData>"), []byte(`<dimension ref="A1:XFD1048576"/><sheetData>`), 1)
	return bytes.Replace(b, []byte("</sheetData>"), []byte(`<row r="1048000"><c r="XFD1048000"><v>1</v></c></row></sheetData>`), 1)
}

// lyingBomb is a workbook whose sheet claims 100 bytes in the zip headers
// and inflates to 40 MiB.
func lyingBomb(t *testing.T, tpl []byte) []byte {
	t.Helper()
	zr, _ := zip.NewReader(bytes.NewReader(tpl), int64(len(tpl)))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name != "xl/worksheets/sheet1.xml" {
			w, _ := zw.Create(f.Name)
			w.Write(b)
			continue
		}
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		fw.Write(bytes.Repeat([]byte(" "), 40<<20))
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100, CRC32: 1})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	zw.Close()
	return buf.Bytes()
}

func notTemplate(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipOf(t *testing.T, files map[string][]byte) []byte { return zipParts(t, files) }

// rezip rewrites a workbook's parts through edit and adds extra parts.
func rezip(t *testing.T, data []byte, edit func(string, []byte) []byte, extra map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if edit != nil {
			b = edit(f.Name, b)
		}
		files[f.Name] = b
	}
	for name, b := range extra {
		files[name] = b
	}
	return zipOf(t, files)
}

// TestUploadRefusesOnlineServicesOverTotal: full-process + partial online
// services above the services on the portal is refused in an upload, on
// the total's cell, with the rule's message; a field of another data set
// is refused on its own cell.
func TestUploadRefusesOnlineServicesOverTotal(t *testing.T) {
	db := storetest.OpenDemo(t)
	tpl := template(t, db, yenHoaQ2)
	g, _ := excelize.OpenReader(bytes.NewReader(tpl))
	rowTotal := rowOf(t, g, "14722", "svc_total")
	g.Close()
	plan := planOf(t, db, fill(t, tpl, "14722", map[string]any{"svc_total": 2, "svc_full": 0, "svc_partial": 610}))
	found := false
	for _, e := range plan.Errors {
		found = found || (e.Cell == fmt.Sprintf("Số liệu!F%d", rowTotal) && strings.Contains(e.MessageVI, "(610) không được lớn hơn"))
	}
	if !found || plan.OK() {
		t.Fatalf("errors %+v, want the online-services bound on the total's cell", plan.Errors)
	}
}
