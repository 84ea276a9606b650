package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/store/storetest"
)

// TestExportCLI writes each report from a demo database and refuses bad
// flags with a one-line error.
func TestExportCLI(t *testing.T) {
	db := storetest.DemoFile(t)
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		file    string
		wantErr string
	}{
		{"agency", []string{"export", "agency", "--code", "14722", "--year", "2021", "-o", filepath.Join(dir, "a.xlsx")}, "a.xlsx", ""},
		{"summary", []string{"export", "summary", "--year", "2021", "-o", filepath.Join(dir, "s.xlsx")}, "s.xlsx", ""},
		{"form06", []string{"export", "form06", "--year", "2021", "--quarter", "4", "--scope", "37", "-o", filepath.Join(dir, "f.xlsx")}, "f.xlsx", ""},
		{"no code", []string{"export", "agency", "--year", "2021"}, "", "--code is required"},
		{"no year", []string{"export", "summary"}, "", "--year is required"},
		{"bad quarter", []string{"export", "form06", "--year", "2021", "--quarter", "5"}, "", "--quarter must be"},
		{"bad year", []string{"export", "summary", "--year", "1900"}, "", "Năm 1900 không hợp lệ"},
		{"unknown agency", []string{"export", "agency", "--code", "nope", "--year", "2021", "-o", filepath.Join(dir, "x.xlsx")}, "", "Không có cơ quan mã nope"},
		{"no report", []string{"export"}, "", "Hãy chọn báo cáo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := run(t, map[string]string{"PARKPI_DB": db}, tc.args...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(cliMessage(err), tc.wantErr) || strings.Contains(cliMessage(err), "\n") {
					t.Fatalf("error = %v, want one line containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !strings.Contains(out, tc.file) {
				t.Fatalf("out = %q, err = %v", out, err)
			}
			f, err := excelize.OpenFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			f.Close()
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); err == nil {
		t.Error("a failed export left a file behind")
	}
}
