package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// TestTargetStatuses sets targets so that each status appears and reads
// them back from the overview's view model (the JSON API renders it as is)
// and in words on the page.
func TestTargetStatuses(t *testing.T) {
	ts, db, c := dashServer(t, "leader")
	err := db.SetTargets(context.Background(), store.TargetWrite{Actor: "test", Targets: []kpi.Target{
		{AgencyCode: "37", Indicator: "hours_cut", Year: 2021, Value: 3200},       // 3.141: short by less than 5 %
		{AgencyCode: "37", Indicator: "svc_level4", Year: 2021, Value: 1500},      // 1.209: far short
		{AgencyCode: "37", Indicator: "tthc_simplified", Year: 2022, Value: 9000}, // far short, but 2022 is running
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query, code, want string
	}{
		{"year=2021", "tthc_simplified", "met"}, // 1.344 ≥ 1.200
		{"year=2021", "ontime_rate", "met"},     // 99,8 % ≥ 98 %
		{"year=2021", "hours_cut", "at_risk"},
		{"year=2021", "svc_level4", "missed"},
		{"year=2021", "steps_cut", "none"}, // no target
		{"year=2022", "tthc_simplified", "at_risk"},
		{"year=2021&quarter=2", "hours_cut", "none"},  // a quarter's count is not held against the year's target
		{"year=2021&quarter=2", "ontime_rate", "met"}, // a quarter's rate is
	}
	views := map[string]overviewJSON{}
	for _, tc := range tests {
		t.Run(tc.query+" "+tc.code, func(t *testing.T) {
			v, ok := views[tc.query]
			if !ok {
				getJSON(t, c, ts.URL+"/api/v1/overview?"+tc.query, &v)
				views[tc.query] = v
			}
			for _, f := range v.Headline {
				if f.Code == tc.code {
					if f.Target.Status != tc.want {
						t.Fatalf("status %q, want %q (figure %v, target %+v)", f.Target.Status, tc.want, f.Value, f.Target)
					}
					return
				}
			}
			t.Fatalf("no headline figure %s", tc.code)
		})
	}
	_, body := getWith(t, c, ts.URL+"/?year=2021")
	for _, word := range []string{"Đạt", "Có nguy cơ không đạt", "Không đạt", "Kế hoạch: 3.200", `class="target status-missed"`} {
		if !strings.Contains(body, word) {
			t.Errorf("the overview lacks %q", word)
		}
	}
}

func getWith(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, html.UnescapeString(string(b))
}

func upload(t *testing.T, c *http.Client, url string, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "targets.csv")
	fw.Write(data)
	mw.Close()
	resp, err := c.Post(url, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, html.UnescapeString(string(b))
}

// TestTargetsAdmin covers the admin page: only admins, the one-target form
// with its field errors, the CSV upload (all or nothing, errors by line in
// Vietnamese, BOM, size limit) and the download that the upload takes back.
func TestTargetsAdmin(t *testing.T) {
	ts, db, admin := dashServer(t, "admin")
	ctx := context.Background()
	leader := loginAs(t, ts, "leader")
	if status, _ := getWith(t, leader, ts.URL+"/admin/targets"); status != http.StatusForbidden {
		t.Fatalf("a leader opens the targets page: %d", status)
	}
	if status, body := getWith(t, admin, ts.URL+"/admin/targets?year=2021"); status != 200 || !strings.Contains(body, `data-indicator="ontime_rate"`) {
		t.Fatalf("admin page = %d", status)
	}

	post := func(form url.Values) (int, string) {
		resp, err := admin.PostForm(ts.URL+"/admin/targets", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, html.UnescapeString(string(b))
	}
	status, body := post(url.Values{"year": {"2022"}, "agency": {"377"}, "indicator": {"ontime_rate"}, "value": {"abc"}})
	if status != 422 || !strings.Contains(body, `class="field-error"`) || !strings.Contains(body, `value="abc"`) {
		t.Fatalf("a bad value = %d, want 422 with the field error and the value typed", status)
	}
	if status, _ := post(url.Values{"year": {"2022"}, "agency": {"377"}, "indicator": {"ontime_rate"}, "value": {"97,5"}}); status != http.StatusSeeOther {
		t.Fatalf("a good target = %d", status)
	}
	if got, _ := db.Targets(ctx, "377", 2022); got["ontime_rate"] != 97.5 {
		t.Fatalf("saved %v, want 97.5", got)
	}

	bad := "\ufeffagency_code,indicator,year,value\n14722,sat_rate,2023,95\n14722,nope,2023,1\n99999,sat_rate,2023,1\n14722,sat_rate,2023,120\n"
	status, body = upload(t, admin, ts.URL+"/admin/targets/upload?year=2023", []byte(bad))
	for _, want := range []string{"Dòng 3: không có chỉ tiêu mã", "Dòng 4: không có cơ quan mã", "Dòng 5: giá trị 120"} {
		if status != 422 || !strings.Contains(body, want) {
			t.Errorf("bad file = %d, the page lacks %q", status, want)
		}
	}
	if got, _ := db.Targets(ctx, "14722", 2023); len(got) != 0 {
		t.Fatalf("a file with errors saved %v", got)
	}
	good := "\ufeffagency_code;indicator;year;value\n14722;sat_rate;2023;95.5\n37;ontime_rate;2023;98\n"
	if status, _ := upload(t, admin, ts.URL+"/admin/targets/upload?year=2023", []byte(good)); status != http.StatusSeeOther {
		t.Fatalf("good file = %d", status)
	}
	if got, _ := db.Targets(ctx, "14722", 2023); got["sat_rate"] != 95.5 {
		t.Fatalf("saved %v", got)
	}
	huge := append([]byte("agency_code,indicator,year,value\n"), bytes.Repeat([]byte("14722,sat_rate,2023,95\n"), 50000)...)
	if status, body := upload(t, admin, ts.URL+"/admin/targets/upload", huge); status != 422 || !strings.Contains(body, "quá lớn") {
		t.Fatalf("a %d-byte file = %d", len(huge), status)
	}

	_, csvText := getWith(t, admin, ts.URL+"/admin/targets.csv?year=2021")
	if !strings.HasPrefix(csvText, "\ufeffagency_code,indicator,year,value\n") || !strings.Contains(csvText, "\n37,ontime_rate,2021,98\n") {
		t.Fatalf("download = %.200q", csvText)
	}
	if status, _ := upload(t, admin, ts.URL+"/admin/targets/upload", []byte(csvText)); status != http.StatusSeeOther {
		t.Fatalf("uploading the download back = %d", status)
	}
}

// TestPrintStylesheet: the overview links an A4 print stylesheet that
// hides the navigation and the controls.
func TestPrintStylesheet(t *testing.T) {
	ts, _, c := dashServer(t, "leader")
	_, page := getWith(t, c, ts.URL+"/?year=2021")
	i := strings.Index(page, `/static/print.css`)
	if i < 0 || !strings.Contains(page[i:i+80], `media="print"`) {
		t.Fatal("the overview does not link print.css for print")
	}
	status, css := getWith(t, c, ts.URL+"/static/print.css")
	if status != 200 || !strings.Contains(css, "size: A4") {
		t.Fatalf("print.css = %d", status)
	}
	hidden := false
	for _, rule := range strings.Split(css, "}") {
		sel, decl, ok := strings.Cut(rule, "{")
		if ok && strings.Contains(decl, "display: none") && strings.Contains(sel, "nav") && strings.Contains(sel, "form.period") {
			hidden = true
		}
	}
	if !hidden {
		t.Fatal("print.css does not hide the navigation and the period selector")
	}
}
