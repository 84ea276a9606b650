package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestAuditInWords: the audit trail speaks the reader's language — actions,
// states, indicators and sources by name, every moment as dd/mm/yyyy
// HH:mm, parkpi's own loader as the system — and shows none of the codes
// the log keeps.
func TestAuditInWords(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	officer, leader := loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "leader")
	form := validForm(t, db)
	form.Set("action", "submit")
	if status, _ := send(t, officer, "POST", ts.URL+entryURL, form); status != http.StatusSeeOther {
		t.Fatal("submit")
	}
	if status, _ := send(t, leader, "POST", ts.URL+entryURL+"/approve", url.Values{"version": {"1"}}); status != http.StatusSeeOther {
		t.Fatal("approve")
	}
	_, page := send(t, leader, "GET", ts.URL+"/audit?agency=14722", nil)
	i, j := strings.Index(page, "<tbody>"), strings.Index(page, "</tbody>")
	if i < 0 || j < i {
		t.Fatal("no audit table")
	}
	rows := page[i:j]
	for _, want := range []string{"<td>Duyệt báo cáo</td>", "<td>Gửi báo cáo</td>", "<td>Lưu số liệu</td>",
		"Đã gửi, chờ duyệt", "Đã duyệt", "<td>Hồ sơ tiếp nhận trực tuyến</td>", "<td>Biểu mẫu trên web</td>", "<td>Quý 2/2022</td>"} {
		if !strings.Contains(rows, want) {
			t.Errorf("the audit trail lacks %q", want)
		}
	}
	cells := regexp.MustCompile(`<td[^>]*>([^<]*)</td>`).FindAllStringSubmatch(rows, -1)
	for _, c := range cells {
		for _, code := range []string{"submission.", "value.save", "submitted", "approved", "dos_online", "form", "seed"} {
			if strings.Contains(c[1], code) {
				t.Errorf("a cell shows the code %q: %q", code, c[1])
			}
		}
	}
	when := regexp.MustCompile(`<td class="when">([^<]*)</td>`).FindAllStringSubmatch(rows, -1)
	if len(when) == 0 {
		t.Fatal("no moments")
	}
	for _, w := range when {
		if !regexp.MustCompile(`^\d\d/\d\d/\d{4} \d\d:\d\d$`).MatchString(w[1]) {
			t.Errorf("a moment reads %q, not dd/mm/yyyy HH:mm", w[1])
		}
	}
	_, all := send(t, loginAs(t, ts, "admin"), "GET", ts.URL+"/audit?kind=changes&user=seed", nil) // the demo's loader
	if !strings.Contains(all, "Hệ thống (nạp dữ liệu ban đầu)") || strings.Contains(all, "<td>seed</td>") {
		t.Error("the initial load is not shown as the system")
	}
}

// TestNoInternalUserShown: the cockpit and the values behind a figure name
// the demo's loader as the system, never as the user "seed".
func TestNoInternalUserShown(t *testing.T) {
	ts := newServer(t)
	leader := loginAs(t, ts, "leader")
	for _, path := range []string{"/cockpit?year=2022&quarter=1&show=approved&scope=377", "/agencies/377/values?indicator=dos_received&year=2021&quarter=0"} {
		status, page := send(t, leader, "GET", ts.URL+path, nil)
		if status != http.StatusOK || !strings.Contains(page, "Hệ thống (nạp dữ liệu ban đầu)") || regexp.MustCompile(`>\s*seed\s*<`).MatchString(page) {
			t.Errorf("%s = %d: the loader is not named as the system", path, status)
		}
	}
}
