package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestChangeNamesYears: the change signal names the agencies and the years
// of the figures a commit changed — a save, a submission, a batch over two
// years — both to this process's listeners and, through the changes log,
// to another process on the same database (SQLite's changes log,
// PostgreSQL's notifications); a change of the tree or the targets
// is All, which every year's cache must heed.
func TestChangeNamesYears(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db, other := twoProcesses(t, engine)
		var mu sync.Mutex
		var here, there []store.Change
		db.OnChange(func(ch store.Change) { mu.Lock(); here = append(here, ch); mu.Unlock() })
		other.OnChange(func(ch store.Change) { mu.Lock(); there = append(there, ch); mu.Unlock() })
		if err := other.CheckChanges(ctx); err != nil { // the tree's import
			t.Fatal(err)
		}
		tree, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c1 := tree.Get("C1").ID
		last := func(chs *[]store.Change) store.Change {
			mu.Lock()
			defer mu.Unlock()
			if len(*chs) == 0 {
				return store.Change{}
			}
			ch := (*chs)[len(*chs)-1]
			*chs = nil
			return ch
		}
		check := func(what string, want store.Change) {
			t.Helper()
			if err := other.CheckChanges(ctx); err != nil {
				t.Fatal(err)
			}
			for who, got := range map[string]store.Change{"this process": last(&here), "the other process": last(&there)} {
				if got.All != want.All || !want.All && (!slices.Equal(got.Agencies, want.Agencies) || !slices.Equal(got.Years, want.Years)) {
					t.Errorf("%s: %s was told %+v, want %+v", what, who, got, want)
				}
			}
		}
		save(t, db, "C1", 2021, 2, map[string]*float64{"steps_cut": f(3)})
		check("a save", store.Change{Agencies: []int64{c1}, Years: []int{2021}})
		if _, err := db.Submit(ctx, store.Transition{Agency: "C1", Period: kpi.Period{Year: 2021, Quarter: 2}, Actor: "o", Version: -1}); err != nil {
			t.Fatal(err)
		}
		check("a submission", store.Change{Agencies: []int64{c1}, Years: []int{2021}})
		_, err = db.SaveValuesBatch(ctx, []store.ValueWrite{
			{Agency: "C1", Period: kpi.Period{Year: 2020, Quarter: 4}, Values: map[string]*float64{"steps_cut": f(1)}, Version: -1, Actor: "o", Source: "test"},
			{Agency: "C1", Period: kpi.Period{Year: 2022, Quarter: 1}, Values: map[string]*float64{"steps_cut": f(2)}, Version: -1, Actor: "o", Source: "test"},
		})
		if err != nil {
			t.Fatal(err)
		}
		check("a batch over two years", store.Change{Agencies: []int64{c1}, Years: []int{2020, 2022}})
		if err := db.SetTargets(ctx, store.TargetWrite{Targets: []kpi.Target{{AgencyCode: "P", Indicator: "ontime_rate", Year: 2021, Value: 95}}, Actor: "a"}); err != nil {
			t.Fatal(err)
		}
		check("a target", store.Change{All: true})
		for _, tc := range []struct {
			ch   store.Change
			year int
			want bool
		}{
			{store.Change{Agencies: []int64{c1}, Years: []int{2021}}, 2021, true},
			{store.Change{Agencies: []int64{c1}, Years: []int{2021}}, 2020, false},
			{store.Change{Agencies: []int64{c1}}, 2020, true}, // years not known: any
			{store.Change{All: true, Years: []int{2021}}, 2020, true},
		} {
			if got := tc.ch.HasYear(tc.year); got != tc.want {
				t.Errorf("%+v.HasYear(%d) = %v", tc.ch, tc.year, got)
			}
		}
	})
}

// TestChecksSeeEarlierCommits: a check of changes returns only once every
// commit made before it began was told, however many checks run at once
// (concurrent checks share one look at the database: a look already under
// way when a check begins may predate a commit, so it cannot answer it).
func TestChecksSeeEarlierCommits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db, other := twoProcesses(t, engine)
		if err := other.CheckChanges(ctx); err != nil {
			t.Fatal(err)
		}
		tree, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c1 := tree.Get("C1").ID
		var mu sync.Mutex
		heard := 0 // changes of C1 the other process was told
		other.OnChange(func(ch store.Change) {
			if slices.Contains(ch.Agencies, c1) {
				mu.Lock()
				heard++
				mu.Unlock()
			}
		})
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 { // checks running all the time, as requests do
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
						if err := other.CheckChanges(ctx); err != nil {
							t.Error(err)
							return
						}
					}
				}
			})
		}
		defer func() { close(stop); wg.Wait() }()
		for i := 1; i <= 60; i++ {
			save(t, db, "C1", 2021, 2, map[string]*float64{"steps_cut": f(float64(i))})
			if err := other.CheckChanges(ctx); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			got := heard
			mu.Unlock()
			if got < i {
				t.Fatalf("after save %d and a check begun after it, the other process was told of %d saves", i, got)
			}
		}
	})
}

// twoProcesses opens a database of smallTree on the engine and a second
// store on it, as another process (instance) would be; the second has not
// looked for the first one's changes yet.
func twoProcesses(t *testing.T, engine string) (db, other *store.DB) {
	t.Helper()
	target := storetest.EmptyTarget(t, engine)
	db = storetest.OpenTarget(t, target)
	if err := db.ImportAgencies(context.Background(), smallTree); err != nil {
		t.Fatal(err)
	}
	return db, storetest.OpenTarget(t, target)
}
