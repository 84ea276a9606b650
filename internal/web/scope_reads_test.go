package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"parkpi/internal/auth"
	"parkpi/internal/seed"
	"parkpi/internal/store"
	"parkpi/internal/web"
)

// scopedUser is a user whose scope agency is below the province.
type scopedUser struct {
	name  string
	role  auth.Role
	scope string
}

// scopedUsers are the columns of the scope test: every role at Yên Mô
// district (377, with its communes), and the officer of Yên Hòa commune
// (14722, a leaf). The admin reads from its scope too, but is not bound by
// it; admin-only pages manage the whole tree (rows marked global).
var scopedUsers = []scopedUser{
	{"scoped.admin", auth.RoleAdmin, "377"},
	{"dleader", auth.RoleLeader, "377"},
	{"scoped.staff", auth.RoleStaff, "377"},
	{"officer.yenmo", auth.RoleOfficer, "377"},
	{"officer.yenhoa", auth.RoleOfficer, "14722"},
}

// scopeWant lists the status for scoped.admin, dleader, scoped.staff,
// officer.yenmo and officer.yenhoa.
func scopeWant(admin, leader, staff, officer, commune int) []int {
	return []int{admin, leader, staff, officer, commune}
}

// scopeRead is one read of the scope test: a route as gin registers it and
// a URL on it, where {scope} is the user's scope agency, {job} the id of an
// export job the user started and {user} the id of the scoped leader.
type scopeRead struct {
	pattern, url string
	want         []int
	global       bool // an admin's page over the whole tree: the admin's answer is not checked
}

