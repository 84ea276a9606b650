package web_test

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"parkpi/internal/store/storetest"
	"strings"
	"testing"
)

// newTestServer serves the demo; get's requests to it are logged in as the
// demo leader (see helpers_test.go).
func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	return newLoggedInServer(t, "leader")
}

func get(t *testing.T, url string, cookies ...*http.Cookie) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := clientFor(url).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	// Compare with what a reader sees: html/template writes "+" as &#43;.
	return resp.StatusCode, html.UnescapeString(string(b))
}

// TestOverview2021 finds every figure Ninh Bình published for 2021 in the
// rendered page, in Vietnamese number format.
func TestOverview2021(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ts := newLoggedInServerFor(t, engine, "leader")
		status, body := get(t, ts.URL+"/?year=2021")
		if status != 200 {
			t.Fatalf("GET /?year=2021 = %d", status)
		}
		for _, want := range []string{"1.344", "2.590", "3.141", "+2.381", "2.039", "313", "1.209", "+398",
			"99,8%", "100%", "96,57%", "19", "162", "Kết quả cải cách hành chính năm 2021"} {
			if !strings.Contains(body, want) {
				t.Errorf("the 2021 overview lacks %q", want)
			}
		}
	})
}

func TestOverviewEnglishNumbers(t *testing.T) {
	ts := newTestServer(t)
	_, body := get(t, ts.URL+"/?year=2021", &http.Cookie{Name: "lang", Value: "en"})
	for _, want := range []string{"1,344", "99.8%", "96.57%", "+2,381", "Administrative reform results, 2021"} {
		if !strings.Contains(body, want) {
			t.Errorf("the English overview lacks %q", want)
		}
	}
}

func TestOverviewBadYear(t *testing.T) {
	ts := newTestServer(t)
	status, body := get(t, ts.URL+"/?year=abc")
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "không hợp lệ") {
		t.Fatalf("GET /?year=abc = %d, body lacks the Vietnamese message", status)
	}
}

func TestHealthAndHeaders(t *testing.T) {
	ts := newTestServer(t)
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz = %d", resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("CSP = %q", csp)
	}
	if status, _ := get(t, ts.URL+"/no/such/page"); status != 404 {
		t.Fatalf("unknown page = %d, want 404", status)
	}
}
