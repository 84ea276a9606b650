package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// apiClient calls the JSON API with a bearer token.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

// do sends method path with body (JSON when not a string) and decodes the
// answer into out; it returns the status.
func (a apiClient) do(method, path string, body any, out any) int {
	a.t.Helper()
	var r io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		r, ctype = strings.NewReader(b), "text/csv"
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, a.base+path, r)
	if r != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			a.t.Fatalf("%s %s: %d %v in %.300s", method, path, resp.StatusCode, err, data)
		}
	}
	return resp.StatusCode
}

// makeToken creates a token on the account page of c's user.
func makeToken(t *testing.T, base string, c *http.Client, form url.Values) string {
	t.Helper()
	status, body := postForm(t, c, base+"/account/tokens", form)
	m := tokenOnPage.FindStringSubmatch(body)
	if status != http.StatusCreated || m == nil {
		t.Fatalf("make token: %d", status)
	}
	return m[1]
}

type entryJSON struct {
	State    string             `json:"state"`
	Version  int                `json:"version"`
	Values   map[string]float64 `json:"values"`
	Warnings []any              `json:"warnings"`
}

type apiError struct {
	Error     string `json:"error"`
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
	RequestID string `json:"request_id"`
	Fields    []struct {
		Field     string `json:"field"`
		MessageVI string `json:"message_vi"`
		MessageEN string `json:"message_en"`
	} `json:"fields"`
}

func headlineValue(t *testing.T, a apiClient, code string) (float64, string) {
	t.Helper()
	var v overviewJSON
	if st := a.do("GET", "/api/v1/overview?year=2022&quarter=2", nil, &v); st != http.StatusOK {
		t.Fatalf("overview: %d", st)
	}
	return headlineOf(t, v, code)
}

// headlineOf is one headline figure of an overview's JSON.
func headlineOf(t *testing.T, v overviewJSON, code string) (float64, string) {
	t.Helper()
	for _, f := range v.Headline {
		if f.Code == code {
			return f.Value, f.Display
		}
	}
	t.Fatalf("no headline %s", code)
	return 0, ""
}

// TestAPITokenWriteFlow: a token made on the account page reads the
// overview and writes a quarter; a broken identity answers 422 with the
// message on its field and writes nothing, a stale version 409; the write
// shows on the leaders' dashboard, is audited under the token, and a
// revoked token gets 401.
func TestAPITokenWriteFlow(t *testing.T) {
	ts := newServer(t)
	officer := loginAs(t, ts, "officer.yenhoa")
	api := apiClient{t: t, base: ts.URL, token: makeToken(t, ts.URL, officer, url.Values{"name": {"Một cửa"}, "days": {"7"}})}
	leaderSession := loginAs(t, ts, "leader")
	leaderAPI := apiClient{t: t, base: ts.URL, token: makeToken(t, ts.URL, leaderSession, url.Values{"name": {"đọc"}, "read_only": {"1"}})}
	before, _ := headlineValue(t, leaderAPI, "svc_total") // the province: the leader's scope
	if mine, _ := headlineValue(t, api, "svc_total"); mine != 0 {
		t.Fatalf("the officer's token reads Yên Hòa's overview: services on the portal %v, want none yet", mine)
	}

	const path = "/api/v1/entries/14722/2022/q2"
	var e entryJSON
	if st := api.do("GET", path, nil, &e); st != http.StatusOK || e.State != "" {
		t.Fatalf("read entry: %d %+v", st, e)
	}
	v0 := e.Version
	var bad apiError
	broken := map[string]any{"version": v0, "values": map[string]any{"dos_received": 10, "dos_online": 1, "dos_direct": 1, "dos_carried": 1}}
	if st := api.do("PUT", path, broken, &bad); st != http.StatusUnprocessableEntity || bad.Error != "invalid" || len(bad.Fields) != 1 ||
		bad.Fields[0].Field != "dos_received" || !strings.Contains(bad.Fields[0].MessageVI, "phải bằng") || !strings.Contains(bad.Fields[0].MessageEN, "must equal") {
		t.Fatalf("broken identity: %d %+v", st, bad)
	}
	var stale apiError
	if st := api.do("PUT", path, map[string]any{"version": v0 + 1, "values": map[string]any{"svc_total": 40}}, &stale); st != http.StatusConflict || stale.Error != "conflict" {
		t.Fatalf("stale version: %d %+v", st, stale)
	}
	if api.do("GET", path, nil, &e); e.Version != v0 || len(e.Values) != 0 {
		t.Fatalf("a refused write changed the quarter: %+v", e)
	}
	good := map[string]any{"version": v0, "values": map[string]any{"svc_total": 40, "dos_received": 3, "dos_online": 1, "dos_direct": 1, "dos_carried": 1}}
	if st := api.do("PUT", path, good, &e); st != http.StatusOK || e.Version != v0+1 || e.Values["svc_total"] != 40 || e.State != "draft" {
		t.Fatalf("write: %d %+v", st, e)
	}
	after, display := headlineValue(t, leaderAPI, "svc_total")
	if !near(after, before+40) {
		t.Fatalf("leader's overview: services on the portal %v -> %v, want +40", before, after)
	}
	if _, page := getWith(t, leaderSession, ts.URL+"/?year=2022&quarter=2"); !strings.Contains(page, display) {
		t.Fatalf("the dashboard page does not show %s", display)
	}

	var sub apiError
	if st := api.do("POST", path+"/submit", map[string]any{"version": e.Version}, &sub); st != http.StatusUnprocessableEntity || len(sub.Fields) == 0 {
		t.Fatalf("submitting a half-filled dossier balance: %d %+v, want 422 by field", st, sub)
	}
	if _, audit := getWith(t, leaderSession, ts.URL+"/audit?agency=14722"); !strings.Contains(audit, "API (khóa số ") {
		t.Fatal("the audit trail does not name the token that wrote")
	}

	_, list := getWith(t, officer, ts.URL+"/account")
	id := regexp.MustCompile(`/account/tokens/(\d+)/revoke`).FindStringSubmatch(list)
	if status, _ := postForm(t, officer, ts.URL+"/account/tokens/"+id[1]+"/revoke", nil); status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", status)
	}
	var gone apiError
	if st := api.do("GET", "/api/v1/overview", nil, &gone); st != http.StatusUnauthorized || gone.Error != "unauthorized" || gone.MessageVI == "" {
		t.Fatalf("revoked token: %d %+v", st, gone)
	}
}
