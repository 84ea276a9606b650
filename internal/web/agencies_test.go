package web_test

import (
	"context"
	"html"
	"math"
	"net/url"
	"parkpi/internal/store/storetest"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// TestAgencyAdminCreateAndMove: an admin adds a commune under Yên Mô, then
// moves Yên Hòa (14722) from Yên Mô (377) straight under the province, as
// the 2025 reform did; Yên Mô's totals lose exactly Yên Hòa's figures and
// the province's do not change.
func TestAgencyAdminCreateAndMove(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	admin := loginAs(t, ts, "admin")

	status, page := rd(t)(admin.Get(ts.URL + "/admin/agencies"))
	if status != 200 || !strings.Contains(page, `href="/admin/agencies/14722"`) || !strings.Contains(page, "Yên Hòa") {
		t.Fatalf("list = %d", status)
	}
	form := url.Values{store.AgencyFieldCode: {"377-NEW"}, store.AgencyFieldName: {"Xã Mới"},
		store.AgencyFieldKind: {"commune"}, store.AgencyFieldParent: {"377"}}
	resp, err := admin.PostForm(ts.URL+"/admin/agencies", form)
	if err != nil {
		t.Fatal(err)
	}
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "/admin/agencies/377-NEW?saved=1" {
		t.Fatalf("create = %d %s", resp.StatusCode, loc)
	}
	resp.Body.Close()
	status, page = rd(t)(admin.Get(ts.URL + "/admin/agencies/377-NEW?saved=1"))
	if status != 200 || !strings.Contains(page, "Đã lưu.") || !strings.Contains(page, `href="/admin/agencies/377"`) {
		t.Fatalf("the new agency's page = %d", status)
	}

	ctx := context.Background()
	before := map[string]map[string]kpi.Figure{}
	for _, scope := range []string{"37", "377", "14722"} {
		before[scope] = figures(t, db, scope)
	}
	resp, err = admin.PostForm(ts.URL+"/admin/agencies/14722/move", url.Values{store.AgencyFieldParent: {"37"}})
	if err != nil {
		t.Fatal(err)
	}
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "/admin/agencies/14722?moved=1" {
		t.Fatalf("move = %d %s", resp.StatusCode, loc)
	}
	resp.Body.Close()
	if a, err := db.Agency(ctx, "14722"); err != nil || a.ParentCode != "37" {
		t.Fatalf("14722 is under %q: %v", a.ParentCode, err)
	}
	after := map[string]map[string]kpi.Figure{}
	for _, scope := range []string{"37", "377", "14722"} {
		after[scope] = figures(t, db, scope)
	}
	checked := 0
	for _, ind := range storetest.Catalogue(t, db).Entered() {
		if ind.OverQuarters != kpi.AggSum || ind.AcrossAgencies != kpi.AggSum {
			continue
		}
		c := ind.Code
		if !before["14722"][c].OK || before["14722"][c].Value == 0 {
			continue
		}
		checked++
		if after["37"][c] != before["37"][c] || after["14722"][c] != before["14722"][c] {
			t.Errorf("%s: the province or the commune changed: %+v -> %+v", c, before["37"][c], after["37"][c])
		}
		if want := before["377"][c].Value - before["14722"][c].Value; math.Abs(after["377"][c].Value-want) > 1e-9 {
			t.Errorf("%s: Yên Mô = %v, want %v", c, after["377"][c].Value, want)
		}
	}
	if checked == 0 {
		t.Fatal("Yên Hòa has no summed figure to follow")
	}
	var audits []string
	err = db.Reader().Select(&audits, `SELECT actor || ' ' || action || ' ' || field || ' ' || old_value || '>' || new_value || ' ' || source
		FROM audit_log WHERE entity = 'agency' AND actor = 'admin' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	want := "admin agency.create agency >code=377-NEW kind=commune parent=377 name=Xã Mới web / admin agency.move parent 377>37 web"
	if got := strings.Join(audits, " / "); got != want {
		t.Errorf("audit rows\n got %s\nwant %s", got, want)
	}
}

func figures(t *testing.T, db *store.DB, scope string) map[string]kpi.Figure {
	t.Helper()
	figs, err := db.Figures(context.Background(), store.Scope{Agency: scope, Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	return figs
}

// TestAgencyFormFieldErrors: a bad form comes back with 422, each message
// beside its own field, the typed values kept and nothing written.
func TestAgencyFormFieldErrors(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	admin := loginAs(t, ts, "admin")
	fp := fingerprint(t, db)
	form := url.Values{store.AgencyFieldCode: {"14722"}, store.AgencyFieldName: {" "},
		store.AgencyFieldKind: {"hamlet"}, store.AgencyFieldParent: {"NOPE-99"}}
	status, page := rd(t)(admin.PostForm(ts.URL+"/admin/agencies", form))
	if status != 422 {
		t.Fatalf("bad create = %d, want 422", status)
	}
	besideField(t, html.UnescapeString(page), map[string]string{
		store.AgencyFieldCode:   "Mã cơ quan 14722 đã có.",
		store.AgencyFieldName:   "Vui lòng nhập tên cơ quan.",
		store.AgencyFieldKind:   "Vui lòng chọn loại cơ quan.",
		store.AgencyFieldParent: "Cơ quan cấp trên NOPE-99 chưa có.",
	})
	if !strings.Contains(page, `value="NOPE-99"`) || !strings.Contains(page, `value="14722"`) {
		t.Error("the typed values were not kept")
	}
	// A move under its own child.
	req := url.Values{store.AgencyFieldParent: {"14722"}}
	status, page = rd(t)(admin.PostForm(ts.URL+"/admin/agencies/377/move", req))
	if status != 422 {
		t.Fatalf("cyclic move = %d, want 422", status)
	}
	besideField(t, html.UnescapeString(page), map[string]string{
		store.AgencyFieldParent: "Không thể chuyển 377 vào dưới chính nó hoặc một cơ quan trực thuộc nó (14722).",
	})
	if !strings.Contains(page, `value="14722"`) {
		t.Error("the typed parent was not kept")
	}
	// A rename with an empty name.
	status, page = rd(t)(admin.PostForm(ts.URL+"/admin/agencies/377", url.Values{store.AgencyFieldName: {""}, store.AgencyFieldKind: {"district"}}))
	if status != 422 || !strings.Contains(html.UnescapeString(page), "Vui lòng nhập tên cơ quan.") {
		t.Fatalf("empty rename = %d", status)
	}
	if status, _ := rd(t)(admin.Get(ts.URL + "/admin/agencies/NOPE")); status != 404 {
		t.Fatalf("unknown agency = %d, want 404", status)
	}
	if after := fingerprint(t, db); after != fp {
		t.Fatalf("refused forms wrote: %s -> %s", fp, after)
	}
}

// besideField checks each message follows its own field, before the next
// label.
func besideField(t *testing.T, page string, msgs map[string]string) {
	t.Helper()
	for field, msg := range msgs {
		i := strings.Index(page, `id="`+field+`"`)
		if i < 0 {
			t.Fatalf("the form lacks the field %s", field)
		}
		rest := page[i:]
		if next := strings.Index(rest[1:], `<label`); next > 0 {
			rest = rest[:next+1]
		}
		if !strings.Contains(rest, msg) {
			t.Errorf("no %q beside the field %s", msg, field)
		}
	}
}
