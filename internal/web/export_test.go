package web_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// fetch GETs a URL with a client and returns status, headers and body.
func fetch(t *testing.T, c *http.Client, url string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// TestExportDownloads downloads each report as the roles may, and is
// refused where the role or the scope does not allow it.
func TestExportDownloads(t *testing.T) {
	ts := newServer(t)
	leader, officer, staff := loginAs(t, ts, "leader"), loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "staff")
	tests := []struct {
		name   string
		client *http.Client
		url    string
		status int
		file   string
		sheet  string
	}{
		{"leader agency", leader, "/export/agency/377.xlsx?year=2021", 200, "bao-cao-377-2021.xlsx", "Báo cáo"},
		{"leader summary", leader, "/export/summary.xlsx?year=2021", 200, "tong-hop-37-2021.xlsx", "Tổng hợp"},
		{"staff form06 quarter", staff, "/export/form06.xlsx?year=2021&quarter=4&scope=37", 200, "bieu-06-37-2021-q4.xlsx", "Biểu 06"},
		{"officer own agency", officer, "/export/agency/14722?year=2021", 200, "bao-cao-14722-2021.xlsx", "Báo cáo"},
		{"officer own summary", officer, "/export/summary.xlsx?year=2021", 200, "tong-hop-14722-2021.xlsx", "Tổng hợp"},
		{"officer province summary", officer, "/export/summary.xlsx?year=2021&scope=37", http.StatusForbidden, "", ""},
		{"officer district form", officer, "/export/form06.xlsx?year=2021&scope=377", http.StatusForbidden, "", ""},
		{"officer other agency", officer, "/export/agency/37-S03.xlsx?year=2021", http.StatusForbidden, "", ""},
		{"anonymous", newClient(t), "/export/summary.xlsx?year=2021", http.StatusSeeOther, "", ""},
		{"bad year", leader, "/export/summary.xlsx?year=abc", http.StatusUnprocessableEntity, "", ""},
		{"bad quarter", leader, "/export/form06.xlsx?year=2021&quarter=9", http.StatusUnprocessableEntity, "", ""},
		{"bad half", leader, "/export/form06.xlsx?year=2021&half=3", http.StatusUnprocessableEntity, "", ""},
		{"half and quarter", leader, "/export/form06.xlsx?year=2021&half=1&quarter=2", http.StatusUnprocessableEntity, "", ""},
		{"unknown agency", leader, "/export/agency/nope.xlsx?year=2021", http.StatusForbidden, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := fetch(t, tc.client, ts.URL+tc.url)
			if status != tc.status {
				t.Fatalf("GET %s = %d, want %d: %.200s", tc.url, status, tc.status, body)
			}
			if tc.file == "" {
				return
			}
			if cd := h.Get("Content-Disposition"); !strings.Contains(cd, `filename="`+tc.file+`"`) {
				t.Errorf("Content-Disposition = %q", cd)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
				t.Errorf("Content-Type = %q", ct)
			}
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if idx, _ := f.GetSheetIndex(tc.sheet); idx < 0 {
				t.Errorf("no sheet %q in %v", tc.sheet, f.GetSheetList())
			}
		})
	}
}

// TestDownloadButtons: the overview offers the downloads to who may use them.
func TestDownloadButtons(t *testing.T) {
	ts := newServer(t)
	_, _, body := fetch(t, loginAs(t, ts, "leader"), ts.URL+"/?year=2021")
	for _, want := range []string{`href="/export/agency/37.xlsx?year=2021"`, `href="/export/summary.xlsx?year=2021&amp;scope=37"`, `/export/form06.xlsx?year=2021`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the overview lacks %s", want)
		}
	}
}

// TestForm06DownloadOfChosenQuarter: with Quý 4 chosen, the overview's
// Biểu 06 link is the quarter's, and the form it gives states the quarter
// and its cut-off dates, with the six-month form of the second half
// beside it; the whole year gives the year's form.
func TestForm06DownloadOfChosenQuarter(t *testing.T) {
	ts := newServer(t)
	leader := loginAs(t, ts, "leader")
	for _, tc := range []struct{ page, id, link, period string }{
		{"/?year=2021&quarter=4", "dl-form06", "/export/form06.xlsx?year=2021&amp;quarter=4&amp;scope=37", "Kỳ báo cáo: quý IV năm 2021 (từ ngày 15/09/2021 đến ngày 14/12/2021)"},
		{"/?year=2021&quarter=4", "dl-form06-half", "/export/form06.xlsx?year=2021&amp;half=2&amp;scope=37", "Kỳ báo cáo: 6 tháng cuối năm 2021 (từ ngày 15/06/2021 đến ngày 14/12/2021)"},
		{"/?year=2021&quarter=1", "dl-form06-half", "/export/form06.xlsx?year=2021&amp;half=1&amp;scope=37", "Kỳ báo cáo: 6 tháng đầu năm 2021 (từ ngày 15/12/2020 đến ngày 14/06/2021)"},
		{"/?year=2021", "dl-form06", "/export/form06.xlsx?year=2021&amp;scope=37", "Kỳ báo cáo: năm 2021 (từ ngày 15/12/2020 đến ngày 14/12/2021)"},
	} {
		_, _, body := fetch(t, leader, ts.URL+tc.page)
		if !strings.Contains(string(body), `href="`+tc.link+`" id="`+tc.id+`"`) {
			t.Errorf("%s: no Biểu 06 link %s", tc.page, tc.link)
			continue
		}
		status, _, xlsx := fetch(t, leader, ts.URL+strings.ReplaceAll(tc.link, "&amp;", "&"))
		if status != http.StatusOK {
			t.Fatalf("GET %s = %d", tc.link, status)
		}
		f, err := excelize.OpenReader(bytes.NewReader(xlsx))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Biểu 06")
		f.Close()
		found := false
		for _, r := range rows {
			found = found || strings.Contains(strings.Join(r, " "), tc.period)
		}
		if !found {
			t.Errorf("%s: the form does not say %q", tc.link, tc.period)
		}
	}
}
