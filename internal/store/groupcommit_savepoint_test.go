package store_test

import (
	"context"
	"fmt"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestGroupRollsBackOneSave runs one group by hand: the middle save fails
// after its values and audit rows are written, so only its savepoint is
// rolled back; the saves before and after it commit, with their rollups, in
// the same transaction.
func TestGroupRollsBackOneSave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := storetest.OpenOn(t, engine)
		tree := []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "P"},
			{Code: "A", ParentCode: "P", Kind: kpi.KindCommune, Name: "A"},
			{Code: "B", ParentCode: "P", Kind: kpi.KindCommune, Name: "B"},
			{Code: "C", ParentCode: "P", Kind: kpi.KindCommune, Name: "C"}}
		if err := db.ImportAgencies(ctx, tree); err != nil {
			t.Fatal(err)
		}
		per := kpi.Period{Year: 2021, Quarter: 1}
		var writes []store.ValueWrite
		for i, code := range []string{"A", "B", "C"} {
			v := float64(10 * (i + 1))
			writes = append(writes, store.ValueWrite{Agency: code, Period: per, Values: map[string]*float64{"hours_cut": &v}, Version: 0, Actor: "g" + code})
		}
		errs := store.SaveGroup(db, writes, 1)
		for i, want := range []string{"<nil>", "refused", "<nil>"} {
			if got := fmt.Sprint(errs[i]); got != want {
				t.Errorf("save %d: error %s, want %s", i, got, want)
			}
		}
		if n := storetest.Count(t, db, "SELECT COUNT(*) FROM audit_log WHERE actor = 'gB'"); n != 0 {
			t.Fatalf("%d audit rows of the refused save", n)
		}
		figs, err := db.Figures(ctx, store.Scope{Agency: "P", Year: 2021, Quarter: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := figs["hours_cut"].Value; got != 40 {
			t.Fatalf("province hours_cut = %v, want 40 (A and C, not B)", got)
		}
		if vals, _ := db.QuarterValues(ctx, "B", per); len(vals) != 0 {
			t.Fatalf("the refused save left values %v", vals)
		}
		if diffs, err := db.CheckDerived(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("derived tables: %v (%v)", diffs, err)
		}
	})
}

// TestPreparedSaveFallsBack: a save worked out before it reached the
// writer is used only if the agency-year it was worked out on is unchanged;
// after a save of another quarter of that year, or a change of the agency's
// kind, the writer works it out again, and the derived tables stay those of
// a rebuild.
func TestPreparedSaveFallsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := storetest.OpenOn(t, engine)
		if err := db.ImportAgencies(ctx, []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "P"},
			{Code: "C", ParentCode: "P", Kind: kpi.KindCommune, Name: "C"}}); err != nil {
			t.Fatal(err)
		}
		write := func(q int, v float64) store.ValueWrite {
			return store.ValueWrite{Agency: "C", Period: kpi.Period{Year: 2021, Quarter: q}, Values: map[string]*float64{"hours_cut": &v}, Version: -1, Actor: "t"}
		}
		meanwhile := []struct {
			name string
			do   func() error
		}{
			{"a save of another quarter", func() error { _, err := db.SaveValues(ctx, write(2, 5)); return err }},
			{"a change of kind", func() error {
				_, err := db.UpdateAgency(ctx, store.AgencyWrite{Code: "C", Name: "C", Kind: kpi.KindDistrict, Actor: "admin"})
				return err
			}},
		}
		for i, m := range meanwhile {
			w := write(1, float64(10*(i+1)))
			prep := store.PrepareSave(ctx, db, w)
			if err := m.do(); err != nil {
				t.Fatal(err)
			}
			if store.PreparedHolds(ctx, db, prep, "C", 2021) {
				t.Fatalf("after %s the prepared save still holds", m.name)
			}
			if err := store.SavePrepared(ctx, db, w, prep); err != nil {
				t.Fatal(err)
			}
			if diffs, err := db.CheckDerived(ctx); err != nil || len(diffs) > 0 {
				t.Fatalf("after %s: %v (%v)", m.name, diffs, err)
			}
			figs, err := db.Figures(ctx, store.Scope{Agency: "P", Year: 2021})
			if err != nil || figs["hours_cut"].Value != float64(10*(i+1))+5 {
				t.Fatalf("after %s: province hours_cut %v (%v)", m.name, figs["hours_cut"], err)
			}
		}
	})
}
