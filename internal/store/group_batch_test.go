package store_test

import (
	"context"
	"fmt"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestLargeGroupBatch: one group of more saves than a multi-row statement
// takes rows at once (256 a chunk on SQLite; one statement of arrays on
// PostgreSQL) stores every save's values, audit rows and report, its sums
// reach the province, and a second group that moves half of them keeps
// the derived tables equal to a rebuild.
func TestLargeGroupBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := storetest.OpenOn(t, engine)
		const n = 300
		tree := []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "P"}}
		for i := range n {
			tree = append(tree, kpi.Agency{Code: fmt.Sprintf("X%d", i), ParentCode: "P", Kind: kpi.KindCommune, Name: fmt.Sprintf("Xã %d", i)})
		}
		if err := db.ImportAgencies(ctx, tree); err != nil {
			t.Fatal(err)
		}
		group := func(step, version int) float64 {
			var writes []store.ValueWrite
			total := 0.0
			for i := range n {
				v := float64(i + 1)
				if i%2 == 1 {
					v *= float64(step)
				}
				total += v
				writes = append(writes, store.ValueWrite{Agency: fmt.Sprintf("X%d", i), Period: kpi.Period{Year: 2021, Quarter: 1},
					Values: map[string]*float64{"hours_cut": &v}, Version: version, Actor: "g"})
			}
			for i, err := range store.SaveGroupBatched(db, writes, -1, -1) {
				if err != nil {
					t.Fatalf("step %d, save %d: %v", step, i, err)
				}
			}
			return total
		}
		for _, c := range []struct{ step, audits int }{{1, n}, {2, n + n/2}} { // step 2 changes every other value
			step, want := c.step, c.audits
			total := group(step, step-1)
			if got := storetest.Count(t, db, "SELECT COUNT(*) FROM audit_log WHERE action = 'value.save'"); got != want {
				t.Errorf("step %d: %d audit rows, want %d", step, got, want)
			}
			figs, err := db.Figures(ctx, store.Scope{Agency: "P", Year: 2021, Quarter: 1})
			if err != nil {
				t.Fatal(err)
			}
			if got := figs["hours_cut"].Value; got != total {
				t.Errorf("step %d: province hours_cut = %v, want %v", step, got, total)
			}
			if sub, err := db.Submission(ctx, fmt.Sprintf("X%d", n-1), kpi.Period{Year: 2021, Quarter: 1}); err != nil || sub.Version != step {
				t.Fatalf("step %d: the last agency's report %+v (%v), want version %d", step, sub, err, step)
			}
		}
		if diffs, err := db.CheckDerived(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("derived tables: %v (%v)", diffs, err)
		}
	})
}
