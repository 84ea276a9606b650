package excel_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"testing"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store/storetest"
)

// FuzzParseUpload mutates the XML inside a valid template — the data
// sheet and the shared strings — not the zip bytes, so the reader sees
// well-packed files whose content is anything: it must answer a coded
// error a clerk can read or an upload whose every cell is a number, a
// clear marker or an error naming its cell; never a panic, never an
// internal error.
func FuzzParseUpload(f *testing.F) {
	// A two-agency tree, not the demo: each fuzz worker builds it anew.
	db := storetest.Open(f)
	if err := db.ImportAgencies(context.Background(), []kpi.Agency{{Code: "T", Kind: kpi.KindProvince, Name: "Tỉnh thử"},
		{Code: "14722", ParentCode: "T", Kind: kpi.KindCommune, Name: "Xã thử"}}); err != nil {
		f.Fatal(err)
	}
	cat := storetest.Catalogue(f, db)
	parts := templateParts(f, template(f, db, yenHoaQ2))
	f.Add(parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"])
	f.Add([]byte(`<worksheet><sheetData><row r="6"><c r="F6" t="s"><v>99999</v></c></row></sheetData></worksheet>`), parts["xl/sharedStrings.xml"])
	f.Add(parts["xl/worksheets/sheet1.xml"], []byte(`<sst><si><t>&bogus;</t></si></sst>`))
	f.Fuzz(func(t *testing.T, sheet, strs []byte) {
		edited := map[string][]byte{}
		for name, b := range parts {
			edited[name] = b
		}
		edited["xl/worksheets/sheet1.xml"], edited["xl/sharedStrings.xml"] = sheet, strs
		up, err := excel.ParseUpload(zipParts(t, edited), cat)
		if err != nil {
			if kpi.ErrorCode(err) != kpi.EINVALID || kpi.ErrorMessage(err, "vi") == "" {
				t.Fatalf("ParseUpload = %v: not a clerk's error", err)
			}
			return
		}
		for _, c := range up.Cells {
			if c.Value == nil && !c.Clear {
				t.Fatalf("cell %s is kept with no value and no clear marker", c.Cell)
			}
		}
		for _, e := range up.Errors {
			if e.Cell == "" || e.MessageVI == "" {
				t.Fatalf("an error without its cell or message: %+v", e)
			}
		}
	})
}

// templateParts unzips a workbook into its parts.
func templateParts(tb testing.TB, data []byte) map[string][]byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		out[zf.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// zipParts packs parts into a zip, [Content_Types].xml first (when there
// is one) as Excel writes it.
func zipParts(tb testing.TB, parts map[string][]byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(name string) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(parts[name])
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	if _, ok := parts["[Content_Types].xml"]; ok {
		write("[Content_Types].xml")
	}
	for name := range parts {
		if name != "[Content_Types].xml" {
			write(name)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
