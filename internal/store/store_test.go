package store_test

import (
	"context"
	"math"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// smallTree is a province with a district tier and a commune directly under
// the province, as after the 2025 reform.
var smallTree = []kpi.Agency{
	{Code: "P", Kind: kpi.KindProvince, Name: "Tỉnh"},
	{Code: "S", ParentCode: "P", Kind: kpi.KindDepartment, Name: "Sở"},
	{Code: "D", ParentCode: "P", Kind: kpi.KindDistrict, Name: "Huyện"},
	{Code: "C1", ParentCode: "D", Kind: kpi.KindCommune, Name: "Xã 1"},
	{Code: "C2", ParentCode: "P", Kind: kpi.KindCommune, Name: "Xã 2"},
}

func openSmall(t *testing.T, engine string) *store.DB {
	t.Helper()
	db := storetest.OpenOn(t, engine)
	if err := db.ImportAgencies(context.Background(), smallTree); err != nil {
		t.Fatal(err)
	}
	return db
}

func f(v float64) *float64 { return &v }

func save(t *testing.T, db *store.DB, agency string, year, q int, vals map[string]*float64) {
	t.Helper()
	ctx := context.Background()
	sub, err := db.Submission(ctx, agency, kpi.Period{Year: year, Quarter: q})
	if err != nil {
		t.Fatal(err)
	}
	w := store.ValueWrite{Agency: agency, Period: kpi.Period{Year: year, Quarter: q}, Values: vals, Version: sub.Version, Actor: "tester", Source: "test"}
	if _, err := db.SaveValues(ctx, w); err != nil {
		t.Fatalf("SaveValues(%s %d-Q%d): %v", agency, year, q, err)
	}
}

func figure(t *testing.T, db *store.DB, scope string, year, q int, code string) kpi.Figure {
	t.Helper()
	figs, err := db.Figures(context.Background(), store.Scope{Agency: scope, Year: year, Quarter: q})
	if err != nil {
		t.Fatal(err)
	}
	return figs[code]
}

func TestRollupsFollowWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		save(t, db, "C1", 2021, 1, map[string]*float64{"hours_cut": f(10), "svc_total": f(5), "dos_resolved": f(100), "dos_early": f(50), "dos_ontime": f(40), "dos_late": f(10)})
		save(t, db, "C1", 2021, 2, map[string]*float64{"hours_cut": f(20), "svc_total": f(7)})
		save(t, db, "C2", 2021, 1, map[string]*float64{"hours_cut": f(1), "svc_total": f(3), "dos_resolved": f(10), "dos_early": f(10), "dos_ontime": f(0), "dos_late": f(0)})
		save(t, db, "S", 2021, 4, map[string]*float64{"hours_cut": f(100)})

		tests := []struct {
			scope   string
			quarter int
			code    string
			want    kpi.Figure
		}{
			{"P", 0, "hours_cut", kpi.Figure{Value: 131, OK: true}},
			{"D", 0, "hours_cut", kpi.Figure{Value: 30, OK: true}},
			{"P", 1, "hours_cut", kpi.Figure{Value: 11, OK: true}},
			{"P", 4, "hours_cut", kpi.Figure{Value: 100, OK: true}},
			{"P", 3, "hours_cut", kpi.Figure{}},
			{"P", 0, "svc_total", kpi.Figure{Value: 10, OK: true}}, // last: C1's Q2 7 + C2's Q1 3
			{"P", 0, "ontime_rate", kpi.Figure{Value: 100.0 * 100 / 110, OK: true}},
			{"D", 0, "ontime_rate", kpi.Figure{Value: 90, OK: true}},
		}
		for _, tc := range tests {
			got := figure(t, db, tc.scope, 2021, tc.quarter, tc.code)
			if got.OK != tc.want.OK || math.Abs(got.Value-tc.want.Value) > 1e-9 {
				t.Errorf("%s %s Q%d = %+v, want %+v", tc.scope, tc.code, tc.quarter, got, tc.want)
			}
		}

		// Clearing C1's Q2 stock moves "last" back to its Q1 value.
		save(t, db, "C1", 2021, 2, map[string]*float64{"svc_total": nil})
		if got := figure(t, db, "P", 2021, 0, "svc_total"); got.Value != 8 {
			t.Fatalf("after clearing Q2, svc_total = %+v, want 8", got)
		}
		assertRebuildAgrees(t, db)
	})
}

