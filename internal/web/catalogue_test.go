package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// digitisedForm is the indicator form an administrator fills for the
// communes' new field "Hồ sơ được số hóa".
func digitisedForm(version int64) url.Values {
	return url.Values{"version": {strconv.FormatInt(version, 10)}, "action": {"save"}, "code": {"digitised"},
		"group": {"dossiers"}, "name_vi": {"Hồ sơ được số hóa"}, "name_en": {"Dossiers digitised"},
		"unit_vi": {"hồ sơ"}, "unit_en": {"dossiers"}, "kind": {"entered"}, "over_quarters": {"sum"},
		"across_agencies": {"sum"}, "min": {"0"}, "max": {"10.000.000"}, "higher_is_better": {"1"}, "decimals": {"0"},
		"rank": {"0"}, "outlier_factor": {"3"}, "outlier_window": {"8"}, "outlier_floor": {"10"},
		"datasets": {"commune"}, "views": {"overview", "summary"}}
}

// digitisedRule is the rule form of "digitised ≤ resolved".
func digitisedRule(version int64) url.Values {
	return url.Values{"version": {strconv.FormatInt(version, 10)}, "action": {"save"}, "code": {"digitised_bound"},
		"severity": {"error"}, "left": {"digitised"}, "op": {"<="}, "right": {"dos_resolved"},
		"message_vi": {"Hồ sơ được số hóa ({left}) không được lớn hơn tổng số hồ sơ đã giải quyết ({right})."},
		"message_en": {"Dossiers digitised ({left}) cannot exceed dossiers resolved ({right})."}, "datasets": {"commune"}}
}

