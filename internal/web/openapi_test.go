package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"parkpi/internal/web"
)

// specChecker checks real answers against the served OpenAPI document.
type specChecker struct {
	doc    *openapi3.T
	router routers.Router
}

// loadSpec fetches /api/v1/openapi.json from the server (the document as
// served, not as read from the source tree), validates it as OpenAPI 3.1
// and routes requests of the server's address with it.
func loadSpec(t *testing.T, ts *httptest.Server) *specChecker {
	t.Helper()
	resp, err := http.Get(ts.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() || doc.IsOpenAPI32OrLater() {
		t.Fatalf("openapi = %q, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the document is not valid OpenAPI: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: ts.URL}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &specChecker{doc: doc, router: router}
}

var specOptions = &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}

// exchange is one request and its answer.
type exchange struct {
	req          *http.Request
	reqBody      []byte
	checkRequest bool // the request itself must follow the document
	status       int
	header       http.Header
	body         []byte
}

// check validates one exchange: the request (when checkRequest) and the
// answer — its status must be documented for the route, its body must
// match that status's schema.
func (sc *specChecker) check(x exchange) error {
	r := x.req.Clone(context.Background())
	r.Body = io.NopCloser(bytes.NewReader(x.reqBody))
	route, params, err := sc.router.FindRoute(r)
	if err != nil {
		return err
	}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: specOptions}
	if x.checkRequest {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return err
		}
	}
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: x.status, Header: x.header, Body: io.NopCloser(bytes.NewReader(x.body)), Options: specOptions})
}

// specCase is one real request. Path and body may hold {v}: the current
// version of the quarter the cases write. as names the credential.
type specCase struct {
	name         string
	as           string // "", "officer" (read-write token), "reader" (read-only token), "admin" (session), "bad"
	method, path string
	body         string
	ctype        string
	status       int
	checkRequest bool // the request itself follows the document (bad requests do not)
}

const entryQ2 = "/api/v1/entries/14722/2022/q2"