// scopeReads lists every read route (the test fails on a GET route without
// a row) with a URL that reads as much as the route can show.
var scopeReads = []scopeRead{
	{"/static/*file", "/static/app.css", scopeWant(200, 200, 200, 200, 200), false},
	{"/healthz", "/healthz", scopeWant(200, 200, 200, 200, 200), false},
	{"/lang/:lang", "/lang/en?next=/", scopeWant(303, 303, 303, 303, 303), false},
	{"/login", "/login", scopeWant(303, 303, 303, 303, 303), false},
	{"/", "/?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/", "/?year=2022&quarter=2&sort=hours_cut", scopeWant(200, 200, 200, 200, 200), false},
	{"/agencies/:code", "/agencies/{scope}?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/agencies/:code/values", "/agencies/{scope}/values?indicator=ontime_rate&year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/ranking", "/ranking?year=2021&per_page=100", scopeWant(200, 200, 200, 200, 200), false},
	{"/admin/targets", "/admin/targets?year=2021", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/targets.csv", "/admin/targets.csv?year=2021", scopeWant(200, 403, 403, 403, 403), true},
	{"/api/v1/overview", "/api/v1/overview?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/api/v1/overview", "/api/v1/overview?year=2022&quarter=2", scopeWant(200, 200, 200, 200, 200), false},
	{"/api/v1/ranking", "/api/v1/ranking?year=2021&per_page=100", scopeWant(200, 200, 200, 200, 200), false},
	{"/api/v1/agencies/:code", "/api/v1/agencies/{scope}?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/api/v1/agencies/:code/values", "/api/v1/agencies/{scope}/values?indicator=dos_resolved&year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/admin/users", "/admin/users", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/users/new", "/admin/users/new", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/users/:id", "/admin/users/{user}", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/agencies", "/admin/agencies", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/agencies/new", "/admin/agencies/new", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/agencies/:code", "/admin/agencies/{scope}", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/catalogue", "/admin/catalogue", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/catalogue/indicators/new", "/admin/catalogue/indicators/new", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/catalogue/indicators/:code", "/admin/catalogue/indicators/ontime_rate", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/catalogue/datasets/new", "/admin/catalogue/datasets/new", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/catalogue/datasets/:code", "/admin/catalogue/datasets/commune", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/catalogue/rules/new", "/admin/catalogue/rules/new", scopeWant(200, 403, 403, 403, 403), true},
	{"/admin/catalogue/rules/:code", "/admin/catalogue/rules/svc_online_bound", scopeWant(200, 403, 403, 403, 403), true},
	{"/audit", "/audit", scopeWant(200, 200, 403, 403, 403), true},
	{"/audit.csv", "/audit.csv", scopeWant(200, 200, 403, 403, 403), true},
	{"/entry", "/entry?year=2022&quarter=2", scopeWant(200, 200, 200, 200, 200), false},
	{"/cockpit", "/cockpit?year=2022&quarter=2&show=all", scopeWant(200, 200, 200, 403, 403), false},
	{"/entry/:agency/:year/:quarter", "/entry/{scope}/2022/q2", scopeWant(200, 200, 200, 200, 200), false},
	{"/export/agency/:code", "/export/agency/{scope}.xlsx?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/export/summary.xlsx", "/export/summary.xlsx?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/export/form06.xlsx", "/export/form06.xlsx?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/entry/:agency/:year/:quarter/template.xlsx", "/entry/{scope}/2022/q2/template.xlsx?subtree=1", scopeWant(200, 403, 200, 200, 200), false},
	{"/upload", "/upload", scopeWant(200, 403, 200, 200, 200), false},
	{"/upload", "/upload?agency={scope}", scopeWant(200, 403, 200, 200, 200), false},
	{"/upload/template", "/upload/template?agency={scope}&year=2022&quarter=2&subtree=1", scopeWant(200, 403, 200, 200, 200), false},
	{"/jobs/:id", "/jobs/{job}", scopeWant(200, 200, 200, 200, 200), false},
	{"/jobs/:id/status", "/jobs/{job}/status", scopeWant(200, 200, 200, 200, 200), false},
	{"/jobs/:id/download", "/jobs/{job}/download", scopeWant(200, 200, 200, 200, 200), false},
	{"/api/v1/openapi.json", "/api/v1/openapi.json", scopeWant(200, 200, 200, 200, 200), false},
	{"/api/v1/entries/:agency/:year/:quarter", "/api/v1/entries/{scope}/2022/q2", scopeWant(200, 200, 200, 200, 200), false},
	{"/account", "/account", scopeWant(200, 200, 200, 200, 200), false},
	{"/notices", "/notices", scopeWant(200, 200, 200, 200, 200), false},
	{"/agencies/:code/commentary", "/agencies/{scope}/commentary?indicator=hours_cut&year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/api/v1/agencies/:code/commentary", "/api/v1/agencies/{scope}/commentary?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	{"/export/report.docx", "/export/report.docx?year=2021", scopeWant(200, 200, 200, 200, 200), false},
	// A quarter that does not exist: the scope is checked before the
	// conversion (TestReportThroughTheUI renders a real PDF).
	{"/export/report.pdf", "/export/report.pdf?year=2021&quarter=9", scopeWant(422, 422, 422, 422, 422), false},
	{"/scores", "/scores?year=2021&state=all", scopeWant(200, 200, 200, 200, 200), false},
	{"/api/v1/scores", "/api/v1/scores?year=2021&state=all", scopeWant(200, 200, 200, 200, 200), false},
	{"/public", "/public", scopeWant(404, 404, 404, 404, 404), true},
	{"/admin/public", "/admin/public", scopeWant(200, 403, 403, 403, 403), true},
}

// TestReadsStayInScope asks every read route as every role scoped below
// the province and checks that the answer — page, JSON, CSV or workbook —
// names no agency outside the user's subtree, by code or by name.
func TestReadsStayInScope(t *testing.T) {
	db := demoDB(t)
	s, ts := serveWith(t, db, nil)
	checkReadsCovered(t, s)
	tree, err := db.Tree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	leader := addScopedUsers(t, db)
	for i, u := range scopedUsers {
		c := loginAs(t, ts, u.name)
		job := startJob(t, ts, c)
		out := outsidersOf(tree, u.scope)
		for _, rd := range scopeReads {
			url := strings.NewReplacer("{scope}", u.scope, "{job}", job, "{user}", leader).Replace(rd.url)
			status, h, body := fetch(t, c, ts.URL+url)
			ct := h.Get("Content-Type")
			name := u.name + " GET " + url
			if status != rd.want[i] {
				t.Errorf("%s = %d, want %d: %.300s", name, status, rd.want[i], body)
			}
			if rd.global && u.role == auth.RoleAdmin {
				continue
			}
			for _, leak := range out.inBody(ct, body) {
				t.Errorf("%s (%d, %s) shows an agency outside %s: %s", name, status, ct, u.scope, leak)
			}
		}
	}
}

// checkReadsCovered fails for a GET route without a row in scopeReads.
func checkReadsCovered(t *testing.T, s *web.Server) {
	t.Helper()
	covered := map[string]bool{}
	for _, rd := range scopeReads {
		covered[rd.pattern] = true
	}
	for _, r := range web.RoutesOf(s) {
		if r.Method == http.MethodGet && !covered[r.Path] {
			t.Errorf("read route GET %s has no row in scopeReads: add one", r.Path)
		}
	}
}

// addScopedUsers creates the scoped users the demo lacks (password: the
// demo's) and returns the id of the scoped leader.
func addScopedUsers(t *testing.T, db *store.DB) string {
	t.Helper()
	svc, ctx := auth.New(db), context.Background()
	for _, u := range scopedUsers {
		if _, err := svc.UserByName(ctx, u.name); err == nil {
			continue
		}
		if _, err := svc.CreateUser(ctx, auth.Actor{Username: "test", Source: "test"}, auth.NewUser{Username: u.name,
			FullName: "Người dùng " + u.name, Role: u.role, AgencyCode: u.scope, Password: seed.DemoPassword}); err != nil {
			t.Fatal(err)
		}
	}
	leader, err := svc.UserByName(ctx, "dleader")
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(leader.ID, 10)
}

// startJob queues a summary export of the user's scope and waits for it.
func startJob(t *testing.T, ts *httptest.Server, c *http.Client) string {
	t.Helper()
	loc := queueExport(t, c, ts.URL+"/export/summary.xlsx?year=2021&job=1")
	for range 400 {
		_, _, b := fetch(t, c, ts.URL+loc+"/status")
		var st struct{ State string }
		if err := json.Unmarshal(b, &st); err != nil || st.State != "running" {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	return strings.TrimPrefix(loc, "/jobs/")
}

// TestDistrictLeaderReadsTheDistrict is the district leader's day: the
// overview is Yên Mô's (its name in the title, its figures the store's for
// 377), the ranking ranks the agencies under 377 and no others, on the
// pages and in the API; a narrower scope may be asked for, a wider one not.
func TestDistrictLeaderReadsTheDistrict(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	addScopedUsers(t, db)
	c := loginAs(t, ts, "dleader")
	ctx := context.Background()
	tree, err := db.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	district := tree.Get("377")
	var ov struct {
		Title string `json:"title"`
		Scope struct{ Code, Name string }
		overviewJSON
	}
	if st := getJSON(t, c, ts.URL+"/api/v1/overview?year=2021", &ov); st != 200 || ov.Scope.Code != "377" ||
		!strings.Contains(ov.Title, district.Name) {
		t.Fatalf("overview = %d, scope %+v, title %q", st, ov.Scope, ov.Title)
	}
	want, err := db.Figures(ctx, store.Scope{Agency: "377", Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ov.Headline {
		if f.OK != want[f.Code].OK || !near(f.Value, want[f.Code].Value) {
			t.Errorf("headline %s = %v, the district's is %v", f.Code, f.Value, want[f.Code])
		}
	}
	var rk struct {
		Total int `json:"total"`
		rankingJSON
	}
	getJSON(t, c, ts.URL+"/api/v1/ranking?year=2021&per_page=100", &rk)
	if below := len(tree.Descendants("377")); rk.Total != below || len(rk.Rows) != below {
		t.Errorf("ranking: total %d, %d rows; the district has %d agencies below it", rk.Total, len(rk.Rows), below)
	}
	for _, r := range rk.Rows {
		if r.Code == "377" || !tree.InSubtree("377", r.Code) {
			t.Errorf("ranking row %s is not below 377", r.Code)
		}
	}
	if _, _, page := fetch(t, c, ts.URL+"/?year=2021"); !strings.Contains(string(page), district.Name) {
		t.Errorf("the overview page does not name %s", district.Name)
	}
	var narrow struct{ Scope struct{ Code string } }
	if st := getJSON(t, c, ts.URL+"/api/v1/overview?year=2021&scope=14722", &narrow); st != 200 || narrow.Scope.Code != "14722" {
		t.Errorf("narrower scope 14722 = %d, scope %q", st, narrow.Scope.Code)
	}
	for _, u := range []string{"/?scope=37", "/api/v1/overview?scope=37", "/ranking?scope=37", "/api/v1/ranking?scope=37-S03",
		"/cockpit?scope=37", "/entry?scope=37", "/export/summary.xlsx?year=2021&scope=37", "/export/form06.xlsx?year=2021&scope=369"} {
		if st, _, _ := fetch(t, c, ts.URL+u); st != http.StatusForbidden {
			t.Errorf("wider scope GET %s = %d, want 403", u, st)
		}
	}
	if st, _, _ := fetch(t, c, ts.URL+"/?scope=NO-SUCH"); st != http.StatusNotFound {
		t.Errorf("unknown scope = %d, want 404", st)
	}
}
