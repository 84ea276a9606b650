package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// twoDistricts is a province with a department, two districts (C1 and C2
// under D1, C3 under D2) and a commune directly under the province.
var twoDistricts = []kpi.Agency{
	{Code: "P", Kind: kpi.KindProvince, Name: "Tỉnh"},
	{Code: "S", ParentCode: "P", Kind: kpi.KindDepartment, Name: "Sở"},
	{Code: "D1", ParentCode: "P", Kind: kpi.KindDistrict, Name: "Huyện 1"},
	{Code: "C1", ParentCode: "D1", Kind: kpi.KindCommune, Name: "Xã 1"},
	{Code: "C2", ParentCode: "D1", Kind: kpi.KindCommune, Name: "Xã 2"},
	{Code: "D2", ParentCode: "P", Kind: kpi.KindDistrict, Name: "Huyện 2"},
	{Code: "C3", ParentCode: "D2", Kind: kpi.KindCommune, Name: "Xã 3"},
	{Code: "C4", ParentCode: "P", Kind: kpi.KindCommune, Name: "Xã 4"},
}

// entered is what each agency entered in 2021, by quarter: sums (hours),
// stocks (services, "last") and the counts behind a rate.
var entered = map[string]map[int]map[string]float64{
	"C1": {1: {"hours_cut": 10, "svc_total": 5, "dos_resolved": 100, "dos_early": 50, "dos_ontime": 40, "dos_late": 10},
		2: {"hours_cut": 20, "svc_total": 7}},
	"C2": {1: {"hours_cut": 3, "svc_total": 2, "dos_resolved": 20, "dos_early": 10, "dos_ontime": 10, "dos_late": 0}},
	"C3": {3: {"hours_cut": 7, "dos_resolved": 50, "dos_early": 0, "dos_ontime": 45, "dos_late": 5}},
	"D1": {2: {"hours_cut": 1}},
	"D2": {4: {"hours_cut": 2, "svc_total": 11}},
	"C4": {1: {"hours_cut": 4}},
	"S":  {4: {"hours_cut": 100}},
}

func openTwoDistricts(t *testing.T, engine string) *store.DB {
	t.Helper()
	db := storetest.OpenOn(t, engine)
	if err := db.ImportAgencies(context.Background(), twoDistricts); err != nil {
		t.Fatal(err)
	}
	for code, quarters := range entered {
		for q, vals := range quarters {
			in := map[string]*float64{}
			for k, v := range vals {
				in[k] = f(v)
			}
			save(t, db, code, 2021, q, in)
		}
	}
	return db
}

// expect computes a scope's figures from scratch, from the entered values
// of the agencies listed: hours summed over quarters and agencies,
// services as each agency's last quarter summed, the on-time rate as
// (early + on time) / resolved over all of them.
func expect(members []string, quarter int) map[string]kpi.Figure {
	var hours, svc, resolved, ok float64
	var hasHours, hasSvc, hasDos bool
	for _, m := range members {
		last := 0
		for q, vals := range entered[m] {
			if quarter != 0 && q != quarter {
				continue
			}
			if v, has := vals["hours_cut"]; has {
				hours, hasHours = hours+v, true
			}
			if v, has := vals["dos_resolved"]; has {
				resolved, ok, hasDos = resolved+v, ok+vals["dos_early"]+vals["dos_ontime"], true
			}
			if _, has := vals["svc_total"]; has && q > last {
				last = q
			}
		}
		if last > 0 {
			svc, hasSvc = svc+entered[m][last]["svc_total"], true
		}
	}
	out := map[string]kpi.Figure{"hours_cut": {Value: hours, OK: hasHours}, "svc_total": {Value: svc, OK: hasSvc}}
	if hasDos {
		out["ontime_rate"] = kpi.Figure{Value: 100 * ok / resolved, OK: true}
	} else {
		out["ontime_rate"] = kpi.Figure{}
	}
	return out
}

// checkScopes compares each scope's figures, for the year and each
// quarter, with the from-scratch expectation over its members.
func checkScopes(t *testing.T, db *store.DB, when string, scopes map[string][]string) {
	t.Helper()
	for scope, members := range scopes {
		for q := 0; q <= 4; q++ {
			for code, want := range expect(members, q) {
				got := figure(t, db, scope, 2021, q, code)
				if got.OK != want.OK || math.Abs(got.Value-want.Value) > 1e-9 {
					t.Errorf("%s: %s Q%d %s = %+v, want %+v", when, scope, q, code, got, want)
				}
			}
		}
	}
}

