package excel_test

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
)

// fixedDate is the date printed in the headers of test reports.
var fixedDate = excel.Options{Date: time.Date(2022, 1, 5, 9, 0, 0, 0, time.UTC)}

// roundTrip writes a workbook to bytes and opens the bytes again, as a
// reader would: everything the tests check is what the file holds.
func roundTrip(t *testing.T, f *excelize.File) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := excel.WriteTo(f, &buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g, buf.Bytes()
}

// num reads a cell as a number, computing it when it holds a formula.
func num(t *testing.T, f *excelize.File, sheet, cell string) (float64, bool) {
	t.Helper()
	raw := excelize.Options{RawCellValue: true}
	v, err := f.GetCellValue(sheet, cell, raw)
	if err != nil {
		t.Fatal(err)
	}
	if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
		if v, err = f.CalcCellValue(sheet, cell, raw); err != nil {
			t.Fatalf("%s!%s: %s: %v", sheet, cell, fm, err)
		}
	}
	if strings.TrimSpace(v) == "" {
		return 0, false
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, not a number", sheet, cell, v)
	}
	return x, true
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

// str reads a cell's text.
func str(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// findRow returns the first row whose column c holds want, or 0.
func findRow(t *testing.T, f *excelize.File, sheet string, c int, want string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if c-1 < len(r) && r[c-1] == want {
			return i + 1
		}
	}
	return 0
}

// allText joins every cell of a sheet, for "the header says ..." checks.
func allText(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|"))
		b.WriteString("\n")
	}
	return b.String()
}

// zipEntry returns one part of the package, "" when absent.
func zipEntry(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	return ""
}

// convertWithLibreOffice opens the workbook in LibreOffice, an independent
// reader, prints it to PDF and returns the PDF's path. A missing
// LibreOffice fails the test: CI installs it (.ci/run).
func convertWithLibreOffice(t *testing.T, name string, data []byte) string {
	t.Helper()
	out := libreOffice(t, name, data, "pdf")
	if dst := os.Getenv("PARKPI_KEEP_PDF"); dst != "" {
		_ = os.WriteFile(filepath.Join(dst, name+".pdf"), out, 0o644)
		_ = os.WriteFile(filepath.Join(dst, name+".xlsx"), data, 0o644)
	}
	pdf := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(pdf, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return pdf
}

// libreOffice converts the workbook with LibreOffice (an independent
// reader, which computes every formula the file leaves uncalculated) to
// format ("pdf", or "csv" for the first sheet's values as shown) and
// returns the result.
func libreOffice(t *testing.T, name string, data []byte, format string) []byte {
	t.Helper()
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Fatal("libreoffice is not installed (Debian: libreoffice-calc-nogui); the reports must be checked by an independent reader")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, name+".xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "file://" + filepath.Join(dir, "profile")
	target := format
	if format == "csv" {
		target = "csv:Text - txt - csv (StarCalc):44,34,76" // comma, quotes, UTF-8
	}
	cmd := exec.Command(bin, "-env:UserInstallation="+profile, "--headless", "--convert-to", target, "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice failed: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, name+"."+format))
	if err != nil || len(b) == 0 {
		t.Fatalf("libreoffice made no %s of %s: %v\n%s", format, name, err, out)
	}
	return b
}

// pdfText is the text of a PDF as poppler's pdftotext reads it, in the
// layout of its pages; a missing pdftotext fails the test (CI installs
// poppler-utils).
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v (Debian: poppler-utils)", pdf, err)
	}
	return string(out)
}
