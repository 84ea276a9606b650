package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/config"
	"parkpi/internal/store/storetest"
)

// startTogether starts n `parkpi serve` on target at the same moment, each
// with its own store, pools and listening connection (as separate processes
// would have), and waits until each answers.
func startTogether(t *testing.T, target string, n int) []*instance {
	t.Helper()
	out := make([]*instance, n)
	done := make([]chan error, n)
	for i := range out {
		cfg := config.Default()
		cfg.DB, cfg.Addr = target, freeAddr(t)
		cfg.Reminders.Every = 0
		ctx, cancel := context.WithCancel(context.Background())
		done[i] = make(chan error, 1)
		go func() { done[i] <- serve(ctx, &cfg) }()
		out[i] = &instance{base: "http://" + cfg.Addr, stop: func() error { cancel(); return <-done[i] }}
		t.Cleanup(func() { cancel() })
	}
	for i, in := range out {
		for tries := 0; ; tries++ {
			select {
			case err := <-done[i]:
				t.Fatalf("instance %d stopped at start: %v", i, err)
			default:
			}
			if resp, err := http.Get(in.base + "/healthz"); err == nil {
				resp.Body.Close()
				break
			}
			if tries > 6000 { // two minutes: a guard against a hang, not a speed test
				t.Fatalf("instance %d did not start", i)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return out
}

// headline is an overview's headline figure, from its JSON.
func headline(t *testing.T, c *http.Client, base, query, code string) float64 {
	t.Helper()
	v, _ := headlineAsOf(t, c, base, query, code)
	return v
}

// headlineAsOf is headline with when the overview's totals were read.
func headlineAsOf(t *testing.T, c *http.Client, base, query, code string) (float64, time.Time) {
	t.Helper()
	st, body := fetch(t, c, "GET", base+"/api/v1/overview?"+query, "", nil)
	var v struct {
		Headline []struct {
			Code  string  `json:"code"`
			Value float64 `json:"value"`
		} `json:"headline"`
		AsOf time.Time `json:"totals_as_of"`
	}
	if st != http.StatusOK || json.Unmarshal([]byte(body), &v) != nil {
		t.Fatalf("overview %s on %s = %d: %.300s", query, base, st, body)
	}
	for _, f := range v.Headline {
		if f.Code == code {
			return f.Value, v.AsOf
		}
	}
	t.Fatalf("the overview %s has no %s", query, code)
	return 0, time.Time{}
}

// putEntry saves one value of Yên Hòa's 2022 Q3 through the API, with the
// version the API reports, and returns the quarter's values as the API
// answers them.
func putEntry(t *testing.T, c *http.Client, base string, hours float64) map[string]float64 {
	t.Helper()
	u := base + "/api/v1/entries/14722/2022/q3"
	var q struct {
		Version int                `json:"version"`
		Values  map[string]float64 `json:"values"`
	}
	if st, body := fetch(t, c, "GET", u, "", nil); st != http.StatusOK || json.Unmarshal([]byte(body), &q) != nil {
		t.Fatalf("GET %s = %d: %s", u, st, body)
	}
	req := fmt.Sprintf(`{"version": %d, "values": {"vc_endpoints": %v}}`, q.Version, hours)
	st, body := fetch(t, c, "PUT", u, "application/json", strings.NewReader(req))
	if st != http.StatusOK || json.Unmarshal([]byte(body), &q) != nil {
		t.Fatalf("PUT %s = %d: %s", u, st, body)
	}
	return q.Values
}

// TestTwoInstancesOnPostgres is point 3 of the engines' design: two `parkpi
// serve` started at once on one new PostgreSQL database behave as one
// application. One of them loads the demo (the other finds it loaded), the
// 2021 overview shows Ninh Bình's published figures on both, a session
// made on one works on the other and ends on both, a value saved through
// either is on the other's (cached) overview within the 1 s its totals
// may lag, which its answer states (and at once on the saving agency's own
// quarter),
// failed logins through both count together, an upload previewed on one is
// confirmed on the other, and an export job started on one answers its
// status and its file on the other.
func TestTwoInstancesOnPostgres(t *testing.T) {
	pg := storetest.PostgresURL(t)
	ins := startTogether(t, pg, 2)
	a, b := ins[0].base, ins[1].base
	leader := loggedIn(t, a, "leader")
	shareCookies(t, leader, a, b)
	for _, base := range []string{a, b} {
		st, page := fetch(t, leader, "GET", base+"/?year=2021", "", nil)
		page = html.UnescapeString(page) // as a reader sees it: the template writes "+" as &#43;
		for _, want := range []string{"1.344", "2.590", "3.141", "+2.381", "2.039", "313", "1.209", "+398", "99,8%", "100%", "96,57%", "162",
			"Số liệu tổng hợp lúc"} {
			if st != http.StatusOK || !strings.Contains(page, want) {
				t.Errorf("the 2021 overview on %s (%d) lacks %q", base, st, want)
			}
		}
	}
	sawSavesAtOnce(t, leader, a, b)
	failedLoginsCountTogether(t, a, b)
	uploadPreviewedHereConfirmedThere(t, a, b)
	jobStartedHereAnswersThere(t, leader, a, b)
	if st, _ := fetch(t, leader, "POST", b+"/logout", "application/x-www-form-urlencoded", nil); st != http.StatusSeeOther {
		t.Fatalf("logout on the second instance = %d", st)
	}
	if st, _ := fetch(t, leader, "GET", a+"/api/v1/overview?year=2021", "", nil); st != http.StatusUnauthorized {
		t.Fatalf("the session ended on one instance still works on the other: %d", st)
	}
	for i, in := range ins {
		if err := in.stop(); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
	}
}

// sawSavesAtOnce saves through one instance and reads the province's
// overview (kept in the other's cache since the last read) through the
// other, both ways, several times: it shows the save within the lag its
// totals may have, and until then says they were read before the save; the
// saving agency's own quarter is exact on both at once.
func sawSavesAtOnce(t *testing.T, leader *http.Client, a, b string) {
	t.Helper()
	officer := loggedIn(t, a, "officer.yenhoa")
	shareCookies(t, officer, a, b)
	const query = "year=2022&quarter=3"
	base := headline(t, leader, b, query, "vc_endpoints")
	for i, via := range []string{a, b, a, b, a, b} {
		other := map[string]string{a: b, b: a}[via]
		headline(t, leader, other, query, "vc_endpoints") // the other's cache holds the answer before the save
		hours := float64(10 * (i + 1))
		if vals := putEntry(t, officer, via, hours); vals["vc_endpoints"] != hours {
			t.Fatalf("save %d through %s answered %v", i, via, vals)
		}
		saved := time.Now()
		for { // the totals may lag by the PostgreSQL default of 1 s, and say so
			got, asOf := headlineAsOf(t, leader, other, query, "vc_endpoints")
			if got == base+hours {
				break
			}
			if !asOf.Before(saved) || time.Since(saved) > 1500*time.Millisecond {
				t.Fatalf("save %d of %v through %s: the other instance's overview says %v (totals as of %v, saved at %v), want %v within 1 s",
					i, hours, via, got, asOf, saved, base+hours)
			}
			time.Sleep(20 * time.Millisecond)
		}
		var q struct {
			Values map[string]float64 `json:"values"`
		}
		_, body := fetch(t, officer, "GET", other+"/api/v1/entries/14722/2022/q3", "", nil)
		if json.Unmarshal([]byte(body), &q) != nil || q.Values["vc_endpoints"] != hours {
			t.Fatalf("save %d: the agency's own quarter on the other instance is %s", i, body)
		}
	}
}

// failedLoginsCountTogether: five wrong passwords, tried through both
// instances, lock the account on both.
func failedLoginsCountTogether(t *testing.T, a, b string) {
	t.Helper()
	c := browser(t)
	for i := 0; i < 5; i++ {
		if st := login(t, c, []string{a, b}[i%2], "staff", "wrong-password"); st == http.StatusSeeOther {
			t.Fatalf("a wrong password logged in (attempt %d)", i)
		}
	}
	for _, base := range []string{a, b} {
		if st := login(t, c, base, "staff", "parkpi-demo"); st == http.StatusSeeOther {
			t.Fatalf("after five failures through both instances, the right password logs in on %s", base)
		}
	}
}

var confirmAction = regexp.MustCompile(`action="(/upload/[0-9a-f]+/confirm)"`)

// uploadPreviewedHereConfirmedThere uploads a filled template on one
// instance and confirms its preview on the other.
func uploadPreviewedHereConfirmedThere(t *testing.T, a, b string) {
	t.Helper()
	officer := loggedIn(t, a, "officer.yenhoa")
	shareCookies(t, officer, a, b)
	st, tpl := fetch(t, officer, "GET", a+"/entry/14722/2022/q2/template.xlsx", "", nil)
	if st != http.StatusOK {
		t.Fatalf("template = %d", st)
	}
	f, err := excelize.OpenReader(strings.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Số liệu")
	for i, r := range rows {
		if len(r) > 2 && r[0] == "14722" && r[2] == "vc_endpoints" {
			_ = f.SetCellValue("Số liệu", fmt.Sprintf("F%d", i+1), 7)
		}
	}
	filled, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "mau.xlsx")
	_, _ = fw.Write(filled.Bytes())
	mw.Close()
	st, page := fetch(t, officer, "POST", a+"/upload", mw.FormDataContentType(), &body)
	m := confirmAction.FindStringSubmatch(page)
	if st != http.StatusOK || m == nil {
		t.Fatalf("upload on the first instance = %d: %.300s", st, page)
	}
	if st, page := fetch(t, officer, "POST", b+m[1], "application/x-www-form-urlencoded", nil); st != http.StatusOK || !strings.Contains(page, "Đã lưu 1 giá trị") {
		t.Fatalf("confirm on the second instance = %d: %.300s", st, page)
	}
}

// jobStartedHereAnswersThere starts an export job on one instance and
// follows it, and downloads its file, on the other.
func jobStartedHereAnswersThere(t *testing.T, leader *http.Client, a, b string) {
	t.Helper()
	resp, err := leader.Post(a+"/export/summary.xlsx?year=2021&job=1", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/jobs/") {
		t.Fatalf("the job's start = %d %q", resp.StatusCode, loc)
	}
	for state := ""; state != "done"; {
		_, body := fetch(t, leader, "GET", b+loc+"/status", "", nil)
		var s struct{ State, Message string }
		if err := json.Unmarshal([]byte(body), &s); err != nil || s.State == "failed" {
			t.Fatalf("the job's status on the other instance: %s", body)
		}
		state = s.State
		time.Sleep(20 * time.Millisecond)
	}
	st, file := fetch(t, leader, "GET", b+loc+"/download", "", nil)
	if st != http.StatusOK {
		t.Fatalf("the job's file on the other instance = %d", st)
	}
	x, err := excelize.OpenReader(strings.NewReader(file))
	if err != nil {
		t.Fatalf("the job's file is no workbook: %v", err)
	}
	x.Close()
}
