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
		db := threeCommunes(t, engine)
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

// TestGroupBatchWritesWhatSucceeded runs one group of batched saves by
// hand: a save that fails after its rows are queued leaves nothing; a save
// of an agency-year the batch already holds sees the earlier save (its
// report's version, its quarter in the year's figures); a stale version is
// refused; a job with a savepoint of its own between them sees the saves
// before it. The figures equal a rebuild's.
func TestGroupBatchWritesWhatSucceeded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := threeCommunes(t, engine)
		save := func(code string, quarter int, v float64, version int) store.ValueWrite {
			return store.ValueWrite{Agency: code, Period: kpi.Period{Year: 2021, Quarter: quarter},
				Values: map[string]*float64{"hours_cut": &v}, Version: version, Actor: "g" + code}
		}
		writes := []store.ValueWrite{
			save("A", 1, 10, 0),
			save("B", 1, 20, 0), // fails after its rows are queued
			save("A", 2, 5, 0),  // the same agency-year as the first
			save("C", 1, 30, 7), // stale
			save("C", 2, 3, 0),  // in a savepoint of its own
			save("A", 1, 12, 1), // the version the first save left
		}
		errs := store.SaveGroupBatched(db, writes, 1, 4)
		for i, want := range []string{"", "refused", "", kpi.ECONFLICT, "", ""} {
			got := ""
			switch {
			case errs[i] != nil && kpi.ErrorCode(errs[i]) == kpi.ECONFLICT:
				got = kpi.ECONFLICT
			case errs[i] != nil:
				got = errs[i].Error()
			}
			if got != want {
				t.Errorf("save %d: error %v, want %q", i, errs[i], want)
			}
		}
		if n := storetest.Count(t, db, "SELECT COUNT(*) FROM audit_log WHERE actor = 'gB'"); n != 0 {
			t.Fatalf("%d audit rows of the refused save", n)
		}
		if n := storetest.Count(t, db, "SELECT COUNT(*) FROM audit_log WHERE actor = 'gA'"); n != 3 {
			t.Fatalf("%d audit rows of A's saves, want 3", n)
		}
		if vals, _ := db.QuarterValues(ctx, "B", kpi.Period{Year: 2021, Quarter: 1}); len(vals) != 0 {
			t.Fatalf("the refused save left values %v", vals)
		}
		for _, c := range []struct {
			quarter int
			want    float64
		}{{1, 12}, {2, 8}, {0, 20}} {
			figs, err := db.Figures(ctx, store.Scope{Agency: "P", Year: 2021, Quarter: c.quarter})
			if err != nil {
				t.Fatal(err)
			}
			if got := figs["hours_cut"].Value; got != c.want {
				t.Errorf("province hours_cut of Q%d = %v, want %v", c.quarter, got, c.want)
			}
		}
		if sub, err := db.Submission(ctx, "A", kpi.Period{Year: 2021, Quarter: 1}); err != nil || sub.Version != 2 || sub.State != kpi.StateDraft {
			t.Fatalf("A's Q1 report: %+v (%v), want a draft at version 2", sub, err)
		}
		if diffs, err := db.CheckDerived(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("derived tables: %v (%v)", diffs, err)
		}
	})
}

// threeCommunes is a database of province P and its communes A, B and C.
func threeCommunes(t *testing.T, engine string) *store.DB {
	t.Helper()
	db := storetest.OpenOn(t, engine)
	tree := []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "P"},
		{Code: "A", ParentCode: "P", Kind: kpi.KindCommune, Name: "A"},
		{Code: "B", ParentCode: "P", Kind: kpi.KindCommune, Name: "B"},
		{Code: "C", ParentCode: "P", Kind: kpi.KindCommune, Name: "C"}}
	if err := db.ImportAgencies(context.Background(), tree); err != nil {
		t.Fatal(err)
	}
	return db
}
