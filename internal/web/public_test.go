package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/seed"
)

// publicPage GETs /public without a login.
func publicPage(t *testing.T, base, query string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(base + "/public" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// TestPublicScoreboard: /public is 404 until an administrator opens it,
// then answers without a login with approved figures only: a draft's
// number, a user's name and a private comment never appear on it, a
// public comment does (escaped), without its author.
func TestPublicScoreboard(t *testing.T) {
	ts := newServer(t)
	if status, _, _ := publicPage(t, ts.URL, ""); status != http.StatusNotFound {
		t.Fatalf("closed: %d, want 404", status)
	}
	leader, admin := loginAs(t, ts, "leader"), loginAs(t, ts, "admin")
	if status, _ := postForm(t, leader, ts.URL+"/admin/public", url.Values{"on": {"1"}}); status != http.StatusForbidden {
		t.Fatalf("a leader opening it: %d, want 403", status)
	}
	if status, _ := postForm(t, admin, ts.URL+"/admin/public", url.Values{"on": {"maybe"}}); status != http.StatusUnprocessableEntity {
		t.Fatalf("a bad switch: %d, want 422", status)
	}
	// A draft of Yên Hòa for 2022 Q2 with a number seen nowhere else (in a
	// headline figure on the commune's own form), a private and a public
	// assessment of the province.
	officer := loginAs(t, ts, "officer.yenhoa")
	api := apiClient{t: t, base: ts.URL, token: makeToken(t, ts.URL, officer, url.Values{"name": {"draft"}})}
	var e entryJSON
	api.do("GET", "/api/v1/entries/14722/2022/q2", nil, &e)
	if st := api.do("PUT", "/api/v1/entries/14722/2022/q2", map[string]any{"version": e.Version, "values": map[string]any{"svc_total": 77777}}, &e); st != http.StatusOK || e.State != "draft" {
		t.Fatalf("draft: %d %+v", st, e)
	}
	private := commentForm("assessment", "Nội bộ: chưa công bố.", "0")
	if status, _ := postForm(t, leader, ts.URL+"/agencies/37/commentary", private); status != http.StatusSeeOther {
		t.Fatalf("private comment: %d", status)
	}
	public := commentForm("assessment", "Công khai <b>kết quả</b> tốt.", "0", "public", "1")
	public.Set("year", "2022")
	if status, _ := postForm(t, leader, ts.URL+"/agencies/37/commentary", public); status != http.StatusSeeOther {
		t.Fatalf("public comment: %d", status)
	}
	if status, _ := postForm(t, admin, ts.URL+"/admin/public", url.Values{"on": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("opening it: %d", status)
	}
	status, h, body := publicPage(t, ts.URL, "?year=2021")
	if status != http.StatusOK || h.Get("Cache-Control") != "public, max-age=60" {
		t.Fatalf("open: %d %v", status, h)
	}
	for _, want := range []string{"1.344", "3.141", "99,8%", "96,57%", "Xếp hạng các cơ quan", "đã được duyệt", "Quyết định 766", "Tiến độ giải quyết", "UBND cấp xã"} {
		if !strings.Contains(body, want) {
			t.Errorf("2021 lacks %q", want)
		}
	}
	if strings.Contains(body, "Nội bộ: chưa công bố.") {
		t.Error("a private comment is on the public page")
	}
	_, _, y2022 := publicPage(t, ts.URL, "?year=2022")
	all, _ := headlineValue(t, apiClient{t: t, base: ts.URL, token: makeToken(t, ts.URL, leader, url.Values{"name": {"r"}})}, "svc_total")
	if all < 77777 || strings.Contains(y2022, "77.777") || strings.Contains(y2022, "77777") {
		t.Errorf("the draft (%v with drafts) shows on the public page", all)
	}
	if !strings.Contains(y2022, "Công khai &lt;b&gt;kết quả&lt;/b&gt; tốt.") {
		t.Error("the public comment is not on the page, escaped")
	}
	names := []string{"Quản trị hệ thống"} // the admin's
	for _, u := range seed.DemoUsers {
		names = append(names, u.FullName)
		if strings.Contains(u.Username, ".") { // "leader" and "staff" are also plain words
			names = append(names, u.Username)
		}
	}
	for _, name := range names {
		{
			if strings.Contains(body, name) || strings.Contains(y2022, name) {
				t.Errorf("the public page names the user %q", name)
			}
		}
	}
	// English, and the rate limit.
	en := newClient(t)
	_, _ = en.Get(ts.URL + "/lang/en?next=/public")
	if _, _, b := fetch(t, en, ts.URL+"/public?year=2021"); !strings.Contains(string(b), "Administrative reform results") {
		t.Error("no English page")
	}
	limited := false
	for range 40 {
		if st, h, _ := publicPage(t, ts.URL, "?year=2021"); st == http.StatusTooManyRequests && h.Get("Retry-After") != "" {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("40 requests at once from one address were never limited")
	}
	if status, _ := postForm(t, admin, ts.URL+"/admin/public", url.Values{"on": {"0"}}); status != http.StatusSeeOther {
		t.Fatalf("closing it: %d", status)
	}
	if status, _, _ := publicPage(t, ts.URL, ""); status != http.StatusNotFound && status != http.StatusTooManyRequests {
		t.Fatalf("closed again: %d, want 404", status)
	}
}