var specCases = []specCase{
	{"the document", "", "GET", "/api/v1/openapi.json", "", "", 200, true},
	{"overview", "officer", "GET", "/api/v1/overview?year=2021", "", "", 200, true},
	{"overview of a quarter", "reader", "GET", "/api/v1/overview?year=2022&quarter=1&sort=ontime_rate&dir=asc", "", "", 200, true},
	{"overview bad year", "officer", "GET", "/api/v1/overview?year=abc", "", "", 422, false},
	{"overview anonymous", "", "GET", "/api/v1/overview", "", "", 401, true},
	{"overview bad token", "bad", "GET", "/api/v1/overview", "", "", 401, true},
	{"ranking", "reader", "GET", "/api/v1/ranking?year=2021&kind=commune&per_page=5&page=2", "", "", 200, true},
	{"ranking bad indicator", "reader", "GET", "/api/v1/ranking?year=2021&indicator=nope", "", "", 422, false},
	{"agency", "officer", "GET", "/api/v1/agencies/14722?year=2021", "", "", 200, true},
	{"agency of a district", "reader", "GET", "/api/v1/agencies/37?year=2021", "", "", 200, true},
	{"agency outside the scope", "officer", "GET", "/api/v1/agencies/37-S03?year=2021", "", "", 403, true},
	{"unknown agency", "admin", "GET", "/api/v1/agencies/NO-SUCH", "", "", 404, true},
	{"values", "officer", "GET", "/api/v1/agencies/14722/values?indicator=ontime_rate&year=2021", "", "", 200, true},
	{"values of a quarter", "reader", "GET", "/api/v1/agencies/377/values?indicator=hours_cut&year=2021&quarter=2", "", "", 200, true},
	{"values bad indicator", "officer", "GET", "/api/v1/agencies/14722/values?indicator=nope&year=2021", "", "", 422, false},
	{"unknown agency's values", "admin", "GET", "/api/v1/agencies/NO-SUCH/values?indicator=hours_cut", "", "", 404, true},
	{"entry", "officer", "GET", entryQ2, "", "", 200, true},
	{"entry by field", "officer", "GET", "/api/v1/entries/14722/2022/q1?breakdown=1", "", "", 200, true},
	{"entry of no quarter", "officer", "GET", "/api/v1/entries/14722/2022/q9", "", "", 404, true},
	{"entry outside the scope", "officer", "GET", "/api/v1/entries/37-S03/2022/q2", "", "", 403, true},
	{"write", "officer", "PUT", entryQ2, `{"version": {v}, "values": {"vc_endpoints": 2, "staff_total": null}}`, "", 200, true},
	{"write a broken identity", "officer", "PUT", entryQ2, `{"version": {v}, "values": {"dos_received": 9, "dos_online": 1, "dos_direct": 1, "dos_carried": 1}}`, "", 422, true},
	{"write a field not on the agency's form", "officer", "PUT", entryQ2, `{"version": {v}, "values": {"hours_cut": 1}}`, "", 422, true},
	{"write a stale version", "officer", "PUT", entryQ2, `{"version": 0, "values": {"vc_endpoints": 1}}`, "", 409, true},
	{"write without a version", "officer", "PUT", entryQ2, `{"values": {"vc_endpoints": 1}}`, "", 422, false},
	{"write text for a number", "officer", "PUT", entryQ2, `{"version": {v}, "values": {"vc_endpoints": "1.344"}}`, "", 422, false},
	{"write with a read-only token", "reader", "PUT", entryQ2, `{"version": {v}, "values": {"vc_endpoints": 1}}`, "", 403, true},
	{"write an unknown agency", "admin", "PUT", "/api/v1/entries/NO-SUCH/2022/q2", `{"version": 0, "values": {"hours_cut": 1}}`, "", 404, true},
	{"submit incomplete", "officer", "POST", entryQ2 + "/submit", `{"version": {v}, "comment": ""}`, "", 200, true},
	{"submit again", "officer", "POST", entryQ2 + "/submit", `{"version": {v}}`, "", 409, true},
	{"write a submitted quarter", "officer", "PUT", entryQ2, `{"version": {v}, "values": {"vc_endpoints": 1}}`, "", 409, true},
	{"submit with a read-only token", "reader", "POST", entryQ2 + "/submit", `{"version": 1}`, "", 403, true},
	{"submit a stale version", "officer", "POST", "/api/v1/entries/14722/2022/q3/submit", `{"version": 99}`, "", 409, true},
	{"submit a quarter not started", "officer", "POST", "/api/v1/entries/14722/2022/q3/submit", `{"version": 0}`, "", 409, true},
	{"write half a balance", "officer", "PUT", "/api/v1/entries/14722/2023/q1", `{"version": 0, "values": {"dos_received": 3}}`, "", 200, true},
	{"submit half a balance", "officer", "POST", "/api/v1/entries/14722/2023/q1/submit", `{"version": 1}`, "", 422, true},
	{"submit an unknown agency", "admin", "POST", "/api/v1/entries/NO-SUCH/2022/q2/submit", `{"version": 0}`, "", 404, true},
	{"import dry run", "officer", "POST", "/api/v1/import?dryRun=true", `{"dataValues": [{"agency": "14722", "year": 2022, "period": "q3", "indicator": "vc_endpoints", "value": 5}]}`, "", 200, true},
	{"import", "officer", "POST", "/api/v1/import", `{"dataValues": [{"agency": "14722", "year": 2022, "period": "q3", "indicator": "vc_endpoints", "value": 5}]}`, "", 200, true},
	{"import with errors", "officer", "POST", "/api/v1/import", `{"dataValues": [{"agency": "37-S03", "year": 2022, "period": "q3", "indicator": "hours_cut", "value": 5}, {"agency": "14722", "year": 2022, "period": "q3", "indicator": "nope", "value": 1}]}`, "", 422, true},
	{"import an unreadable body", "officer", "POST", "/api/v1/import", `{"dataValues": "all"}`, "", 422, false},
	{"import CSV", "officer", "POST", "/api/v1/import?dryRun=true&atomic=false", "agency,year,period,indicator,value\n14722,2022,q3,staff_total,2\n", "text/csv", 200, false},
	{"import a bad flag", "officer", "POST", "/api/v1/import?dryRun=maybe", `{"dataValues": []}`, "", 422, false},
	{"import with a read-only token", "reader", "POST", "/api/v1/import", `{"dataValues": []}`, "", 403, true},
	{"write commentary", "officer", "PUT", commentary14722, `{"year": 2021, "indicator": "hours_cut", "kind": "explanation", "text": "Cắt giảm nhờ liên thông.", "version": 0}`, "", 200, true},
	{"write commentary again from a stale version", "officer", "PUT", commentary14722, `{"year": 2021, "indicator": "hours_cut", "kind": "explanation", "text": "Khác.", "version": 0}`, "", 409, true},
	{"write an assessment as an officer", "officer", "PUT", commentary14722, `{"year": 2021, "group": "tthc", "kind": "assessment", "text": "Tốt.", "version": 0}`, "", 403, true},
	{"write empty commentary", "officer", "PUT", commentary14722, `{"year": 2021, "indicator": "hours_cut", "kind": "explanation", "text": " ", "version": 1}`, "", 422, true},
	{"write commentary with a read-only token", "reader", "PUT", "/api/v1/agencies/37/commentary", `{"year": 2021, "group": "tthc", "kind": "assessment", "text": "Tốt.", "version": 0}`, "", 403, true},
	{"commentary", "officer", "GET", commentary14722 + "?year=2021", "", "", 200, true},
	{"scores", "reader", "GET", "/api/v1/scores?year=2021&kind=commune", "", "", 200, true},
	{"scores of a quarter, every report", "officer", "GET", "/api/v1/scores?year=2022&quarter=2&state=all", "", "", 200, true},
	{"scores of a bad kind", "reader", "GET", "/api/v1/scores?kind=planet", "", "", 422, true},
	{"scores outside the scope", "officer", "GET", "/api/v1/scores?scope=37", "", "", 403, true},
	{"commentary of an unknown agency", "admin", "GET", "/api/v1/agencies/NO-SUCH/commentary", "", "", 404, true},
}

