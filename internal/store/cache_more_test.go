package store_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/storetest"
)

// TestRankFiguresMatchOwnFigures: the lean one-indicator read gives every
// agency below the scope the very figure OwnFigures derives from all its
// indicators, for every indicator of the catalogue, for a year and a
// quarter, with and without a kind filter.
func TestRankFiguresMatchOwnFigures(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	tree, err := db.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []store.Scope{{Agency: "37", Year: 2021}, {Agency: "37", Year: 2021, Quarter: 3}, {Agency: "377", Year: 2022, Quarter: 2}} {
		own, err := db.OwnFigures(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		below := len(tree.Descendants(s.Agency))
		for _, ind := range db.Catalogue().All() {
			for _, kind := range []kpi.Kind{"", kpi.KindCommune} {
				got, err := db.RankFigures(ctx, store.RankFilter{Scope: s, Indicator: ind.Code, Kind: kind})
				if err != nil {
					t.Fatal(err)
				}
				if kind == "" && len(got) != below {
					t.Fatalf("%+v %s: %d agencies, want every one of the %d below the scope", s, ind.Code, len(got), below)
				}
				for _, g := range got {
					want := own[g.Code][ind.Code]
					if g.Code == s.Agency || (kind != "" && g.Kind != kind) || g.Figure.OK != want.OK || !close(g.Figure.Value, want.Value) {
						t.Errorf("%+v %s kind %q: %s (%s) = %+v, OwnFigures %+v", s, ind.Code, kind, g.Code, g.Kind, g.Figure, want)
					}
				}
			}
		}
	}
	if _, err := db.RankFigures(ctx, store.RankFilter{Scope: store.Scope{Agency: "37", Year: 2021}, Indicator: "nope"}); err == nil {
		t.Fatal("an unknown indicator was ranked")
	}
}

func close(a, b float64) bool { d := a - b; return d < 1e-9 && d > -1e-9 }

// TestCompletenessCountsMatchRows: the GROUP BY counts equal the tally of
// the agency list, and see the next workflow move.
func TestCompletenessCountsMatchRows(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	s := store.Scope{Agency: "37", Year: 2022, Quarter: 2}
	check := func() {
		t.Helper()
		rows, err := db.Completeness(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.CompletenessCounts(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		want := store.StateCounts(rows)
		if len(got) != len(want) {
			t.Fatalf("counts %v, rows %v", got, want)
		}
		for k, states := range want {
			for st, n := range states {
				if got[k][st] != n {
					t.Errorf("%s %q: %d, rows %d", k, st, got[k][st], n)
				}
			}
		}
	}
	check()
	save(t, db, "14722", 2022, 2, map[string]*float64{"hours_cut": f(3)})
	check()
	if _, err := db.CompletenessCounts(ctx, store.Scope{Agency: "37", Year: 2022, Quarter: 5}); err == nil {
		t.Fatal("quarter 5 was counted")
	}
}

// TestOwnFiguresOfMatchOwnFigures: the few rows' cells equal the full read.
func TestOwnFiguresOfMatchOwnFigures(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	codes := []string{"14722", "377", "37-S03"}
	for _, q := range []int{0, 2} {
		s := store.Scope{Agency: "37", Year: 2021, Quarter: q}
		own, _ := db.OwnFigures(ctx, s)
		got, err := db.OwnFiguresOf(ctx, s, codes)
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range codes {
			for ind, want := range own[code] {
				if g := got[code][ind]; g.OK != want.OK || !close(g.Value, want.Value) {
					t.Errorf("Q%d %s %s: %+v, OwnFigures %+v", q, code, ind, g, want)
				}
			}
		}
	}
}

// TestMemoDroppedByAWrite: a memoised value is served until the next
// commit, then loaded again.
func TestMemoDroppedByAWrite(t *testing.T) {
	db := openSmall(t)
	loads := 0
	load := func() (int, error) { loads++; return loads, nil }
	a, _ := store.Memo(db, "k", load)
	b, _ := store.Memo(db, "k", load)
	if a != 1 || b != 1 {
		t.Fatalf("memo gave %d then %d, want 1 twice", a, b)
	}
	save(t, db, "C1", 2021, 1, map[string]*float64{"hours_cut": f(1)})
	if c, _ := store.Memo(db, "k", load); c != 2 {
		t.Fatalf("after a write the memo gave %d, want a fresh load (2)", c)
	}
	tree, _ := db.Tree(context.Background())
	if err := db.ImportAgencies(context.Background(), []kpi.Agency{{Code: "P9", Kind: kpi.KindProvince, Name: "Tỉnh 9"}}); err != nil {
		t.Fatal(err)
	}
	if fresh, _ := db.Tree(context.Background()); fresh.Get("P9") == nil || tree.Get("P9") != nil {
		t.Fatal("the cached tree did not see the new agency")
	}
}
