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

// TestConcurrentSaves has many goroutines saving at once through two
// instances on one database, so each instance's group writers commit
// several saves per transaction while the other instance's do too, and
// some saves fail: each commune's own quarter (five saves in a row, each
// with the version the last one returned), the last quarter of the next
// commune's same year (written meanwhile by that commune's own goroutine,
// often through the other instance), one shared quarter everyone saves with
// the same version (one wins, the others get ECONFLICT), a locked quarter
// (all refused) and an unknown agency. Then nothing is lost, the refused
// saves left no audit rows, and the incremental rollups equal a rebuild.
func TestConcurrentSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		a, b := openTreeTwice(t, engine, concurrentTree())
		ctx := context.Background()
		shared, locked := kpi.Period{Year: 2021, Quarter: 2}, kpi.Period{Year: 2021, Quarter: 3}
		lockQuarter(t, a, "D2", locked)
		var communes []string
		for _, ag := range concurrentTree() {
			if ag.Kind == kpi.KindCommune {
				communes = append(communes, ag.Code)
			}
		}
		results := make([]outcome, len(communes))
		var ready, wg sync.WaitGroup
		start := make(chan struct{}, len(communes)) // a gate (this package's close is a helper)
		ready.Add(len(communes))
		for i, code := range communes {
			wg.Go(func() {
				db := []*store.DB{a, b}[i%2]
				sub, err := db.Submission(ctx, "D1", shared)
				ready.Done()
				<-start
				if err != nil {
					t.Error(err)
					return
				}
				results[i] = concurrentWork(ctx, db, work{i: i, code: code, next: communes[(i+1)%len(communes)],
					sharedVersion: sub.Version, shared: shared, locked: locked})
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
			got, err := b.QuarterValues(ctx, code, kpi.Period{Year: 2021, Quarter: 1})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]float64{"hours_cut": float64(i*10 + 5), "steps_cut": 5}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: %v, want %v (a lost write)", code, got, want)
			}
			prev := (i + len(communes) - 1) % len(communes)
			got, err = a.QuarterValues(ctx, code, kpi.Period{Year: 2021, Quarter: 4})
			if err != nil || got["hours_cut"] != float64(prev*100+5) {
				t.Errorf("%s Q4: %v, want hours_cut %d (%v)", code, got, prev*100+5, err)
			}
		}
		for _, actor := range []string{"locked", "nobody"} {
			if n := countAudit(t, a, actor); n != 0 {
				t.Errorf("%d audit rows of refused saves by %s", n, actor)
			}
		}
		assertRollupsRebuild(t, a)
	})
}

// work is one goroutine's part of TestConcurrentSaves.
type work struct {
	i              int
	code, next     string
	sharedVersion  int
	shared, locked kpi.Period
}

type outcome struct{ ok, conflict, other int }

// concurrentWork is one goroutine's saves; it counts the outcomes of the
// shared and locked saves (its own saves must all succeed).
func concurrentWork(ctx context.Context, db *store.DB, w work) (r outcome) {
	own, version := kpi.Period{Year: 2021, Quarter: 1}, 0
	for k := 1; k <= 5; k++ {
		vals := map[string]*float64{"hours_cut": f(float64(w.i*10 + k)), "steps_cut": f(float64(k)), "svc_total": f(float64(w.i))}
		if k == 5 {
			vals["svc_total"] = nil // the last save clears a value
		}
		v, err := db.SaveValues(ctx, store.ValueWrite{Agency: w.code, Period: own, Values: vals, Version: version, Actor: "own", Source: "test"})
		if err != nil {
			r.other++
			return r
		}
		version = v
		if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: w.next, Period: kpi.Period{Year: 2021, Quarter: 4},
			Values: map[string]*float64{"hours_cut": f(float64(w.i*100 + k))}, Version: -1, Actor: "neighbour", Source: "test"}); err != nil {
			r.other++
		}
		if k == 2 {
			refusedSaves(ctx, db, w, &r)
		}
	}
	return r
}

// refusedSaves are the shared, the locked and the unknown agency's saves.
func refusedSaves(ctx context.Context, db *store.DB, w work, r *outcome) {
	_, err := db.SaveValues(ctx, store.ValueWrite{Agency: "D1", Period: w.shared, Values: map[string]*float64{"hours_cut": f(float64(w.i))},
		Version: w.sharedVersion, Actor: "shared", Source: "test"})
	switch {
	case err == nil:
		r.ok++
	case kpi.ErrorCode(err) == kpi.ECONFLICT:
		r.conflict++
	default:
		r.other++
	}
	_, err = db.SaveValues(ctx, store.ValueWrite{Agency: "D2", Period: w.locked, Values: map[string]*float64{"hours_cut": f(1)},
		Version: -1, Actor: "locked", Source: "test"})
	if kpi.ErrorCode(err) == kpi.ECONFLICT {
		r.conflict++
	} else {
		r.other++
	}
	_, err = db.SaveValues(ctx, store.ValueWrite{Agency: "NO-SUCH", Period: kpi.Period{Year: 2021, Quarter: 1},
		Values: map[string]*float64{"hours_cut": f(1)}, Version: -1, Actor: "nobody"})
	if kpi.ErrorCode(err) != kpi.ENOTFOUND {
		r.other++
	}
}

// openTreeTwice opens two stores on one new database holding tree, as two
// instances of the application would.
func openTreeTwice(t *testing.T, engine string, tree []kpi.Agency) (*store.DB, *store.DB) {
	t.Helper()
	target := storetest.EmptyTarget(t, engine)
	a := storetest.OpenTarget(t, target)
	if err := a.ImportAgencies(context.Background(), tree); err != nil {
		t.Fatal(err)
	}
	return a, storetest.OpenTarget(t, target)
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