const commentary14722 = "/api/v1/agencies/14722/commentary"

// specFixture is a demo server with the credentials the cases use.
type specFixture struct {
	ts    *httptest.Server
	creds map[string]func(*http.Request)
}

func newSpecFixture(t *testing.T) *specFixture {
	t.Helper()
	ts := newServer(t)
	officer, leader, admin := loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "leader"), loginAs(t, ts, "admin")
	bearer := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	u, _ := url.Parse(ts.URL)
	var cookie string
	for _, ck := range admin.Jar.Cookies(u) {
		cookie = ck.Name + "=" + ck.Value
	}
	return &specFixture{ts: ts, creds: map[string]func(*http.Request){
		"":        func(*http.Request) {},
		"bad":     bearer("parkpi_not-a-token"),
		"officer": bearer(makeToken(t, ts.URL, officer, url.Values{"name": {"spec"}})),
		"reader":  bearer(makeToken(t, ts.URL, leader, url.Values{"name": {"spec"}, "read_only": {"1"}})),
		"admin":   func(r *http.Request) { r.Header.Set("Cookie", cookie) },
	}}
}

// run sends one case and returns the exchange.
func (f *specFixture) run(t *testing.T, c specCase, version int) exchange {
	t.Helper()
	body := []byte(strings.ReplaceAll(c.body, "{v}", strconv.Itoa(version)))
	req, _ := http.NewRequest(c.method, f.ts.URL+c.path, bytes.NewReader(body))
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
	}
	f.creds[c.as](req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return exchange{req: req, reqBody: body, checkRequest: c.checkRequest, status: resp.StatusCode, header: resp.Header, body: data}
}

