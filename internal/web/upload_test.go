package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
	"parkpi/internal/store/storetest"
)

// postFile uploads data as the "file" part of a multipart form.
func postFile(t *testing.T, c *http.Client, url, name string, data []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	resp, err := c.Post(url, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, html.UnescapeString(string(b))
}

func post(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Post(url, "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, html.UnescapeString(string(b))
}

// fillTemplate types values into an agency's rows of a template.
func fillTemplate(t *testing.T, data []byte, agency string, values map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Số liệu")
	for i, r := range rows {
		if len(r) < 3 || r[0] != agency {
			continue
		}
		if v, ok := values[r[2]]; ok {
			cell := fmt.Sprintf("F%d", i+1)
			if s, isStr := v.(string); isStr && strings.HasPrefix(s, "=") {
				err = f.SetCellFormula("Số liệu", cell, s[1:])
			} else {
				err = f.SetCellValue("Số liệu", cell, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var confirmAction = regexp.MustCompile(`action="(/upload/[0-9a-f]+/confirm)"`)

var goodQuarter = map[string]any{
	"dos_online": 30, "dos_direct": 12, "dos_carried": 4, "dos_received": 46,
	"dos_early": 10, "dos_ontime": 30, "dos_late": 0, "dos_resolved": 40,
	"dos_pending": 6, "dos_pending_ontime": 6, "dos_pending_overdue": 0,
}

// TestUploadRoundTripHTTP: an officer downloads the quarter's template,
// fills it, uploads it, sees every change, confirms; the values are stored
// and audited as an upload.
func TestUploadRoundTripHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := demoDBOn(t, engine)
		ts := newServerOn(t, db, nil)
		officer := loginAs(t, ts, "officer.yenhoa")
		status, h, tpl := fetch(t, officer, ts.URL+"/entry/14722/2022/q2/template.xlsx")
		if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "mau-nhap-14722-2022-q2.xlsx") {
			t.Fatalf("template = %d %v", status, h)
		}
		status, page := postFile(t, officer, ts.URL+"/upload", "mau.xlsx", fillTemplate(t, tpl, "14722", goodQuarter))
		if status != 200 {
			t.Fatalf("upload = %d: %s", status, page)
		}
		for _, want := range []string{"11 thay đổi", "Số liệu!F", "Hồ sơ tiếp nhận trực tuyến", "(trống)", "Xác nhận lưu"} {
			if !strings.Contains(page, want) {
				t.Errorf("the preview lacks %q", want)
			}
		}
		before, _ := db.QuarterValues(context.Background(), "14722", kpi.Period{Year: 2022, Quarter: 2})
		if len(before) != 0 {
			t.Fatalf("the preview stored values: %v", before)
		}
		m := confirmAction.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no confirm form in the preview")
		}
		if other := loginAs(t, ts, "admin"); true {
			if st, _ := post(t, other, ts.URL+m[1]); st != http.StatusNotFound {
				t.Errorf("another user confirmed the upload: %d", st)
			}
		}
		status, page = post(t, officer, ts.URL+m[1])
		if status != 200 || !strings.Contains(page, "Đã lưu 11 giá trị của 1 cơ quan") {
			t.Fatalf("confirm = %d: %.300s", status, page)
		}
		after, _ := db.QuarterValues(context.Background(), "14722", kpi.Period{Year: 2022, Quarter: 2})
		if after["dos_online"] != 30 || after["dos_received"] != 46 || len(after) != 11 {
			t.Errorf("stored %v", after)
		}
		var n int
		db.Reader().Get(&n, "SELECT COUNT(*) FROM audit_log WHERE source = 'upload' AND actor = 'officer.yenhoa' AND entity = 'value'")
		if n != 11 {
			t.Errorf("%d audit rows from the upload, want 11", n)
		}
		if st, _ := post(t, officer, ts.URL+m[1]); st != http.StatusNotFound {
			t.Errorf("a second confirmation = %d, want 404", st)
		}
	})
}

// TestUploadRefusals: errors by cell, files that are not ours, a file
// naming another agency, a file too large — each gets a clear message and
// nothing changes.
func TestUploadRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := demoDBOn(t, engine)
		ts := newServerOn(t, db, nil)
		officer := loginAs(t, ts, "officer.yenhoa")
		admin := loginAs(t, ts, "admin")
		_, _, tpl := fetch(t, officer, ts.URL+"/entry/14722/2022/2/template.xlsx")
		_, _, district := fetch(t, admin, ts.URL+"/upload/template?agency=377&year=2022&quarter=2")
		bad := map[string]any{}
		for k, v := range goodQuarter {
			bad[k] = v
		}
		bad["dos_online"], bad["dos_late"], bad["dos_direct"] = "=20+10", -1, "=cmd|' /C calc'!A0"
		tests := []struct {
			name   string
			data   []byte
			status int
			want   []string
		}{
			{"errors by cell", fillTemplate(t, tpl, "14722", bad), 422, []string{"Số liệu!F", "công thức", "không được âm", "Không có số liệu nào được lưu"}},
			{"not an xlsx", []byte("a,b,c\n1,2,3\n"), 422, []string{"không phải là tệp Excel .xlsx"}},
			{"another agency", fillTemplate(t, district, "377", goodQuarter), 422, []string{"không có quyền"}},
			{"too large", append([]byte("PK\x03\x04"), make([]byte, 11<<20)...), 422, []string{"quá lớn"}},
		}
		before := fingerprint(t, db)
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				status, page := postFile(t, officer, ts.URL+"/upload", "x.xlsx", tc.data)
				if status != tc.status {
					t.Fatalf("upload = %d, want %d: %.300s", status, tc.status, page)
				}
				for _, w := range tc.want {
					if !strings.Contains(page, w) {
						t.Errorf("the answer lacks %q", w)
					}
				}
				if confirmAction.MatchString(page) {
					t.Error("a refused upload can be confirmed")
				}
			})
		}
		if after := fingerprint(t, db); after != before {
			t.Errorf("refused uploads changed the database: %s -> %s", before, after)
		}
		var n int
		db.Reader().Get(&n, "SELECT COUNT(*) FROM uploads")
		if n != 0 {
			t.Errorf("%d refused uploads kept", n)
		}
	})
}
