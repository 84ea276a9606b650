package web_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"parkpi/internal/store"
)

// TestAgencyTreeSearch: the admin's tree opens at the top level with every
// level below closed; a search by a name without its diacritics finds the
// agency, opens the way down to it and shows nothing else; a search of
// nothing found says so; a long search is cut, not refused.
func TestAgencyTreeSearch(t *testing.T) {
	ts := newServer(t)
	admin := loginAs(t, ts, "admin")
	_, page := send(t, admin, "GET", ts.URL+"/admin/agencies", nil)
	open := regexp.MustCompile(`<details open>`).FindAllString(page, -1)
	closed := regexp.MustCompile(`<details>`).FindAllString(page, -1)
	if len(open) != 1 || len(closed) < 5 {
		t.Errorf("the whole tree: %d levels open, %d closed; want the top one open and the rest closed", len(open), len(closed))
	}
	if !strings.Contains(page, `data-agency="14722"`) {
		t.Error("the tree leaves out Yên Hòa")
	}
	_, page = send(t, admin, "GET", ts.URL+"/admin/agencies?q="+url.QueryEscape("yen hoa"), nil)
	found := regexp.MustCompile(`<a href="/admin/agencies/(\w+)" class="found">`).FindAllStringSubmatch(page, -1)
	if len(found) != 1 || found[0][1] != "14722" {
		t.Fatalf("“yen hoa” found %v, want Yên Hòa (14722) alone", found)
	}
	for _, way := range []string{"37", "377"} {
		if !regexp.MustCompile(`<li data-agency="` + way + `"><details open>`).MatchString(page) {
			t.Errorf("the way down to Yên Hòa is not open at %s", way)
		}
	}
	if strings.Contains(page, `data-agency="14320"`) || !strings.Contains(html.UnescapeString(page), "Tìm thấy 1 cơ quan với “yen hoa”.") {
		t.Error("the search shows agencies it did not find, or does not count them")
	}
	_, page = send(t, admin, "GET", ts.URL+"/admin/agencies?q=zzzz", nil)
	if !strings.Contains(html.UnescapeString(page), "Tìm thấy 0 cơ quan") || strings.Contains(page, "data-agency=") {
		t.Error("a search that finds nothing")
	}
	if st, _ := send(t, admin, "GET", ts.URL+"/admin/agencies?q="+strings.Repeat("x", 5000), nil); st != 200 {
		t.Errorf("a long search answers %d", st)
	}
}

// TestAgencyChosenByName: the parent of a new agency, the new parent of a
// move and the agency of an upload's template are chosen from a list of
// the user's scope by name ("Name (code)"); the server reads the code from
// the choice, as it still reads a bare code, and an officer's list holds
// only their own agency.
func TestAgencyChosenByName(t *testing.T) {
	db := demoDB(t)
	ts := newServerOn(t, db, nil)
	admin := loginAs(t, ts, "admin")
	_, page := send(t, admin, "GET", ts.URL+"/admin/agencies/new?parent=377", nil)
	if !strings.Contains(page, `value="Ủy ban nhân dân huyện Yên Mô (377)" list="agency-choices"`) ||
		!strings.Contains(page, `<option value="Ủy ban nhân dân xã Yên Hòa (14722)"></option>`) {
		t.Fatal("the new agency's parent is not offered by name")
	}
	form := url.Values{store.AgencyFieldCode: {"377-NEW"}, store.AgencyFieldName: {"Xã Mới"},
		store.AgencyFieldKind: {"commune"}, store.AgencyFieldParent: {"Ủy ban nhân dân huyện Yên Mô (377)"}}
	if st, _ := send(t, admin, "POST", ts.URL+"/admin/agencies", form); st != 200 && st != 303 {
		t.Fatalf("create under a chosen parent = %d", st)
	}
	ctx := context.Background()
	if a, err := db.Agency(ctx, "377-NEW"); err != nil || a.ParentCode != "377" {
		t.Fatalf("the new agency is under %q (%v)", a.ParentCode, err)
	}
	move := url.Values{store.AgencyFieldParent: {"Tỉnh Ninh Bình"}} // a whole name only one agency bears
	if st, _ := send(t, admin, "POST", ts.URL+"/admin/agencies/14722/move", move); st != 200 && st != 303 {
		t.Fatalf("move under a parent named = %d", st)
	}
	if a, err := db.Agency(ctx, "14722"); err != nil || a.ParentCode != "37" {
		t.Fatalf("14722 is under %q (%v)", a.ParentCode, err)
	}

	staff := loginAs(t, ts, "staff")
	_, page = send(t, staff, "GET", ts.URL+"/upload?agency="+url.QueryEscape("Ủy ban nhân dân xã Yên Hòa (14722)"), nil)
	if !strings.Contains(page, `value="Ủy ban nhân dân xã Yên Hòa (14722)" list="upload-agencies"`) || !strings.Contains(page, `href="/entry/14722/`) {
		t.Error("the upload page does not take the agency chosen by name")
	}
	if n := strings.Count(page, "<option value="); n < 170 {
		t.Errorf("the staff's upload list offers %d agencies, want the province's", n)
	}
	officer := loginAs(t, ts, "officer.yenhoa")
	_, page = send(t, officer, "GET", ts.URL+"/upload", nil)
	if n := strings.Count(page, "<option value="); n != 1 || !strings.Contains(page, `<option value="Ủy ban nhân dân xã Yên Hòa (14722)">`) {
		t.Errorf("the officer's upload list offers %d agencies, want their own", n)
	}
	if st, _ := send(t, officer, "GET", ts.URL+"/upload?agency="+url.QueryEscape("Ủy ban nhân dân huyện Yên Mô (377)"), nil); st != 403 {
		t.Errorf("an officer choosing another agency by name = %d, want 403", st)
	}
}
