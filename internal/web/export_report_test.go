package web_test

import (
	"archive/zip"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportThroughTheUI: a leader writes an assessment through the
// commentary page, then downloads the 2021 province report as .docx and as
// PDF (LibreOffice); the PDF's text holds the header block, the SEED.md
// figures and the assessment. An officer of a commune cannot have the
// province's report.
func TestReportThroughTheUI(t *testing.T) {
	ts := newServer(t)
	leader := loginAs(t, ts, "leader")
	const said = "Năm 2021 hoàn thành vượt mức kế hoạch cắt giảm thời gian giải quyết."
	form := commentForm("assessment", said, "0")
	form.Del("indicator")
	form.Set("group", "tthc")
	if status, body := postForm(t, leader, ts.URL+"/agencies/37/commentary", form); status != http.StatusSeeOther {
		t.Fatalf("assessment: %d %.500s", status, body)
	}
	status, h, docx := fetch(t, leader, ts.URL+"/export/report.docx?year=2021")
	if status != http.StatusOK || !strings.Contains(h.Get("Content-Disposition"), "bao-cao-cchc-37-2021.docx") {
		t.Fatalf("report.docx: %d %v %.300s", status, h, docx)
	}
	if _, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx))); err != nil {
		t.Fatalf("the .docx is not a zip: %v", err)
	}
	status, h, pdf := fetch(t, leader, ts.URL+"/export/report.pdf?year=2021")
	if status != http.StatusOK || h.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("report.pdf: %d %v", status, h)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Kỳ báo cáo: năm 2021",
		"1.344 thủ tục", "3.141 giờ", "tăng 2.381 giờ", "2.039", "1.209", "99,8%", "96,57%", "Đánh giá: " + said} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	officer := loginAs(t, ts, "officer.yenhoa")
	if status, _, _ := fetch(t, officer, ts.URL+"/export/report.docx?year=2021&scope=37"); status != http.StatusForbidden {
		t.Errorf("an officer's province report: %d, want 403", status)
	}
	if status, _, _ := fetch(t, leader, ts.URL+"/export/report.docx?year=2021&quarter=7"); status != http.StatusUnprocessableEntity {
		t.Errorf("quarter 7: %d, want 422", status)
	}
}

// TestReportPDFWithoutLibreOffice: without LibreOffice on the PATH, the
// PDF answers in words and points to the Word file.
func TestReportPDFWithoutLibreOffice(t *testing.T) {
	ts := newServer(t)
	leader := loginAs(t, ts, "leader")
	t.Setenv("PATH", t.TempDir())
	status, _, body := fetch(t, leader, ts.URL+"/export/report.pdf?year=2021")
	if status != http.StatusNotFound || !strings.Contains(string(body), "LibreOffice") || !strings.Contains(string(body), ".docx") {
		t.Fatalf("no LibreOffice: %d %.500s", status, body)
	}
}
