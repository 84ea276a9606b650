package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// concurrentTree is a province with four districts of ten communes.
func concurrentTree() []kpi.Agency {
	out := []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "Tỉnh"}}
	for d := 1; d <= 4; d++ {
		dc := fmt.Sprintf("D%d", d)
		out = append(out, kpi.Agency{Code: dc, ParentCode: "P", Kind: kpi.KindDistrict, Name: "Huyện " + dc})
		for c := 1; c <= 10; c++ {
			code := fmt.Sprintf("%s-C%d", dc, c)
			out = append(out, kpi.Agency{Code: code, ParentCode: dc, Kind: kpi.KindCommune, Name: "Xã " + code})
		}
	}
	return out
}

// TestConcurrentSaves has many goroutines saving at once, so the group
// writer commits several saves per transaction, some of which fail: each
// commune's own quarter (five saves in a row, each with the version the
// last one returned), one shared quarter everyone saves with the same
// version (one wins, the others get ECONFLICT), a locked quarter (all
// refused) and an unknown agency. Then nothing is lost, the refused saves
// left no audit rows, and the incremental rollups equal a rebuild.
func TestConcurrentSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openTree(t, engine, concurrentTree())
		ctx := context.Background()
		shared, locked := kpi.Period{Year: 2021, Quarter: 2}, kpi.Period{Year: 2021, Quarter: 3}
		lockQuarter(t, db, "D2", locked)
		var communes []string
		for _, a := range concurrentTree() {
			if a.Kind == kpi.KindCommune {
				communes = append(communes, a.Code)
			}
		}
		type outcome struct{ ok, conflict, other int }
		results := make([]outcome, len(communes))
		var ready, wg sync.WaitGroup
		start := make(chan struct{}, len(communes)) // a gate (this package's close is a helper)
		ready.Add(len(communes))
		for i, code := range communes {
			wg.Go(func() {
				sub, err := db.Submission(ctx, "D1", shared)
				ready.Done()
				<-start
				if err != nil {
					t.Error(err)
					return
				}
				results[i] = concurrentWork(ctx, db, i, code, sub.Version, shared, locked)
			})
		}
		ready.Wait()
		for range communes {
			start <- struct{}{}
		}
		wg.Wait()
		var sharedWins int
		for i, r := range results {
			if r.other != 0 {
				t.Errorf("goroutine %d: %d unexpected errors", i, r.other)
			}
			sharedWins += r.ok
			if r.conflict != 1+1-r.ok { // the locked save always, the shared one unless it won
				t.Errorf("goroutine %d: %d conflicts, shared save won: %d", i, r.conflict, r.ok)
			}
		}
		if sharedWins != 1 {
			t.Fatalf("%d saves of the shared quarter with the same version succeeded, want 1", sharedWins)
		}
		for i, code := range communes {
			got, err := db.QuarterValues(ctx, code, kpi.Period{Year: 2021, Quarter: 1})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]float64{"hours_cut": float64(i*10 + 5), "steps_cut": 5}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: %v, want %v (a lost write)", code, got, want)
			}
		}
		for _, actor := range []string{"locked", "nobody"} {
			if n := countAudit(t, db, actor); n != 0 {
				t.Errorf("%d audit rows of refused saves by %s", n, actor)
			}
		}
		assertRollupsRebuild(t, db)
	})
}

// concurrentWork is one goroutine's saves; it counts the outcomes of the
// shared and locked saves (its own saves must all succeed).
func concurrentWork(ctx context.Context, db *store.DB, i int, code string, sharedVersion int, shared, locked kpi.Period) (r struct{ ok, conflict, other int }) {
	count := func(err error) {
		switch {
		case err == nil:
			r.ok++
		case kpi.ErrorCode(err) == kpi.ECONFLICT:
			r.conflict++
		default:
			r.other++
		}
	}
	own, version := kpi.Period{Year: 2021, Quarter: 1}, 0
	for k := 1; k <= 5; k++ {
		vals := map[string]*float64{"hours_cut": f(float64(i*10 + k)), "steps_cut": f(float64(k)), "svc_total": f(float64(i))}
		if k == 5 {
			vals["svc_total"] = nil // the last save clears a value
		}
		v, err := db.SaveValues(ctx, store.ValueWrite{Agency: code, Period: own, Values: vals, Version: version, Actor: "own", Source: "test"})
		if err != nil {
			r.other++
			return r
		}
		version = v
		if k == 2 {
			_, err := db.SaveValues(ctx, store.ValueWrite{Agency: "D1", Period: shared, Values: map[string]*float64{"hours_cut": f(float64(i))},
				Version: sharedVersion, Actor: "shared", Source: "test"})
			count(err)
			_, err = db.SaveValues(ctx, store.ValueWrite{Agency: "D2", Period: locked, Values: map[string]*float64{"hours_cut": f(1)},
				Version: -1, Actor: "locked", Source: "test"})
			if kpi.ErrorCode(err) == kpi.ECONFLICT {
				r.conflict++
			} else {
				r.other++
			}
			_, err = db.SaveValues(ctx, store.ValueWrite{Agency: "NO-SUCH", Period: own, Values: vals, Version: -1, Actor: "nobody"})
			if kpi.ErrorCode(err) != kpi.ENOTFOUND {
				r.other++
			}
		}
	}
	return r
}

func openTree(t *testing.T, engine string, tree []kpi.Agency) *store.DB {
	t.Helper()
	db := storetest.OpenOn(t, engine)
	if err := db.ImportAgencies(context.Background(), tree); err != nil {
		t.Fatal(err)
	}
	return db
}

// lockQuarter marks an agency's quarter approved, as the workflow would.
func lockQuarter(t *testing.T, db *store.DB, agency string, p kpi.Period) {
	t.Helper()
	storetest.Exec(t, db, `INSERT INTO submissions (agency_id, dataset_id, year, period, state, version, updated_at)
		SELECT id, 1, ?, ?, 'approved', 1, ? FROM agencies WHERE code = ?`, p.Year, p.Code(), time.Now().Unix(), agency)
	// Written beside the write path: the derived tables follow by a rebuild.
	if err := db.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// assertRollupsRebuild checks that the derived tables the concurrent saves
// kept equal a rebuild from the values.
func assertRollupsRebuild(t *testing.T, db *store.DB) {
	t.Helper()
	assertRebuildAgrees(t, db)
}
