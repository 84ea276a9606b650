package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parkpi/internal/store/storetest"
)

// TestExportReportCLI writes the Word report of a quarter and refuses bad
// flags with a one-line error; without LibreOffice, --pdf says so.
func TestExportReportCLI(t *testing.T) {
	db := storetest.DemoFile(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "r.docx")
	out, err := run(t, map[string]string{"PARKPI_DB": db}, "export", "report", "--year", "2022", "--quarter", "1", "--scope", "377", "-o", path)
	if err != nil || !strings.Contains(out, "r.docx") {
		t.Fatalf("out = %q, err = %v", out, err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("the report is not a .docx: %v", err)
	}
	zr.Close()
	for args, want := range map[string]string{
		"export report --year 2021 --quarter 5":    "--quarter must be",
		"export report --quarter 1":                "--year is required",
		"export report --year 2021 --scope nope":   "Không có cơ quan mã nope",
		"export report --year 2021 --state drafts": "drafts",
	} {
		_, err := run(t, map[string]string{"PARKPI_DB": db}, strings.Fields(args)...)
		if err == nil || !strings.Contains(cliMessage(err), want) || strings.Contains(cliMessage(err), "\n") {
			t.Errorf("%s: error = %v, want one line containing %q", args, err, want)
		}
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := run(t, map[string]string{"PARKPI_DB": db}, "export", "report", "--year", "2021", "--pdf", "-o", filepath.Join(dir, "r.pdf")); err == nil ||
		!strings.Contains(cliMessage(err), "LibreOffice") {
		t.Errorf("--pdf without LibreOffice: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.pdf")); err == nil {
		t.Error("a failed export left a file behind")
	}
}