// checkClosure: every agency's closure rows are exactly its ancestors in
// the stored tree, at their distance, and itself at 0.
func checkClosure(t *testing.T, db *store.DB) {
	t.Helper()
	tree, err := db.Tree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	err = db.Reader().Select(&rows, `SELECT d.code || '<' || a.code || ':' || c.depth FROM agency_closure c
		JOIN agencies a ON a.id = c.ancestor_id JOIN agencies d ON d.id = c.descendant_id`)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range tree.All() {
		want = append(want, a.Code+"<"+a.Code+":0")
		for i, up := range tree.Ancestors(a.Code) {
			want = append(want, fmt.Sprintf("%s<%s:%d", a.Code, up, i+1))
		}
	}
	sort.Strings(rows)
	sort.Strings(want)
	if strings.Join(rows, " ") != strings.Join(want, " ") {
		t.Fatalf("closure\n got %v\nwant %v", rows, want)
	}
}

// agencyAudits lists the agency audit rows as "action field old>new".
func agencyAudits(t *testing.T, db *store.DB) []string {
	t.Helper()
	var rows []string
	err := db.Reader().Select(&rows, `SELECT action || ' ' || field || ' ' || old_value || '>' || new_value
		FROM audit_log WHERE entity = 'agency' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var fe store.AgencyFieldErrors
	if !errors.As(err, &fe) || len(fe) != 1 {
		t.Fatalf("want one field error, got %v", err)
	}
	for k, e := range fe {
		if e.MessageVI == "" || e.MessageEN == "" || kpi.ErrorCode(err) != kpi.EINVALID {
			t.Fatalf("field %s: a message is missing or the code is %s", k, kpi.ErrorCode(err))
		}
		return k
	}
	return ""
}

func TestImportAgenciesAuditsEachAgency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		rows := agencyAudits(t, db)
		if len(rows) != len(smallTree) {
			t.Fatalf("%d audit rows for %d imported agencies: %v", len(rows), len(smallTree), rows)
		}
		if !strings.HasPrefix(rows[3], "agency.create agency >code=C1 kind=commune parent=D name=Xã 1") {
			t.Fatalf("row of C1 = %q", rows[3])
		}
	})
}

func TestCreateAgency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		a, err := db.CreateAgency(ctx, store.AgencyWrite{Code: " C3 ", ParentCode: "D", Kind: kpi.KindCommune, Name: " Xã 3 ", Actor: "admin", Source: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if a.Code != "C3" || a.Name != "Xã 3" || a.ParentCode != "D" || a.ID == 0 {
			t.Fatalf("created %+v", a)
		}
		tree, err := db.Tree(ctx)
		if err != nil || !tree.InSubtree("D", "C3") || tree.All()[tree.Len()-1].Code != "C3" {
			t.Fatalf("the cached tree lacks C3 last under D: %v", err)
		}
		rows := agencyAudits(t, db)
		if last := rows[len(rows)-1]; last != "agency.create agency >code=C3 kind=commune parent=D name=Xã 3" {
			t.Fatalf("audit row %q", last)
		}
		checkClosure(t, db)

		tests := []struct {
			name  string
			w     store.AgencyWrite
			field string
		}{
			{"no code", store.AgencyWrite{ParentCode: "D", Kind: kpi.KindCommune, Name: "X"}, store.AgencyFieldCode},
			{"code with a space", store.AgencyWrite{Code: "C 9", ParentCode: "D", Kind: kpi.KindCommune, Name: "X"}, store.AgencyFieldCode},
			{"code with a slash", store.AgencyWrite{Code: "C/9", ParentCode: "D", Kind: kpi.KindCommune, Name: "X"}, store.AgencyFieldCode},
			{"taken code", store.AgencyWrite{Code: "C1", ParentCode: "P", Kind: kpi.KindCommune, Name: "X"}, store.AgencyFieldCode},
			{"unknown parent", store.AgencyWrite{Code: "C9", ParentCode: "NOPE", Kind: kpi.KindCommune, Name: "X"}, store.AgencyFieldParent},
			{"no name", store.AgencyWrite{Code: "C9", ParentCode: "D", Kind: kpi.KindCommune, Name: "  "}, store.AgencyFieldName},
			{"long name", store.AgencyWrite{Code: "C9", ParentCode: "D", Kind: kpi.KindCommune, Name: strings.Repeat("x", 201)}, store.AgencyFieldName},
			{"bad kind", store.AgencyWrite{Code: "C9", ParentCode: "D", Kind: "hamlet", Name: "X"}, store.AgencyFieldKind},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, db)
				_, err := db.CreateAgency(ctx, tc.w)
				if got := fieldOf(t, err); got != tc.field {
					t.Fatalf("error on %s, want %s: %v", got, tc.field, err)
				}
				if after := snapshot(t, db); after != before {
					t.Fatalf("a refused create changed %s -> %s", before, after)
				}
			})
		}
		// Every field wrong at once: every message, in form order.
		_, err = db.CreateAgency(ctx, store.AgencyWrite{Code: "C1", ParentCode: "NOPE", Kind: "x"})
		var fe store.AgencyFieldErrors
		if !errors.As(err, &fe) || len(fe) != 4 || !strings.HasPrefix(kpi.ErrorMessage(err, "vi"), "Mã cơ quan C1 đã có.") {
			t.Fatalf("all wrong: %v", err)
		}
	})
}

// snapshot summarises the agencies, their closure, the rollups, the audit
// log and the tree version: what a refused change must leave alone.
func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	var parts []string
	for _, q := range []string{
		"SELECT COUNT(*) || ':' || COALESCE(SUM(id * COALESCE(parent_id, 0)), 0) FROM agencies",
		"SELECT kind || name FROM agencies ORDER BY id",
		"SELECT COUNT(*) || ':' || COALESCE(SUM(ancestor_id * 1000 + descendant_id * depth), 0) FROM agency_closure",
		"SELECT COUNT(*) || ':' || COALESCE(SUM(sum * scope_id), 0) FROM rollups",
		"SELECT scope_id || kind || year || period || indicator_id || bucket FROM rollups ORDER BY 1",
		"SELECT COUNT(*) || '' FROM audit_log",
		"SELECT version || '' FROM tree_version",
	} {
		parts = append(parts, strings.Join(storetest.Strings(t, db, q), ","))
	}
	return strings.Join(parts, " | ")
}

func TestUpdateAgency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openTwoDistricts(t, engine)
		ctx := context.Background()
		first, _ := db.Tree(ctx)
		_, err := db.UpdateAgency(ctx, store.AgencyWrite{Code: "C4", Kind: kpi.KindVertical, Name: "Đơn vị 4", Actor: "admin", Source: "test"})
		if err != nil {
			t.Fatal(err)
		}
		rows := agencyAudits(t, db)
		got := strings.Join(rows[len(rows)-2:], " / ")
		if got != "agency.update name Xã 4>Đơn vị 4 / agency.update kind commune>vertical" {
			t.Fatalf("audit rows %q", got)
		}
		tree, _ := db.Tree(ctx)
		if tree == first || tree.Get("C4").Kind != kpi.KindVertical || tree.Get("C4").Name != "Đơn vị 4" {
			t.Fatal("the tree missed the update")
		}
		// The figures by kind follow the new kind; the totals do not move.
		b, err := db.FiguresByKind(ctx, store.Scope{Agency: "P", Year: 2021})
		if err != nil {
			t.Fatal(err)
		}
		if v := b.ByKind[kpi.KindVertical]["hours_cut"]; !v.OK || v.Value != 4 {
			t.Fatalf("vertical hours = %+v, want 4", v)
		}
		if v := b.ByKind[kpi.KindCommune]["hours_cut"]; v.Value != 40 {
			t.Fatalf("commune hours = %+v, want 40", v)
		}
		checkScopes(t, db, "after a kind change", map[string][]string{"P": {"P", "S", "D1", "C1", "C2", "D2", "C3", "C4"}})

		// Nothing changed: no audit row, no new tree.
		before := snapshot(t, db)
		if _, err := db.UpdateAgency(ctx, store.AgencyWrite{Code: "C4", Kind: kpi.KindVertical, Name: "Đơn vị 4"}); err != nil {
			t.Fatal(err)
		}
		if after := snapshot(t, db); after != before {
			t.Fatalf("an update without a change wrote %s -> %s", before, after)
		}
		if _, err := db.UpdateAgency(ctx, store.AgencyWrite{Code: "NOPE", Kind: kpi.KindVertical, Name: "X"}); kpi.ErrorCode(err) != kpi.ENOTFOUND {
			t.Fatalf("unknown agency: %v", err)
		}
		if _, err := db.UpdateAgency(ctx, store.AgencyWrite{Code: "C4", Kind: "x", Name: "X"}); fieldOf(t, err) != store.AgencyFieldKind {
			t.Fatalf("bad kind: %v", err)
		}
		if after := snapshot(t, db); after != before {
			t.Fatalf("refused updates wrote %s -> %s", before, after)
		}
	})
}
