package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

var allOfP = []string{"P", "S", "D1", "C1", "C2", "D2", "C3", "C4"}

func move(t *testing.T, db *store.DB, code, parent string) {
	t.Helper()
	if err := db.MoveAgency(context.Background(), store.AgencyMove{Code: code, NewParent: parent, Actor: "admin", Source: "test"}); err != nil {
		t.Fatalf("move %s under %s: %v", code, parent, err)
	}
}

// TestMoveCommuneBetweenDistricts: both districts' and the province's
// figures, for the year and each quarter, equal a from-scratch sum over
// their members before and after the move; the closure, the cached tree
// and the audit log follow.
func TestMoveCommuneBetweenDistricts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openTwoDistricts(t, engine)
		ctx := context.Background()
		checkScopes(t, db, "before", map[string][]string{"D1": {"D1", "C1", "C2"}, "D2": {"D2", "C3"}, "P": allOfP})
		first, _ := db.Tree(ctx)
		move(t, db, "C1", "D2")
		checkScopes(t, db, "after", map[string][]string{"D1": {"D1", "C2"}, "D2": {"D2", "C3", "C1"}, "P": allOfP, "C1": {"C1"}})
		checkClosure(t, db)
		tree, _ := db.Tree(ctx)
		if tree == first || tree.Get("C1").ParentCode != "D2" || len(tree.Children("D1")) != 1 {
			t.Fatal("the tree missed the move")
		}
		rows := agencyAudits(t, db)
		if last := rows[len(rows)-1]; last != "agency.move parent D1>D2" {
			t.Fatalf("audit row %q", last)
		}

		// A whole subtree moves: D2 (with C3 and C1) under the department.
		move(t, db, "D2", "S")
		checkClosure(t, db)
		checkScopes(t, db, "subtree", map[string][]string{"S": {"S", "D2", "C3", "C1"}, "D1": {"D1", "C2"}, "P": allOfP})
		// Moving to the same parent changes nothing.
		before := snapshot(t, db)
		move(t, db, "D2", "S")
		if after := snapshot(t, db); after != before {
			t.Fatalf("a move to the same parent wrote %s -> %s", before, after)
		}
	})
}

// TestRefusedMovesChangeNothing: cycles, unknown agencies and parents.
func TestRefusedMovesChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openTwoDistricts(t, engine)
		tests := []struct {
			name, code, parent string
			field, code2       string
		}{
			{"under itself", "D1", "D1", store.AgencyFieldParent, ""},
			{"under its child", "D1", "C2", store.AgencyFieldParent, ""},
			{"the root under a grandchild", "P", "C3", store.AgencyFieldParent, ""},
			{"unknown parent", "C1", "NOPE", store.AgencyFieldParent, ""},
			{"no parent", "C1", "", store.AgencyFieldParent, ""},
			{"unknown agency", "NOPE", "P", "", kpi.ENOTFOUND},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, db)
				err := db.MoveAgency(context.Background(), store.AgencyMove{Code: tc.code, NewParent: tc.parent, Actor: "admin"})
				if tc.field != "" {
					if got := fieldOf(t, err); got != tc.field {
						t.Fatalf("error on %s: %v", got, err)
					}
				} else if kpi.ErrorCode(err) != tc.code2 {
					t.Fatalf("error %v, want %s", err, tc.code2)
				}
				if after := snapshot(t, db); after != before {
					t.Fatalf("a refused move changed %s -> %s", before, after)
				}
			})
		}
		err := db.MoveAgency(context.Background(), store.AgencyMove{Code: "D1", NewParent: "C1"})
		if msg := kpi.ErrorMessage(err, "vi"); !strings.Contains(msg, "Không thể chuyển D1 vào dưới chính nó") {
			t.Fatalf("cycle message %q", msg)
		}
		// A second root is not moved under the first: its subtree's ranking
		// entries have nothing to come from (a reorganisation for a rebuild).
		if _, err := db.CreateAgency(context.Background(), store.AgencyWrite{Code: "R", Kind: kpi.KindProvince, Name: "Tỉnh khác", Actor: "admin"}); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, db)
		err = db.MoveAgency(context.Background(), store.AgencyMove{Code: "R", NewParent: "C1", Actor: "admin"})
		if got := fieldOf(t, err); got != store.AgencyFieldParent {
			t.Fatalf("moving a root: %v", err)
		}
		if after := snapshot(t, db); after != before {
			t.Fatalf("a refused move of a root changed %s -> %s", before, after)
		}
	})
}

// TestDistrictTierRemoval: the 2025 reform. A district's communes move up
// under the province; the district keeps no children and the province's
// figures, in total and by kind, do not change.
func TestDistrictTierRemoval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openTwoDistricts(t, engine)
		ctx := context.Background()
		provinceBefore := allFigures(t, db, "P")
		move(t, db, "C1", "P")
		move(t, db, "C2", "P")
		tree, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(tree.Children("D1")); n != 0 {
			t.Fatalf("D1 keeps %d children", n)
		}
		if tree.Get("C1").ParentCode != "P" || tree.Get("C2").ParentCode != "P" {
			t.Fatal("the communes are not under the province")
		}
		if after := allFigures(t, db, "P"); !reflect.DeepEqual(after, provinceBefore) {
			t.Fatalf("the province changed:\n%v\n%v", provinceBefore, after)
		}
		checkScopes(t, db, "no district tier", map[string][]string{"D1": {"D1"}, "P": allOfP})
		checkClosure(t, db)
	})
}

// allFigures is a scope's figures in total and by kind, for 2021 and each
// of its quarters.
func allFigures(t *testing.T, db *store.DB, scope string) []store.Breakdown {
	t.Helper()
	var out []store.Breakdown
	for q := 0; q <= 4; q++ {
		b, err := db.FiguresByKind(context.Background(), store.Scope{Agency: scope, Year: 2021, Quarter: q})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// TestAgencyWritesAuditInTheirTransaction: when the audit row cannot be
// written (a trigger refuses it), the change itself is rolled back too —
// the audit row and the change are one transaction.
func TestAgencyWritesAuditInTheirTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openTwoDistricts(t, engine)
		ctx := context.Background()
		storetest.RefuseRows(t, db, "no_agency_audit", "audit_log", "NEW.entity = 'agency'", "audit refused")
		before := snapshot(t, db)
		writes := map[string]func() error{
			"create": func() error {
				_, err := db.CreateAgency(ctx, store.AgencyWrite{Code: "C9", ParentCode: "D1", Kind: kpi.KindCommune, Name: "Xã 9"})
				return err
			},
			"update": func() error {
				_, err := db.UpdateAgency(ctx, store.AgencyWrite{Code: "C1", Kind: kpi.KindVertical, Name: "Khác"})
				return err
			},
			"move": func() error { return db.MoveAgency(ctx, store.AgencyMove{Code: "C1", NewParent: "D2"}) },
			"import": func() error {
				return db.ImportAgencies(ctx, []kpi.Agency{{Code: "C8", ParentCode: "D1", Kind: kpi.KindCommune, Name: "Xã 8"}})
			},
		}
		for name, write := range writes {
			if err := write(); err == nil || !strings.Contains(err.Error(), "audit refused") {
				t.Fatalf("%s: %v, want the trigger's refusal", name, err)
			}
			if after := snapshot(t, db); after != before {
				t.Fatalf("%s without its audit row changed %s -> %s", name, before, after)
			}
		}
	})
}
