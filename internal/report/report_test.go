package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/report"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// pdfText renders a .docx to PDF with LibreOffice (through the package's
// own conversion) and returns the PDF's text, read by pdftotext, with its
// page size as pdfinfo reads it.
func pdfText(t *testing.T, docx []byte) (text, pages string) {
	t.Helper()
	pdf, err := report.PDF(context.Background(), docx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out), string(info)
}

// documentXML is word/document.xml of a .docx.
func documentXML(t *testing.T, docx []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("the .docx is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestProvinceReport2021: the 2021 province report carries the SEED.md
// figures (approved data, with the coverage line), their changes in the
// right units, the letterhead, the commentary, charts as images, and
// LibreOffice opens it and renders it on A4.
func TestProvinceReport2021(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	if _, err := db.SaveComment(ctx, store.CommentWrite{Comment: kpi.Comment{Agency: "37", Period: kpi.Period{Year: 2021},
		Indicator: "hours_cut", Kind: kpi.CommentAssessment, Text: "Cắt giảm nhờ quy trình nội bộ điện tử."}, Actor: "leader"}); err != nil {
		t.Fatal(err)
	}
	docx, err := report.DOCX(ctx, db, report.Request{Scope: "37", Year: 2021}, report.Options{Date: time.Date(2022, 1, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	xml := documentXML(t, docx)
	for _, want := range []string{`w:ascii="Times New Roman"`, `w:w="11906"`, `w:h="16838"`, "<pic:pic"} {
		if !strings.Contains(xml, want) && !strings.Contains(xml, strings.ReplaceAll(want, `"`, "'")) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	text, info := pdfText(t, docx)
	if !strings.Contains(info, "A4") {
		t.Errorf("the PDF is not A4:\n%s", info)
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "Số: …/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Ninh Bình, ngày 05 tháng 01 năm 2022", "KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2021", "Kỳ báo cáo: năm 2021",
		"Số liệu: các báo cáo đã được duyệt", "Nơi nhận:", "THỦ TRƯỞNG CƠ QUAN",
		"1.344 thủ tục", "2.590 bước", "3.141 giờ, tăng 2.381 giờ so với năm 2020", "2.039 dịch vụ", "313 dịch vụ",
		"1.209 dịch vụ, tăng 398 dịch vụ so với năm 2020", "99,8%", "96,57%", "100%",
		"Đánh giá: Cắt giảm nhờ quy trình nội bộ điện tử.", "Biểu đồ 3.1.", "QUYẾT ĐỊNH 766/QĐ-TTg", "Tiến độ giải quyết",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s", text)
	}
	if dir := os.Getenv("PARKPI_ARTIFACTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "report-2021.docx"), docx, 0o644)
	}
}

// TestReportRefusesBadRequests: a bad period or an unknown agency is a
// clear error before anything is built.
func TestReportRefusesBadRequests(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	for name, req := range map[string]report.Request{
		"no scope":       {Year: 2021},
		"year too early": {Scope: "37", Year: 1990},
		"quarter 5":      {Scope: "37", Year: 2021, Quarter: 5},
	} {
		if _, err := report.DOCX(ctx, db, req, report.Options{}); kpi.ErrorCode(err) != kpi.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if _, err := report.DOCX(ctx, db, report.Request{Scope: "NO-SUCH", Year: 2021}, report.Options{}); kpi.ErrorCode(err) != kpi.ENOTFOUND {
		t.Errorf("unknown agency: %v, want not found", err)
	}
}
