package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// postForm sends a form and returns the status and body.
func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var tokenOnPage = regexp.MustCompile(`<code id="new-token">(parkpi_[A-Za-z0-9_-]+)</code>`)

// TestAccountTokens: a user makes a token on their account page (shown
// once), sees it listed without its secret, has bad fields answered beside
// them with the typed values kept, and revokes it; the token works with
// Bearer on /api/v1 only, and stops at once when revoked.
func TestAccountTokens(t *testing.T) {
	ts := newServer(t)
	officer := loginAs(t, ts, "officer.yenmo")
	status, body := postForm(t, officer, ts.URL+"/account/tokens", url.Values{"name": {"Một cửa"}, "days": {"30"}})
	m := tokenOnPage.FindStringSubmatch(body)
	if status != http.StatusCreated || m == nil || !strings.Contains(body, "chỉ hiện một lần") {
		t.Fatalf("create: %d, no token shown once:\n%.2000s", status, body)
	}
	secret := m[1]
	if _, again := getWith(t, officer, ts.URL+"/account"); strings.Contains(again, secret) || !strings.Contains(again, "Một cửa") ||
		!strings.Contains(again, "…"+secret[len(secret)-4:]) {
		t.Fatal("the account page must list the token by name and hint, never show its secret again")
	}

	status, body = postForm(t, officer, ts.URL+"/account/tokens", url.Values{"name": {"ngoài phạm vi"}, "scope": {"37-S03"}, "days": {"30"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Phạm vi của khóa phải là cơ quan 377") ||
		!strings.Contains(body, `value="ngoài phạm vi"`) || tokenOnPage.MatchString(body) {
		t.Fatalf("out-of-scope token: %d\n%.2000s", status, body)
	}
	status, body = postForm(t, officer, ts.URL+"/account/tokens", url.Values{"name": {"x"}, "days": {"ba mươi"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Nhập số ngày bằng chữ số") {
		t.Fatalf("bad days: %d", status)
	}

	bearer := func(path, token string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", token)
		}
		resp, err := newClient(t).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := bearer("/api/v1/agencies/377?year=2021", "Bearer "+secret); r.StatusCode != http.StatusOK {
		t.Fatalf("token read: %d", r.StatusCode)
	}
	if r := bearer("/api/v1/agencies/37?year=2021", "Bearer "+secret); r.StatusCode != http.StatusForbidden {
		t.Fatalf("token read above the user's scope: %d, want 403", r.StatusCode)
	}
	if r := bearer("/", "Bearer "+secret); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a token on a page: %d, want the login redirect (tokens are for /api/v1 only)", r.StatusCode)
	}
	for _, h := range []string{"", "Bearer parkpi_wrong", "Basic b2ZmaWNlcjpwdw=="} {
		if r := bearer("/api/v1/overview", h); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("Authorization %q: %d, want 401", h, r.StatusCode)
		} else if h != "" && !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("Authorization %q: no WWW-Authenticate", h)
		}
	}

	_, list := getWith(t, officer, ts.URL+"/account")
	id := regexp.MustCompile(`/account/tokens/(\d+)/revoke`).FindStringSubmatch(list)
	if id == nil {
		t.Fatal("no revoke button")
	}
	leader := loginAs(t, ts, "leader")
	if status, _ := postForm(t, leader, ts.URL+"/account/tokens/"+id[1]+"/revoke", nil); status != http.StatusNotFound {
		t.Fatalf("another user revoking: %d, want 404", status)
	}
	if status, _ := postForm(t, officer, ts.URL+"/account/tokens/"+id[1]+"/revoke", nil); status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", status)
	}
	if r := bearer("/api/v1/agencies/377?year=2021", "Bearer "+secret); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d, want 401", r.StatusCode)
	}
}

// TestAccountContact: the reminder address is checked and kept as typed
// when wrong; the opt-out is saved.
func TestAccountContact(t *testing.T) {
	ts := newServer(t)
	officer := loginAs(t, ts, "officer.yenhoa")
	status, body := postForm(t, officer, ts.URL+"/account/contact", url.Values{"email": {"not an address"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "không hợp lệ") || !strings.Contains(body, `value="not an address"`) {
		t.Fatalf("bad email: %d\n%.1500s", status, body)
	}
	if status, _ := postForm(t, officer, ts.URL+"/account/contact", url.Values{"email": {"yenhoa@ninhbinh.gov.vn"}, "reminders_off": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	_, body = getWith(t, officer, ts.URL+"/account?done=contact")
	if !strings.Contains(body, `value="yenhoa@ninhbinh.gov.vn"`) || !strings.Contains(body, `value="1" checked`) || !strings.Contains(body, "Đã lưu") {
		t.Fatalf("saved contact not shown:\n%.2000s", body)
	}
}