// catalogueBlock is the field block of one field of a catalogue form.
func catalogueBlock(t *testing.T, body, field string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<div class="catalogue-field" data-field="` + regexp.QuoteMeta(field) + `">.*?</div>`).FindString(body)
	if m == "" {
		t.Fatalf("no field %s on the page", field)
	}
	return m
}

func catalogueVersion(t *testing.T, db *store.DB) int64 {
	t.Helper()
	return storetest.Catalogue(t, db).Version
}

// TestCatalogueOnlyForAdmins: the catalogue pages answer admins, and 403
// to every other role, reading or writing.
func TestCatalogueOnlyForAdmins(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	admin := loginAs(t, ts, "admin")
	status, body := getWith(t, admin, ts.URL+"/admin/catalogue")
	if status != 200 || !strings.Contains(body, `data-code="svc_online_bound"`) || !strings.Contains(body, `data-code="ontime_rate"`) ||
		!strings.Contains(body, `data-code="commune"`) {
		t.Fatalf("the admin's catalogue page = %d", status)
	}
	for _, who := range []string{"leader", "staff", "officer.yenhoa"} {
		c := loginAs(t, ts, who)
		if st, _ := getWith(t, c, ts.URL+"/admin/catalogue/indicators/new"); st != http.StatusForbidden {
			t.Errorf("%s opens the catalogue form: %d", who, st)
		}
		if st, _ := send(t, c, "POST", ts.URL+"/admin/catalogue/indicators", digitisedForm(catalogueVersion(t, db))); st != http.StatusForbidden {
			t.Errorf("%s adds an indicator: %d", who, st)
		}
	}
	if _, ok := storetest.Catalogue(t, db).Get("digitised"); ok {
		t.Fatal("a refused post changed the catalogue")
	}
}

// TestCatalogueIndicatorForm: a form with mistakes comes back (422) with
// each message beside its field and every value kept, nothing saved; the
// corrected form adds the indicator to the communes' form and the chosen
// views, audited; the same code again is refused beside the code.
func TestCatalogueIndicatorForm(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	admin := loginAs(t, ts, "admin")
	v0 := catalogueVersion(t, db)
	bad := digitisedForm(v0)
	bad.Set("name_en", "")
	bad.Set("min", "mười")
	bad.Set("outlier_window", "2")
	bad.Set("max", "-1")
	bad.Set("min", "0")
	status, body := send(t, admin, "POST", ts.URL+"/admin/catalogue/indicators", bad)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("a form with mistakes = %d, want 422", status)
	}
	want := map[string]string{"name_en": "cần tên tiếng Anh", "max": "nhỏ nhất lớn hơn giá trị lớn nhất", "outlier_window": "từ 4 đến 40"}
	for field, msg := range want {
		if block := catalogueBlock(t, body, field); !strings.Contains(block, msg) || !strings.Contains(block, "field-error") {
			t.Errorf("beside %s no %q:\n%s", field, msg, block)
		}
	}
	if block := catalogueBlock(t, body, "name_vi"); !strings.Contains(block, `value="Hồ sơ được số hóa"`) || strings.Contains(block, "field-error") {
		t.Errorf("the typed name is lost or marked: %s", block)
	}
	bad.Set("min", "mười")
	bad.Set("max", "10.000.000")
	_, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/indicators", bad)
	if block := catalogueBlock(t, body, "min"); !strings.Contains(block, "không phải là số") || !strings.Contains(block, `value="mười"`) {
		t.Errorf("a minimum that is not a number: %s", block)
	}
	if catalogueVersion(t, db) != v0 {
		t.Fatal("a refused form changed the catalogue")
	}

	if status, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/indicators", digitisedForm(v0)); status != http.StatusSeeOther {
		t.Fatalf("the corrected form = %d: %.400s", status, body)
	}
	cat := storetest.Catalogue(t, db)
	ind, ok := cat.Get("digitised")
	if !ok || ind.Max != 1e7 || !cat.DataSet("commune").Has("digitised") || cat.DataSet("department").Has("digitised") {
		t.Fatalf("the new indicator: %+v on the commune form: %v", ind, ok)
	}
	def := cat.Definition()
	if !def.Shown(kpi.ViewOverview, "digitised") || !def.Shown(kpi.ViewSummary, "digitised") {
		t.Fatal("the new indicator is not on the overview cards and the summary columns")
	}
	var audited int
	_ = db.Reader().Get(&audited, "SELECT COUNT(*) FROM audit_log WHERE action = 'catalogue.add' AND actor = 'admin' AND field = 'indicators/digitised'")
	if audited != 1 {
		t.Fatalf("%d audit rows of the new indicator", audited)
	}
	_, body = getWith(t, admin, ts.URL+"/admin/catalogue/indicators/digitised?saved=4")
	if !strings.Contains(body, "Đã lưu (4 thay đổi)") || !strings.Contains(catalogueBlock(t, body, "datasets"), `value="commune" checked`) {
		t.Fatal("the saved indicator's page lacks the notice or its form")
	}
	if status, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/indicators", digitisedForm(catalogueVersion(t, db))); status != http.StatusUnprocessableEntity ||
		!strings.Contains(catalogueBlock(t, body, "code"), "Đã có mã digitised") {
		t.Fatalf("the same code again = %d", status)
	}
	// In English the same mistakes read in English.
	if resp, err := admin.Get(ts.URL + "/lang/en"); err == nil {
		resp.Body.Close()
	}
	bad.Set("code", "dos_scanned")
	_, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/indicators", bad)
	if block := catalogueBlock(t, body, "name_en"); !strings.Contains(block, "needs an English name") || !strings.Contains(block, "Name in English") {
		t.Errorf("the English form: %s", block)
	}
}

// TestCatalogueStaleVersion: a form made from a catalogue someone changed
// since is refused (409) with the typed values kept and the new version,
// so saving again works.
func TestCatalogueStaleVersion(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	admin := loginAs(t, ts, "admin")
	v0 := catalogueVersion(t, db)
	if status, _ := send(t, admin, "POST", ts.URL+"/admin/catalogue/indicators", digitisedForm(v0)); status != http.StatusSeeOther {
		t.Fatalf("add: %d", status)
	}
	stale := digitisedRule(v0)
	status, body := send(t, admin, "POST", ts.URL+"/admin/catalogue/rules", stale)
	if status != http.StatusConflict || !strings.Contains(body, "vừa được người khác thay đổi") ||
		!strings.Contains(catalogueBlock(t, body, "left"), `value="digitised"`) {
		t.Fatalf("a stale form = %d", status)
	}
	if _, ok := storetest.Catalogue(t, db).Definition().Rule("digitised_bound"); ok {
		t.Fatal("a stale form was saved")
	}
	again := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	stale.Set("version", again[1])
	if status, _ := send(t, admin, "POST", ts.URL+"/admin/catalogue/rules", stale); status != http.StatusSeeOther {
		t.Fatalf("saving again with the new version = %d", status)
	}
}

// TestCatalogueRuleTry: a rule tried against Yên Hòa's stored quarters
// lists exactly the quarters it would flag, computed here from the stored
// values, and saves nothing; a rule naming an unknown code is refused
// with the position beside its side; an unknown agency beside its field.
func TestCatalogueRuleTry(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	admin := loginAs(t, ts, "admin")
	v0 := catalogueVersion(t, db)
	form := url.Values{"version": {strconv.FormatInt(v0, 10)}, "action": {"try"}, "code": {"online_share"}, "severity": {"warning"},
		"left": {"dos_online * 5"}, "op": {">="}, "right": {"dos_direct"}, "try_agency": {yenHoa},
		"message_vi": {"Hồ sơ trực tuyến ({dos_online}) dưới 20% hồ sơ trực tiếp ({dos_direct})."}, "message_en": {"Online under 20%."}}
	status, body := send(t, admin, "POST", ts.URL+"/admin/catalogue/rules", form)
	if status != http.StatusOK {
		t.Fatalf("try = %d: %.500s", status, body)
	}
	quarters, err := db.StoredQuarters(context.Background(), yenHoa)
	if err != nil {
		t.Fatal(err)
	}
	var flagged, messages []string
	for _, q := range quarters {
		online, ok1 := q.Values["dos_online"]
		direct, ok2 := q.Values["dos_direct"]
		if ok1 && ok2 && online*5 < direct {
			flagged = append(flagged, "Quý "+strconv.Itoa(q.Period.Quarter)+"/"+strconv.Itoa(q.Period.Year))
			messages = append(messages, "Hồ sơ trực tuyến ("+kpi.FormatNumber("vi", online)+") dưới 20% hồ sơ trực tiếp ("+kpi.FormatNumber("vi", direct)+").")
		}
	}
	if len(flagged) == 0 || len(flagged) == len(quarters) {
		t.Fatalf("the demo's quarters do not test the trial: %d of %d break the rule", len(flagged), len(quarters))
	}
	result := regexp.MustCompile(`(?s)<section class="catalogue-try".*?</section>`).FindString(body)
	rows := regexp.MustCompile(`<tr><th scope="row">([^<]+)</th>`).FindAllStringSubmatch(result, -1)
	if len(rows) != len(flagged) || !strings.Contains(result, strconv.Itoa(len(flagged))+" quý bị báo") {
		t.Fatalf("the trial lists %d quarters, the stored values break the rule in %d (%v):\n%s", len(rows), len(flagged), flagged, result)
	}
	for i, r := range rows {
		if r[1] != flagged[i] || !strings.Contains(result, messages[i]) {
			t.Errorf("flagged quarter %d: %s, want %s with %q", i, r[1], flagged[i], messages[i])
		}
	}
	if catalogueVersion(t, db) != v0 {
		t.Fatal("trying a rule saved it")
	}

	form.Set("left", "dos_online + dos_onlin")
	status, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/rules", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(catalogueBlock(t, body, "left"), "tại ký tự thứ 14") {
		t.Fatalf("an unknown code = %d: %s", status, catalogueBlock(t, body, "left"))
	}
	form.Set("left", "dos_online")
	form.Set("try_agency", "99999")
	status, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/rules", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(catalogueBlock(t, body, "try_agency"), "Không có cơ quan mã “99999”") {
		t.Fatalf("an unknown agency = %d", status)
	}
}

// TestCatalogueRetire: an indicator retired from a year leaves the forms
// of that year on and stays on earlier ones; a year that is not one is
// refused beside it; a data set agencies still report cannot leave.
func TestCatalogueRetire(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	admin, officer := loginAs(t, ts, "admin"), loginAs(t, ts, "officer.yenhoa")
	version := strconv.FormatInt(catalogueVersion(t, db), 10)
	status, body := send(t, admin, "POST", ts.URL+"/admin/catalogue/indicators/vc_endpoints/retire", url.Values{"version": {version}, "retired_from": {"năm sau"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(catalogueBlock(t, body, "retired_from"), "Phải là một năm") {
		t.Fatalf("a year that is not one = %d", status)
	}
	if status, _ = send(t, admin, "POST", ts.URL+"/admin/catalogue/indicators/vc_endpoints/retire", url.Values{"version": {version}, "retired_from": {"2023"}}); status != http.StatusSeeOther {
		t.Fatalf("retire = %d", status)
	}
	if _, body = getWith(t, officer, ts.URL+"/entry/14722/2023/q1"); strings.Contains(body, `data-field="vc_endpoints"`) {
		t.Fatal("a retired indicator is still on the 2023 form")
	}
	if _, body = getWith(t, officer, ts.URL+entryURL); !strings.Contains(body, `data-field="vc_endpoints"`) {
		t.Fatal("a retired indicator left the 2022 form")
	}
	version = strconv.FormatInt(catalogueVersion(t, db), 10)
	status, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/datasets/commune/retire", url.Values{"version": {version}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "vẫn là biểu nhập của 1 loại cơ quan") {
		t.Fatalf("retiring the communes' form = %d", status)
	}
}

// TestCatalogueDataSetForm: the form's fields are a list of codes; a line
// that is not one, or an unknown code, is refused beside the list.
func TestCatalogueDataSetForm(t *testing.T) {
	ts, db := entryServer(t, "2022-07-10")
	admin := loginAs(t, ts, "admin")
	_, page := getWith(t, admin, ts.URL+"/admin/catalogue/datasets/commune")
	fields := regexp.MustCompile(`(?s)<textarea id="c-fields" name="fields"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)
	first := storetest.Catalogue(t, db).DataSet("commune").Fields[0].Indicator
	if fields == nil || !strings.HasPrefix(strings.TrimSpace(fields[1]), first+"\n") {
		t.Fatalf("the commune form's field list: %v", fields)
	}
	form := url.Values{"version": {strconv.FormatInt(catalogueVersion(t, db), 10)}, "name_vi": {"Báo cáo của xã"}, "name_en": {"Commune report"},
		"period_type": {"quarter"}, "deadline_days": {"0"}, "kinds": {"commune"}, "fields": {strings.TrimSpace(fields[1]) + "\nnope\ndos_online dossiers extra"}}
	status, body := send(t, admin, "POST", ts.URL+"/admin/catalogue/datasets/commune", form)
	block := catalogueBlock(t, body, "fields")
	if status != http.StatusUnprocessableEntity || !strings.Contains(block, "Dòng") || !strings.Contains(block, "dos_online dossiers extra") {
		t.Fatalf("a bad line = %d: %s", status, block)
	}
	form.Set("fields", strings.TrimSpace(fields[1])+"\nnope")
	status, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/datasets/commune", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(catalogueBlock(t, body, "fields"), "“nope” không phải chỉ tiêu nhập") {
		t.Fatalf("an unknown code = %d", status)
	}
	form.Set("fields", strings.TrimSpace(fields[1]))
	if status, _ = send(t, admin, "POST", ts.URL+"/admin/catalogue/datasets/commune", form); status != http.StatusSeeOther {
		t.Fatalf("renaming the communes' form = %d", status)
	}
	if d := storetest.Catalogue(t, db).DataSet("commune"); d.NameVI != "Báo cáo của xã" || len(d.Fields) == 0 {
		t.Fatalf("the renamed data set: %+v", d)
	}
	// Monthly from a year: a year out of range is refused on its field and
	// changes nothing; a real one is kept, and the years before stay quarterly.
	form.Set("version", strconv.FormatInt(catalogueVersion(t, db), 10))
	form.Set("period_type", "month")
	form.Set("period_from", "1800")
	status, body = send(t, admin, "POST", ts.URL+"/admin/catalogue/datasets/commune", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(catalogueBlock(t, body, "period_from"), "một năm") ||
		storetest.Catalogue(t, db).DataSet("commune").PeriodType != "quarter" {
		t.Fatalf("monthly from 1800 = %d", status)
	}
	form.Set("period_from", "2023")
	if status, _ = send(t, admin, "POST", ts.URL+"/admin/catalogue/datasets/commune", form); status != http.StatusSeeOther {
		t.Fatalf("monthly from 2023 = %d", status)
	}
	if d := storetest.Catalogue(t, db).DataSet("commune"); d.PeriodType != "month" || d.PeriodFrom != 2023 || d.MonthlyIn(2022) || !d.MonthlyIn(2023) {
		t.Fatalf("the communes' data set, monthly from 2023: %+v", d)
	}
}