// assertRebuildAgrees checks every derived table the writes kept against a
// rebuild from scratch: the two ways of computing must give the same rows.
func assertRebuildAgrees(t *testing.T, db *store.DB) {
	t.Helper()
	diffs, err := db.CheckDerived(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Error(d)
	}
}

func TestStaleVersionWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		save(t, db, "C2", 2021, 1, map[string]*float64{"hours_cut": f(5)})
		stale := store.ValueWrite{Agency: "C2", Period: kpi.Period{Year: 2021, Quarter: 1}, Values: map[string]*float64{"hours_cut": f(99)}, Version: 0, Actor: "late"}
		if _, err := db.SaveValues(ctx, stale); kpi.ErrorCode(err) != kpi.ECONFLICT {
			t.Fatalf("stale save: %v, want conflict", err)
		}
		if got := figure(t, db, "P", 2021, 0, "hours_cut"); got.Value != 5 {
			t.Fatalf("hours_cut = %v after a refused save, want 5", got.Value)
		}
		if n := countAudit(t, db, "late"); n != 0 {
			t.Fatalf("%d audit rows from a refused save", n)
		}
	})
}

func TestFailedWriteLeavesNoAuditRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		w := store.ValueWrite{Agency: "C2", Period: kpi.Period{Year: 2021, Quarter: 1}, Version: 0, Actor: "tester",
			Values: map[string]*float64{"hours_cut": f(5), "no_such_indicator": f(1)}}
		if _, err := db.SaveValues(ctx, w); kpi.ErrorCode(err) != kpi.EINVALID {
			t.Fatalf("save with an unknown indicator: %v, want invalid", err)
		}
		if n := countAudit(t, db, "tester"); n != 0 {
			t.Fatalf("%d audit rows from a failed save", n)
		}
		save(t, db, "C2", 2021, 1, map[string]*float64{"hours_cut": f(5), "steps_cut": f(2)})
		if n := countAudit(t, db, "tester"); n != 2 {
			t.Fatalf("%d audit rows for two saved values, want 2", n)
		}
	})
}

func countAudit(t *testing.T, db *store.DB, actor string) int {
	t.Helper()
	return storetest.Count(t, db, "SELECT COUNT(*) FROM audit_log WHERE actor = ?", actor)
}

func TestRestartKeepsData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		target := storetest.EmptyTarget(t, engine)
		db := storetest.OpenTarget(t, target)
		if err := db.ImportAgencies(context.Background(), smallTree); err != nil {
			t.Fatal(err)
		}
		save(t, db, "C1", 2021, 3, map[string]*float64{"steps_cut": f(42)})
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		again := storetest.OpenTarget(t, target)
		if got := figure(t, again, "P", 2021, 0, "steps_cut"); got.Value != 42 {
			t.Fatalf("after reopening, steps_cut = %+v, want 42", got)
		}
	})
}

func TestChildAndOwnFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		save(t, db, "C1", 2021, 1, map[string]*float64{"steps_cut": f(3)})
		save(t, db, "D", 2021, 1, map[string]*float64{"steps_cut": f(4)})
		ctx := context.Background()
		children, err := db.ChildFigures(ctx, store.Scope{Agency: "P", Year: 2021})
		if err != nil {
			t.Fatal(err)
		}
		if got := children["D"]["steps_cut"].Value; got != 7 {
			t.Fatalf("district subtree = %v, want 7", got)
		}
		own, err := db.OwnFigures(ctx, store.Scope{Agency: "P", Year: 2021})
		if err != nil {
			t.Fatal(err)
		}
		if got := own["D"]["steps_cut"].Value; got != 4 {
			t.Fatalf("district's own = %v, want 4", got)
		}
	})
}

// TestMain stops the throwaway PostgreSQL cluster the tests may start.
func TestMain(m *testing.M) { storetest.Main(m) }
