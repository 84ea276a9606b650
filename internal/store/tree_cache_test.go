package store_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store/storetest"
)

// TestTreeFollowsTreeChanges: a value write keeps the cached tree (the
// same one is handed out), a new agency reloads it.
func TestTreeFollowsTreeChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		first, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		save(t, db, "C1", 2021, 1, map[string]*float64{"steps_cut": f(1)})
		again, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if again != first {
			t.Fatal("a value write reloaded the tree")
		}
		if err := db.ImportAgencies(ctx, []kpi.Agency{{Code: "C3", ParentCode: "D", Kind: kpi.KindCommune, Name: "Xã 3"}}); err != nil {
			t.Fatal(err)
		}
		if err := db.ImportAgencies(ctx, []kpi.Agency{{Code: "C3", ParentCode: "P", Kind: kpi.KindCommune, Name: "Trùng"}}); kpi.ErrorCode(err) != kpi.EINVALID {
			t.Fatalf("a duplicate code: %v, want invalid", err)
		}
		after, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after.Get("C3") == nil || !after.InSubtree("P", "C3") {
			t.Fatal("the tree missed a new agency")
		}
	})
}