// TestOpenAPIConformance sends every case, checks its status, and checks
// request and answer against the served document; it also checks that
// every /api/v1 route of the router is documented, and that every
// documented operation was exercised by a case.
func TestOpenAPIConformance(t *testing.T) {
	f := newSpecFixture(t)
	sc := loadSpec(t, f.ts)
	version := 0
	seen := map[string]bool{}
	for _, c := range specCases {
		x := f.run(t, c, version)
		if x.status != c.status {
			t.Errorf("%s: %s %s = %d, want %d: %.300s", c.name, c.method, c.path, x.status, c.status, x.body)
			continue
		}
		if err := sc.check(x); err != nil {
			t.Errorf("%s: %s %s (%d) does not match the document: %v", c.name, c.method, c.path, x.status, err)
		}
		if strings.HasPrefix(c.path, entryQ2) && x.status == http.StatusOK {
			var e struct{ Version int }
			_ = json.Unmarshal(x.body, &e)
			version = e.Version
		}
		route, _, _ := sc.router.FindRoute(x.req)
		seen[c.method+" "+route.Path] = true
	}
	s, err := web.New(demoDB(t), nil, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range sc.doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
			if !seen[method+" "+path] {
				t.Errorf("documented %s %s is exercised by no case", method, path)
			}
		}
	}
	for _, r := range web.RoutesOf(s) {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		if p := ginToOpenAPI(r.Path); !documented[r.Method+" "+p] {
			t.Errorf("route %s %s is not in the OpenAPI document", r.Method, p)
		}
	}
}

// ginToOpenAPI writes gin's /x/:id as OpenAPI's /x/{id}.
func ginToOpenAPI(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

// TestOpenAPIDetectsDrift: the same check fails once an answer leaves the
// document — a field added (as "state" and "coverage" were before the
// document named them), a required field gone, a type changed — at the top
// or deep inside.
func TestOpenAPIDetectsDrift(t *testing.T) {
	f := newSpecFixture(t)
	sc := loadSpec(t, f.ts)
	x := f.run(t, specCases[1], 0) // the overview
	if err := sc.check(x); err != nil {
		t.Fatalf("the real answer must pass first: %v", err)
	}
	drifts := map[string]func(m map[string]any){
		"a new top-level field": func(m map[string]any) { m["period_type"] = "quarter" },
		"a new field in a figure": func(m map[string]any) {
			m["headline"].([]any)[0].(map[string]any)["breakdown_by_field"] = map[string]any{"agencies": 174}
		},
		"a required field gone": func(m map[string]any) { delete(m, "headline") },
		"a type changed":        func(m map[string]any) { m["year"] = "2021" },
		"a nested type changed": func(m map[string]any) { m["ranking"].(map[string]any)["total"] = 1.5 },
	}
	for name, drift := range drifts {
		var m map[string]any
		if err := json.Unmarshal(x.body, &m); err != nil {
			t.Fatal(err)
		}
		drift(m)
		drifted := x
		drifted.body, _ = json.Marshal(m)
		if err := sc.check(drifted); err == nil {
			t.Errorf("%s: the drifted answer passed the check", name)
		}
	}
	teapot := x
	teapot.status = http.StatusTeapot
	if err := sc.check(teapot); err == nil {
		t.Error("an undocumented status passed the check")
	}
	bad := f.run(t, specCases[3], 0) // a 422
	var m map[string]any
	_ = json.Unmarshal(bad.body, &m)
	m["detail"] = "extra"
	bad.body, _ = json.Marshal(m)
	if err := sc.check(bad); err == nil {
		t.Error("an error body with an extra field passed the check")
	}
}
