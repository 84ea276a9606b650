package store_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestGroupChecksTreeAndCatalogue: a group of writes reads the tree's and
// the catalogue's versions at its start (one statement) and uses this
// instance's cached tree and catalogue only when they are those versions.
// After another instance added an agency and saved the catalogue, this
// instance's caches are older: its next group works with the new
// catalogue, and a save of the new agency finds it instead of being
// refused for an unknown agency by the older tree.
func TestGroupChecksTreeAndCatalogue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		a, b := openTreeTwice(t, engine, smallTree)
		if _, err := b.Tree(ctx); err != nil {
			t.Fatal(err)
		}
		before := storetest.Catalogue(t, b).Version
		if v, err := store.GroupCatalogueVersion(b); err != nil || v != before {
			t.Fatalf("a group before any change works with catalogue %d (%v), want %d", v, err, before)
		}
		if _, err := a.CreateAgency(ctx, store.AgencyWrite{Code: "C7", ParentCode: "D", Kind: kpi.KindCommune, Name: "Xã 7", Actor: "admin"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveCatalogue(ctx, store.CatalogueWrite{Definition: withDigitised(storetest.Catalogue(t, a).Definition()),
			Actor: "admin", Source: "test"}); err != nil {
			t.Fatal(err)
		}
		after := storetest.Catalogue(t, a).Version
		if after == before {
			t.Fatal("the catalogue's save did not move its version")
		}
		// Nothing in b has read either version since; its group must.
		if v, err := store.GroupCatalogueVersion(b); err != nil || v != after {
			t.Fatalf("a group after the catalogue was saved elsewhere works with catalogue %d (%v), want %d", v, err, after)
		}
		if _, err := b.SaveValues(ctx, store.ValueWrite{Agency: "C7", Period: kpi.Period{Year: 2021, Quarter: 1},
			Values: map[string]*float64{"hours_cut": f(3)}, Version: -1, Actor: "officer", Source: "test"}); err != nil {
			t.Fatalf("a save of the agency added through the other instance: %v", err)
		}
		assertRebuildAgrees(t, b)
	})
}
