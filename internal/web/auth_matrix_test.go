package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/auth"
	"parkpi/internal/store"
	"parkpi/internal/web"
)

// Expected outcomes in the matrix besides exact statuses.
const (
	allowed = 0  // passes the gate: anything but a login redirect, 401, 403 or 5xx
	login   = -1 // not logged in: 303 to /login for pages, 401 for the API
	denied  = http.StatusForbidden
)

// matrixUsers are the columns: anonymous ("") and one demo user per role.
var matrixUsers = []string{"", "admin", "leader", "staff", "officer.yenhoa"}

// want lists the outcome for anonymous, admin, leader, staff, officer.yenhoa.
func want(anon, admin, leader, staff, officer int) map[string]int {
	return map[string]int{"": anon, "admin": admin, "leader": leader, "staff": staff, "officer.yenhoa": officer}
}

// routeCase is one row of the matrix: a route pattern as gin registers it,
// a concrete request on it, and the outcome for each user.
type routeCase struct {
	method, pattern, url string
	form                 url.Values
	want                 map[string]int
	fresh                bool // log in anew for this request (it ends the session)
}

// matrix is the role × route table. EVERY registered route needs at least
// one row (the test fails otherwise); rows whose route does not exist yet
// are skipped, so a row can be written before its route. To add a route:
// add a row with its pattern and a URL on it; for an agency-scoped route add
// a second row on an agency outside officer.yenhoa's commune (14722), e.g.
// 37-S03, expecting denied for the officer. URLs may use {disabled}, the id
// of the demo user disabled.user.
var matrix = []routeCase{
	{"GET", "/static/*file", "/static/app.css", nil, want(200, 200, 200, 200, 200), false},
	{"GET", "/healthz", "/healthz", nil, want(200, 200, 200, 200, 200), false},
	{"GET", "/lang/:lang", "/lang/vi?next=/", nil, want(303, 303, 303, 303, 303), false},
	{"GET", "/login", "/login", nil, want(200, 303, 303, 303, 303), false},
	{"POST", "/login", "/login", url.Values{"username": {"nobody.matrix"}, "password": {"wrong-password"}}, want(401, 401, 401, 401, 401), false},
	{"POST", "/logout", "/logout", nil, want(303, 303, 303, 303, 303), true},
	{"GET", "/", "/?year=2021", nil, want(login, 200, 200, 200, 200), false},
	// User management: admins only.
	{"GET", "/admin/users", "/admin/users", nil, want(login, 200, denied, denied, denied), false},
	{"GET", "/admin/users/new", "/admin/users/new", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/users", "/admin/users", url.Values{"username": {"matrix.user"}, "full_name": {"Ma Trận"}, "role": {"staff"},
		"agency": {"37"}, "password": {"matrix-password"}}, want(login, 303, denied, denied, denied), false},
	{"GET", "/admin/users/:id", "/admin/users/{disabled}", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/users/:id", "/admin/users/{disabled}", url.Values{"full_name": {"Đổi tên"}, "role": {"officer"}, "agency": {"14722"}},
		want(login, 303, denied, denied, denied), false},
	{"POST", "/admin/users/:id/disable", "/admin/users/{disabled}/disable", nil, want(login, 303, denied, denied, denied), false},
	{"POST", "/admin/users/:id/enable", "/admin/users/{disabled}/enable", nil, want(login, 303, denied, denied, denied), false},
	{"POST", "/admin/users/:id/password", "/admin/users/{disabled}/password", url.Values{"password": {"a-new-password"}},
		want(login, 303, denied, denied, denied), false},
	// The agency tree: admins only (the created agency is then renamed and moved).
	{"GET", "/admin/agencies", "/admin/agencies", nil, want(login, 200, denied, denied, denied), false},
	{"GET", "/admin/agencies/new", "/admin/agencies/new?parent=377", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/agencies", "/admin/agencies", url.Values{"code": {"37-MATRIX"}, "name": {"Ma trận"}, "kind": {"department"},
		"parent": {"37"}}, want(login, 303, denied, denied, denied), false},
	{"GET", "/admin/agencies/:code", "/admin/agencies/37-MATRIX", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/agencies/:code", "/admin/agencies/37-MATRIX", url.Values{"name": {"Ma trận 2"}, "kind": {"vertical"}},
		want(login, 303, denied, denied, denied), false},
	{"POST", "/admin/agencies/:code/move", "/admin/agencies/37-MATRIX/move", url.Values{"parent": {"37-S03"}},
		want(login, 303, denied, denied, denied), false},
	// The catalogue: admins only.
	{"GET", "/admin/catalogue", "/admin/catalogue", nil, want(login, 200, denied, denied, denied), false},
	{"GET", "/admin/catalogue/indicators/new", "/admin/catalogue/indicators/new", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/catalogue/indicators", "/admin/catalogue/indicators", url.Values{"code": {"matrix_ind"}}, want(login, allowed, denied, denied, denied), false},
	{"GET", "/admin/catalogue/indicators/:code", "/admin/catalogue/indicators/ontime_rate", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/catalogue/indicators/:code", "/admin/catalogue/indicators/ontime_rate", url.Values{}, want(login, allowed, denied, denied, denied), false},
	{"POST", "/admin/catalogue/indicators/:code/retire", "/admin/catalogue/indicators/ontime_rate/retire", url.Values{"retired_from": {"x"}},
		want(login, allowed, denied, denied, denied), false},
	{"GET", "/admin/catalogue/datasets/new", "/admin/catalogue/datasets/new", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/catalogue/datasets", "/admin/catalogue/datasets", url.Values{"code": {"matrix_set"}}, want(login, allowed, denied, denied, denied), false},
	{"GET", "/admin/catalogue/datasets/:code", "/admin/catalogue/datasets/commune", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/catalogue/datasets/:code", "/admin/catalogue/datasets/commune", url.Values{}, want(login, allowed, denied, denied, denied), false},
	{"POST", "/admin/catalogue/datasets/:code/retire", "/admin/catalogue/datasets/commune/retire", nil, want(login, allowed, denied, denied, denied), false},
	{"GET", "/admin/catalogue/rules/new", "/admin/catalogue/rules/new", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/catalogue/rules", "/admin/catalogue/rules", url.Values{"code": {"matrix_rule"}, "action": {"try"}}, want(login, allowed, denied, denied, denied), false},
	{"GET", "/admin/catalogue/rules/:code", "/admin/catalogue/rules/svc_online_bound", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/catalogue/rules/:code", "/admin/catalogue/rules/svc_online_bound", url.Values{}, want(login, allowed, denied, denied, denied), false},
	{"POST", "/admin/catalogue/rules/:code/retire", "/admin/catalogue/rules/svc_online_bound/retire", url.Values{"retired_from": {"x"}},
		want(login, allowed, denied, denied, denied), false},
	// Audit trail: admins and leaders (their subtree).
	{"GET", "/audit", "/audit", nil, want(login, 200, 200, denied, denied), false},
	{"GET", "/audit.csv", "/audit.csv", nil, want(login, 200, 200, denied, denied), false},
	// Dashboards.
	{"GET", "/agencies/:code", "/agencies/14722?year=2021", nil, want(login, allowed, allowed, allowed, allowed), false},
	{"GET", "/agencies/:code", "/agencies/37-S03?year=2021", nil, want(login, allowed, allowed, allowed, denied), false},
	{"GET", "/agencies/:code/values", "/agencies/14722/values?year=2021", nil, want(login, allowed, allowed, allowed, allowed), false},
	{"GET", "/agencies/:code/values", "/agencies/37-S03/values?year=2021", nil, want(login, allowed, allowed, allowed, denied), false},
	{"GET", "/admin/targets", "/admin/targets", nil, want(login, allowed, denied, denied, denied), false},
	{"POST", "/admin/targets", "/admin/targets", url.Values{}, want(login, allowed, denied, denied, denied), false},
	{"POST", "/admin/targets/upload", "/admin/targets/upload", url.Values{}, want(login, allowed, denied, denied, denied), false},
	{"GET", "/admin/targets.csv", "/admin/targets.csv", nil, want(login, allowed, denied, denied, denied), false},
	{"GET", "/api/v1/overview", "/api/v1/overview?year=2021", nil, want(login, allowed, allowed, allowed, allowed), false},
	{"GET", "/api/v1/ranking", "/api/v1/ranking?year=2021", nil, want(login, allowed, allowed, allowed, allowed), false},
	{"GET", "/ranking", "/ranking?year=2021&page=2", nil, want(login, 200, 200, 200, 200), false},
	{"GET", "/api/v1/agencies/:code", "/api/v1/agencies/14722?year=2021", nil, want(login, allowed, allowed, allowed, allowed), false},
	{"GET", "/api/v1/agencies/:code", "/api/v1/agencies/37-S03?year=2021", nil, want(login, allowed, allowed, allowed, denied), false},
	{"GET", "/api/v1/agencies/:code/values", "/api/v1/agencies/14722/values?year=2021", nil, want(login, allowed, allowed, allowed, allowed), false},
	{"GET", "/api/v1/agencies/:code/values", "/api/v1/agencies/37-S03/values?year=2021", nil, want(login, allowed, allowed, allowed, denied), false},
	// Entry and workflow: officers enter their own agency only.
	{"GET", "/entry", "/entry", nil, want(login, allowed, allowed, allowed, allowed), false},
	{"GET", "/cockpit", "/cockpit", nil, want(login, allowed, allowed, allowed, denied), false},
	{"GET", "/entry/:agency/:year/:quarter", "/entry/14722/2022/q2", nil, want(login, allowed, allowed, allowed, allowed), false},
	{"GET", "/entry/:agency/:year/:quarter", "/entry/37-S03/2022/q2", nil, want(login, allowed, allowed, allowed, denied), false},
	{"POST", "/entry/:agency/:year/:quarter", "/entry/37-S03/2022/q2", url.Values{"tthc_simplified": {"999"}}, want(login, allowed, denied, denied, denied), false},
	{"POST", "/entry/:agency/:year/:quarter", "/entry/14722/2022/q2", url.Values{}, want(login, allowed, denied, denied, allowed), false},
	{"POST", "/entry/:agency/:year/:quarter/check", "/entry/14722/2022/q2/check", url.Values{"svc_total": {"2"}}, want(login, 200, denied, denied, 200), false},
	{"POST", "/entry/:agency/:year/:quarter/check", "/entry/37-S03/2022/q2/check", url.Values{"svc_total": {"2"}}, want(login, 200, denied, denied, denied), false},
	{"POST", "/entry/:agency/:year/:quarter/approve", "/entry/37-S03/2022/q1/approve", nil, want(login, allowed, allowed, denied, denied), false},
	{"POST", "/entry/:agency/:year/:quarter/return", "/entry/14722/2022/q1/return", url.Values{"reason": {"x"}}, want(login, allowed, allowed, denied, denied), false},
	{"POST", "/entry/:agency/:year/:quarter/reopen", "/entry/14722/2021/q4/reopen", nil, want(login, allowed, allowed, denied, denied), false},
	// Excel: exports by the export right on their scope; templates
	// and uploads by the upload right (officers, admins); jobs are their
	// owner's (an unknown id is 404 for everyone logged in).
	{"GET", "/export/agency/:code", "/export/agency/14722.xlsx?year=2021", nil, want(login, 200, 200, 200, 200), false},
	{"GET", "/export/agency/:code", "/export/agency/37-S03.xlsx?year=2021", nil, want(login, 200, 200, 200, denied), false},
	{"GET", "/export/summary.xlsx", "/export/summary.xlsx?year=2021", nil, want(login, 200, 200, 200, 200), false},
	{"GET", "/export/summary.xlsx", "/export/summary.xlsx?year=2021&scope=37", nil, want(login, 200, 200, 200, denied), false},
	{"GET", "/export/form06.xlsx", "/export/form06.xlsx?year=2021&quarter=4&scope=37", nil, want(login, 200, 200, 200, denied), false},
	{"GET", "/export/form06.xlsx", "/export/form06.xlsx?year=2021&scope=14722", nil, want(login, 200, 200, 200, 200), false},
	{"POST", "/export/summary.xlsx", "/export/summary.xlsx?year=2021&job=1", nil, want(login, 303, 303, 303, 303), false},
	{"POST", "/export/form06.xlsx", "/export/form06.xlsx?year=2021&job=1&scope=37-S03", nil, want(login, 303, 303, 303, denied), false},
	{"GET", "/entry/:agency/:year/:quarter/template.xlsx", "/entry/14722/2022/q2/template.xlsx", nil, want(login, 200, denied, 200, 200), false},
	{"GET", "/entry/:agency/:year/:quarter/template.xlsx", "/entry/37-S03/2022/q2/template.xlsx", nil, want(login, 200, denied, 200, denied), false},
	{"GET", "/upload", "/upload", nil, want(login, 200, denied, 200, 200), false},
	{"GET", "/upload/template", "/upload/template?agency=37-S03&year=2022&quarter=2", nil, want(login, 200, denied, 200, denied), false},
	{"POST", "/upload", "/upload", url.Values{}, want(login, allowed, denied, allowed, allowed), false},
	{"POST", "/upload/:id/confirm", "/upload/0123abcd/confirm", nil, want(login, 404, denied, 404, 404), false},
	{"POST", "/upload/:id/cancel", "/upload/0123abcd/cancel", nil, want(login, 303, denied, 303, 303), false},
	{"GET", "/jobs/:id", "/jobs/0123abcd", nil, want(login, 404, 404, 404, 404), false},
	{"GET", "/jobs/:id/status", "/jobs/0123abcd/status", nil, want(login, 404, 404, 404, 404), false},
	{"GET", "/jobs/:id/download", "/jobs/0123abcd/download", nil, want(login, 404, 404, 404, 404), false},
	// API writes: entering by the enter right on the agency, submitting by
	// the submit right, the bulk import by the upload right (each row's
	// agency checked again inside); the document is public.
	{"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", nil, want(200, 200, 200, 200, 200), false},
	{"GET", "/api/v1/entries/:agency/:year/:quarter", "/api/v1/entries/14722/2022/q2", nil, want(login, 200, 200, 200, 200), false},
	{"GET", "/api/v1/entries/:agency/:year/:quarter", "/api/v1/entries/37-S03/2022/q2", nil, want(login, 200, 200, 200, denied), false},
	{"PUT", "/api/v1/entries/:agency/:year/:quarter", "/api/v1/entries/14722/2022/q2", nil, want(login, allowed, denied, denied, allowed), false},
	{"PUT", "/api/v1/entries/:agency/:year/:quarter", "/api/v1/entries/37-S03/2022/q2", nil, want(login, allowed, denied, denied, denied), false},
	{"POST", "/api/v1/entries/:agency/:year/:quarter/submit", "/api/v1/entries/14722/2022/q2/submit", nil, want(login, allowed, denied, denied, allowed), false},
	{"POST", "/api/v1/entries/:agency/:year/:quarter/submit", "/api/v1/entries/37-S03/2022/q2/submit", nil, want(login, allowed, denied, denied, denied), false},
	{"POST", "/api/v1/import", "/api/v1/import", nil, want(login, allowed, denied, allowed, allowed), false},
	// The user's own account: every logged-in user, their own tokens only.
	{"GET", "/account", "/account", nil, want(login, 200, 200, 200, 200), false},
	{"POST", "/account/tokens", "/account/tokens", url.Values{"name": {"matrix"}, "days": {"1"}}, want(login, 201, 201, 201, 201), false},
	{"POST", "/account/tokens/:id/revoke", "/account/tokens/999999/revoke", nil, want(login, 404, 404, 404, 404), false},
	{"GET", "/notices", "/notices", nil, want(login, 200, 200, 200, 200), false},
	{"POST", "/account/contact", "/account/contact", url.Values{"email": {"matrix@example.gov.vn"}}, want(login, 303, 303, 303, 303), false},
	// Commentary: read with the view right; an explanation written with the
	// enter right, an assessment with the approve right, on the agency.
	{"GET", "/agencies/:code/commentary", "/agencies/14722/commentary?year=2021&indicator=hours_cut", nil, want(login, 200, 200, 200, 200), false},
	{"GET", "/agencies/:code/commentary", "/agencies/37-S03/commentary?year=2021&group=tthc", nil, want(login, 200, 200, 200, denied), false},
	{"POST", "/agencies/:code/commentary", "/agencies/14722/commentary", url.Values{"year": {"2021"}, "indicator": {"hours_cut"},
		"kind": {"explanation"}, "text": {"Ma trận"}, "version": {"0"}}, want(login, allowed, denied, denied, allowed), false},
	{"POST", "/agencies/:code/commentary", "/agencies/14722/commentary", url.Values{"year": {"2021"}, "group": {"tthc"},
		"kind": {"assessment"}, "text": {"Ma trận"}, "version": {"0"}}, want(login, allowed, allowed, denied, denied), false},
	{"POST", "/agencies/:code/commentary", "/agencies/37-S03/commentary", url.Values{"year": {"2021"}, "group": {"tthc"},
		"kind": {"explanation"}, "text": {"Ma trận"}, "version": {"0"}}, want(login, allowed, denied, denied, denied), false},
	{"GET", "/api/v1/agencies/:code/commentary", "/api/v1/agencies/14722/commentary?year=2021", nil, want(login, 200, 200, 200, 200), false},
	{"GET", "/api/v1/agencies/:code/commentary", "/api/v1/agencies/37-S03/commentary?year=2021", nil, want(login, 200, 200, 200, denied), false},
	{"PUT", "/api/v1/agencies/:code/commentary", "/api/v1/agencies/37-S03/commentary", nil, want(login, allowed, allowed, allowed, denied), false},
	// The Word report: the export right on its scope (the PDF row asks a
	// quarter that does not exist: it checks the gate, not LibreOffice).
	{"GET", "/export/report.docx", "/export/report.docx?year=2021&scope=14722", nil, want(login, 200, 200, 200, 200), false},
	{"GET", "/export/report.docx", "/export/report.docx?year=2021&scope=37-S03", nil, want(login, 200, 200, 200, denied), false},
	{"GET", "/export/report.pdf", "/export/report.pdf?year=2021&scope=37-S03&quarter=9", nil, want(login, 422, 422, 422, denied), false},
	// The Decision 766 scorecard: the view right, within the scope.
	{"GET", "/scores", "/scores?year=2021", nil, want(login, 200, 200, 200, 200), false},
	{"GET", "/scores", "/scores?year=2021&scope=37-S03", nil, want(login, 200, 200, 200, denied), false},
	{"GET", "/api/v1/scores", "/api/v1/scores?year=2021&scope=37-S03", nil, want(login, 200, 200, 200, denied), false},
	// The public scoreboard: no login, closed (404) until an admin opens it.
	{"GET", "/public", "/public", nil, want(404, 404, 404, 404, 404), false},
	{"GET", "/admin/public", "/admin/public", nil, want(login, 200, denied, denied, denied), false},
	{"POST", "/admin/public", "/admin/public", url.Values{"on": {"0"}}, want(login, 303, denied, denied, denied), false},
}

// fingerprint summarises everything a forbidden request must not change
// (its own access row in the audit trail aside: a refusal is recorded).
func fingerprint(t *testing.T, db *store.DB) string {
	t.Helper()
	var parts []string
	for _, q := range []string{"SELECT COUNT(*) FROM audit_log WHERE entity <> 'access'", "SELECT COUNT(*) FROM users",
		"SELECT COALESCE(SUM(version), 0) FROM kpi_values", "SELECT COUNT(*) FROM kpi_values",
		"SELECT COALESCE(SUM(version), 0) FROM submissions", "SELECT COUNT(*) FROM targets", "SELECT version FROM tree_version"} {
		var n int64
		if err := db.Reader().Get(&n, q); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, strconv.FormatInt(n, 10))
	}
	return strings.Join(parts, "/")
}

func TestRoleRouteMatrix(t *testing.T) {
	db := demoDB(t)
	s, ts := serveWith(t, db, nil)
	registered := map[string]bool{}
	for _, r := range web.RoutesOf(s) {
		registered[r.Method+" "+r.Path] = true
	}
	covered := map[string]bool{}
	for _, rc := range matrix {
		covered[rc.method+" "+rc.pattern] = true
	}
	for r := range registered {
		if !covered[r] {
			t.Errorf("route %s has no row in the role × route matrix: add one (see matrix)", r)
		}
	}
	disabled, err := auth.New(db).UserByName(context.Background(), "disabled.user")
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]*http.Client{"": newClient(t)}
	for _, u := range matrixUsers[1:] {
		clients[u] = loginAs(t, ts, u)
	}
	for _, rc := range matrix {
		if !registered[rc.method+" "+rc.pattern] {
			t.Logf("skipped: %s %s is not registered (yet)", rc.method, rc.pattern)
			continue
		}
		target := ts.URL + strings.ReplaceAll(rc.url, "{disabled}", strconv.FormatInt(disabled.ID, 10))
		for _, user := range matrixUsers {
			c := clients[user]
			if rc.fresh && user != "" {
				c = loginAs(t, ts, user)
			}
			before := fingerprint(t, db)
			status, loc := do(t, c, rc.method, target, rc.form)
			name := rc.method + " " + rc.url + " as " + map[bool]string{true: "anonymous", false: user}[user == ""]
			checkOutcome(t, name, rc.want[user], status, loc, strings.HasPrefix(rc.url, "/api/"))
			if status == http.StatusForbidden || status == http.StatusUnauthorized || strings.HasPrefix(loc, "/login") {
				if after := fingerprint(t, db); after != before {
					t.Errorf("%s: refused (%d) but wrote: %s -> %s", name, status, before, after)
				}
			}
		}
	}
}

func do(t *testing.T, c *http.Client, method, target string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if method == "POST" {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, target, body)
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

func checkOutcome(t *testing.T, name string, want, status int, loc string, api bool) {
	t.Helper()
	toLogin := status == http.StatusSeeOther && strings.HasPrefix(loc, "/login")
	switch want {
	case login:
		if api && status != http.StatusUnauthorized || !api && !toLogin {
			t.Errorf("%s = %d %s, want the login (401 or 303 to /login)", name, status, loc)
		}
	case allowed:
		if toLogin || status == 401 || status == 403 || status >= 500 {
			t.Errorf("%s = %d %s, want it let through", name, status, loc)
		}
	default:
		if status != want {
			t.Errorf("%s = %d %s, want %d", name, status, loc, want)
		}
	}
}
