package web

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

// TestViewCacheFollowsSaves: a save is seen by the next read of each scope
// above the saved agency (itself, its district, the province), and no other
// scope's cached view is loaded again; a save by another process on the
// same file is seen the same way.
func TestViewCacheFollowsSaves(t *testing.T) {
	ctx := context.Background()
	path := storetest.DemoFile(t)
	db := storetest.OpenPath(t, path)
	c := newViewCache(db, 0)
	var mu sync.Mutex
	loads := map[string]int{}
	get := func(scope string) float64 {
		v, err := cachedView(ctx, c, scope, "hours:"+scope, func(ctx context.Context) (float64, error) {
			mu.Lock()
			loads[scope]++
			mu.Unlock()
			f, err := db.Figures(ctx, store.Scope{Agency: scope, Year: 2022, Quarter: 3})
			return f["hours_cut"].Value, err
		})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	above, unrelated := []string{"14722", "377", "37"}, []string{"369", "37-S03"}
	before := map[string]float64{}
	for _, s := range append(append([]string{}, above...), unrelated...) {
		before[s] = get(s)
		get(s) // the second read is the cache's
	}
	saveHours := func(db *store.DB, agency string, v float64) {
		if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: agency, Period: kpi.Period{Year: 2022, Quarter: 3},
			Values: map[string]*float64{"hours_cut": &v}, Version: -1, Actor: "t", Source: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	saveHours(db, "14722", 40)
	for _, s := range above {
		if got := get(s); got != before[s]+40 || loads[s] != 2 {
			t.Errorf("%s after the save: %v (loaded %d times), want %v from a second load", s, got, loads[s], before[s]+40)
		}
	}
	for _, s := range unrelated {
		if get(s); loads[s] != 1 {
			t.Errorf("%s was loaded %d times: an unrelated save made its view stale", s, loads[s])
		}
	}
	other := storetest.OpenPath(t, path) // another process on the same file
	saveHours(other, "14722", 45)
	if got := get("37"); got != before["37"]+45 || loads["37"] != 3 {
		t.Errorf("the province after another process's save: %v (loaded %d times), want %v", got, loads["37"], before["37"]+45)
	}
	if get("369"); loads["369"] != 1 {
		t.Errorf("another process's save made an unrelated view stale")
	}
}

// TestViewCacheYears: a view of one year's figures stays cached while
// saves change another year's, here and in another process, and is loaded
// again by the next read after a save of its own year or a change of
// everything (a target).
func TestViewCacheYears(t *testing.T) {
	ctx := context.Background()
	path := storetest.DemoFile(t)
	db := storetest.OpenPath(t, path)
	c := newViewCache(db, 0)
	loads := 0
	get := func() float64 {
		v := view{scope: "37", year: 2023, key: "hours:2023"}
		f, err := cachedYearView(ctx, c, v, func(ctx context.Context) (float64, error) {
			loads++
			f, err := db.Figures(ctx, store.Scope{Agency: "37", Year: 2023, Quarter: 1})
			return f["hours_cut"].Value, err
		})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	saveHours := func(db *store.DB, p kpi.Period, v float64) {
		t.Helper()
		if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: "14722", Period: p,
			Values: map[string]*float64{"hours_cut": &v}, Version: -1, Actor: "t", Source: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	before := get()
	saveHours(db, kpi.Period{Year: 2022, Quarter: 3}, 40)
	other := storetest.OpenPath(t, path) // another process on the same file
	saveHours(other, kpi.Period{Year: 2022, Quarter: 4}, 41)
	if get(); loads != 1 {
		t.Fatalf("saves of 2022 made the view of 2023 stale: loaded %d times", loads)
	}
	saveHours(other, kpi.Period{Year: 2023, Quarter: 1}, 7)
	if got := get(); got != before+7 || loads != 2 {
		t.Fatalf("after another process's save of 2023: %v (loaded %d times), want %v from a second load", got, loads, before+7)
	}
	if err := db.SetTargets(ctx, store.TargetWrite{Targets: []kpi.Target{{AgencyCode: "37", Indicator: "ontime_rate", Year: 2024, Value: 99}}, Actor: "t"}); err != nil {
		t.Fatal(err)
	}
	if get(); loads != 3 {
		t.Fatalf("a target (a change of everything) left the view of 2023: loaded %d times", loads)
	}
}

// TestViewCacheLag: with a lag, a lagged view of a scope (the overview's)
// is served from the cache while agencies below its scope save, and an
// exact view of the same scope is loaded again on the next read; a save
// of the scope's own agency makes even the lagged view stale at once. Once
// the lag has passed since its load began, the next read sees the saves
// (loaded again ahead of the lag in the background, or by that read):
// past half the lag a read is still answered from the cache and starts
// that background load.
func TestViewCacheLag(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenPath(t, storetest.DemoFile(t))
	var mu sync.Mutex
	loads := map[string]int{}
	get := func(c *viewCache, lagged bool) float64 {
		key := fmt.Sprintf("hours:%v:%p", lagged, c)
		read := func(ctx context.Context) (float64, error) {
			mu.Lock()
			loads[key]++
			mu.Unlock()
			f, err := db.Figures(ctx, store.Scope{Agency: "37", Year: 2022, Quarter: 3})
			return f["hours_cut"].Value, err
		}
		get := cachedView[float64]
		if lagged {
			get = cachedLaggedView[float64]
		}
		v, err := get(ctx, c, "37", key, read)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	count := func(c *viewCache, lagged bool) int {
		mu.Lock()
		defer mu.Unlock()
		return loads[fmt.Sprintf("hours:%v:%p", lagged, c)]
	}
	save := func(agency string, v float64) {
		t.Helper()
		if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: agency, Period: kpi.Period{Year: 2022, Quarter: 3},
			Values: map[string]*float64{"hours_cut": &v}, Version: -1, Actor: "t", Source: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	long, short := newViewCache(db, time.Hour), newViewCache(db, 200*time.Millisecond)
	before := get(long, true)
	get(long, false)
	get(short, true)
	save("14722", 40)
	if got := get(long, true); got != before || count(long, true) != 1 {
		t.Errorf("within the lag the lagged view was loaded again: %v, %d loads", got, count(long, true))
	}
	if got := get(long, false); got != before+40 || count(long, false) != 2 {
		t.Errorf("the exact view after the save: %v, %d loads, want %v", got, count(long, false), before+40)
	}
	save("37", 3) // the province's own figures: never lagged
	if got := get(long, true); got != before+43 || count(long, true) != 2 {
		t.Errorf("after the scope's own save: %v, %d loads, want %v", got, count(long, true), before+43)
	}
	time.Sleep(250 * time.Millisecond)
	if got := get(short, true); got != before+43 {
		t.Errorf("past the lag: %v, want %v", got, before+43)
	}
	// Past half its lag, a read is answered from the cache and starts the
	// load that brings the view up to date, which the next read takes.
	ahead := newViewCache(db, 4*time.Second)
	v0 := get(ahead, true)
	save("14722", 50)
	time.Sleep(2100 * time.Millisecond)
	if got := get(ahead, true); got != v0 {
		t.Errorf("past half the lag the read waited for a load: %v, want %v", got, v0)
	}
	got := v0
	for wait := time.Now(); got != v0+10 && time.Since(wait) < 1500*time.Millisecond; got = get(ahead, true) {
		time.Sleep(10 * time.Millisecond)
	}
	if got != v0+10 || count(ahead, true) != 2 {
		t.Errorf("after the refresh ahead: %v (%d loads), want %v from the background load", got, count(ahead, true), v0+10)
	}
}
