package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// pendingRows is how many group deltas wait for a fold (none on SQLite,
// whose one writer writes the sums with the save).
func pendingRows(t *testing.T, db *store.DB, engine string) int {
	t.Helper()
	if engine != storetest.Postgres {
		return 0
	}
	return storetest.Count(t, db, "SELECT COUNT(*) FROM pending_sums")
}

// TestFoldedSumsOnEveryInstance: saves streaming in through two instances
// at once leave nothing pending once they have returned, every total above
// them is on both instances at once (each save answered after the fold of
// its deltas), both heard of the saved agencies, and the folded sums equal
// a rebuild.
func TestFoldedSumsOnEveryInstance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		tree := []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "Tỉnh"}, {Code: "D", ParentCode: "P", Kind: kpi.KindDistrict, Name: "Huyện"}}
		for i := range 12 {
			parent := []string{"P", "D"}[i%2]
			tree = append(tree, kpi.Agency{Code: fmt.Sprintf("X%d", i), ParentCode: parent, Kind: kpi.KindCommune, Name: fmt.Sprintf("Xã %d", i)})
		}
		a, b := openTreeTwice(t, engine, tree)
		heard := listen(b)
		var wg sync.WaitGroup
		errs := make(chan error, 12*4)
		for i := range 12 {
			db := []*store.DB{a, b}[i%2]
			wg.Go(func() {
				for q := 1; q <= 4; q++ {
					v := float64(i*10 + q)
					_, err := db.SaveValues(ctx, store.ValueWrite{Agency: fmt.Sprintf("X%d", i), Period: kpi.Period{Year: 2021, Quarter: q},
						Values: map[string]*float64{"hours_cut": &v}, Version: 0, Actor: "t"})
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := pendingRows(t, a, engine); n != 0 {
			t.Fatalf("%d group deltas still pending after every save returned", n)
		}
		want := 0.0
		for i := range 12 {
			want += float64(4*i*10 + 1 + 2 + 3 + 4)
		}
		if err := b.CheckChanges(ctx); err != nil {
			t.Fatal(err)
		}
		for name, db := range map[string]*store.DB{"saving": a, "other": b} {
			if got := figure(t, db, "P", 2021, 0, "hours_cut"); got.Value != want {
				t.Errorf("the %s instance reads the province's year %v, want %v", name, got.Value, want)
			}
		}
		x0, err := b.Agency(ctx, "X0")
		if err != nil {
			t.Fatal(err)
		}
		if n, all := heard.seen(x0.ID); n+all == 0 {
			t.Error("the other instance never heard of X0's saves")
		}
		if diffs, err := a.CheckDerived(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("derived tables: %v (%v)", diffs, err)
		}
	})
}

// TestLeftPendingIsFolded: deltas an instance committed but did not fold
// (it stopped in between) are folded by the next instance that opens and
// by a change of the tree, which folds before it reads the sums; nothing
// is counted twice.
func TestLeftPendingIsFolded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		target := storetest.EmptyTarget(t, engine)
		a := storetest.OpenTarget(t, target)
		if err := a.ImportAgencies(ctx, smallTree); err != nil {
			t.Fatal(err)
		}
		per := kpi.Period{Year: 2021, Quarter: 1}
		if err := store.LeavePending(a, store.ValueWrite{Agency: "C1", Period: per, Values: map[string]*float64{"hours_cut": f(7)}, Version: -1, Actor: "t"}); err != nil {
			t.Fatal(err)
		}
		if engine == storetest.Postgres {
			if n := pendingRows(t, a, engine); n != 1 {
				t.Fatalf("%d pending rows, want the one left", n)
			}
			if got := figure(t, a, "P", 2021, 1, "hours_cut"); got.Value != 0 {
				t.Fatalf("the province reads %v before the fold", got.Value)
			}
		}
		b := storetest.OpenTarget(t, target) // folds what it finds when it opens
		save(t, b, "C2", 2021, 1, map[string]*float64{"hours_cut": f(5)})
		if got := figure(t, b, "P", 2021, 1, "hours_cut"); got.Value != 12 {
			t.Fatalf("the province reads %v, want 12 (the left save and the new one)", got.Value)
		}
		if err := store.LeavePending(b, store.ValueWrite{Agency: "C1", Period: per, Values: map[string]*float64{"hours_cut": f(9)}, Version: -1, Actor: "t"}); err != nil {
			t.Fatal(err)
		}
		if err := b.MoveAgency(ctx, store.AgencyMove{Code: "C1", NewParent: "P", Actor: "admin"}); err != nil {
			t.Fatal(err)
		}
		if n := pendingRows(t, b, engine); n != 0 {
			t.Fatalf("%d pending rows after a move", n)
		}
		for scope, want := range map[string]float64{"P": 14, "D": 0} {
			if got := figure(t, b, scope, 2021, 1, "hours_cut"); got.Value != want {
				t.Errorf("%s reads %v after the move, want %v", scope, got.Value, want)
			}
		}
		if diffs, err := b.CheckDerived(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("derived tables: %v (%v)", diffs, err)
		}
	})
}
