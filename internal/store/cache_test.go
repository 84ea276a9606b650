package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/storetest"
)

// TestCachedReadsSeeTheNextWrite: a dashboard read right after a save shows
// it, for every cached read, although the same reads were just cached.
func TestCachedReadsSeeTheNextWrite(t *testing.T) {
	db := openSmall(t)
	ctx := context.Background()
	save(t, db, "C1", 2021, 1, map[string]*float64{"hours_cut": f(10)})
	s := store.Scope{Agency: "P", Year: 2021}
	for range 2 { // the second round is served from the cache
		if got := figure(t, db, "P", 2021, 0, "hours_cut"); got.Value != 10 {
			t.Fatalf("hours_cut = %+v, want 10", got)
		}
	}
	save(t, db, "C1", 2021, 2, map[string]*float64{"hours_cut": f(5)})
	save(t, db, "C2", 2022, 3, map[string]*float64{"hours_cut": f(7)})
	checks := []struct {
		name string
		got  func() float64
		want float64
	}{
		{"Figures", func() float64 { return figure(t, db, "P", 2021, 0, "hours_cut").Value }, 15},
		{"FiguresByKind", func() float64 {
			b, err := db.FiguresByKind(ctx, s)
			must(t, err)
			return b.ByKind[kpi.KindCommune]["hours_cut"].Value
		}, 15},
		{"Totals", func() float64 {
			tot, err := db.Totals(ctx, s)
			must(t, err)
			return tot["hours_cut"].Sum
		}, 15},
		{"ChildFigures", func() float64 {
			c, err := db.ChildFigures(ctx, s)
			must(t, err)
			return c["D"]["hours_cut"].Value
		}, 15},
		{"OwnFigures", func() float64 {
			o, err := db.OwnFigures(ctx, s)
			must(t, err)
			return o["C1"]["hours_cut"].Value
		}, 15},
		{"Years", func() float64 {
			y, err := db.Years(ctx)
			must(t, err)
			return float64(y[0])
		}, 2022},
		{"Quarters", func() float64 {
			q, err := db.Quarters(ctx, 2021)
			must(t, err)
			return float64(len(q))
		}, 2},
	}
	for _, c := range checks {
		if got := c.got(); got != c.want {
			t.Errorf("%s after a save = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCacheSeesAnotherInstance: two app instances on one SQLite file; a
// save through one, or any commit at all (here a raw UPDATE), shows on the
// other's next read although that one had the figure cached.
func TestCacheSeesAnotherInstance(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	a := storetest.OpenPath(t, path)
	b := storetest.OpenPath(t, path)
	must(t, a.ImportAgencies(context.Background(), smallTree))
	save(t, a, "C1", 2021, 1, map[string]*float64{"steps_cut": f(3)})
	for range 2 {
		if got := figure(t, a, "P", 2021, 0, "steps_cut"); got.Value != 3 {
			t.Fatalf("steps_cut = %+v, want 3", got)
		}
	}
	save(t, b, "C2", 2021, 1, map[string]*float64{"steps_cut": f(4)})
	if got := figure(t, a, "P", 2021, 0, "steps_cut"); got.Value != 7 {
		t.Fatalf("instance A after instance B saved: steps_cut = %+v, want 7", got)
	}
	must(t, b.WriteTx(context.Background(), func(tx *sqlx.Tx) error {
		_, err := tx.Exec("UPDATE rollups SET sum = sum + 100 WHERE indicator = 'steps_cut' AND quarter = 0")
		return err
	}))
	if got := figure(t, a, "P", 2021, 0, "steps_cut"); got.Value != 107 {
		t.Fatalf("instance A after a raw commit: steps_cut = %+v, want 107", got)
	}
}

// TestCacheHandsOutCopies: a caller that changes the maps it got cannot
// change what the next caller reads.
func TestCacheHandsOutCopies(t *testing.T) {
	db := openSmall(t)
	ctx := context.Background()
	save(t, db, "C1", 2021, 1, map[string]*float64{"hours_cut": f(10)})
	s := store.Scope{Agency: "P", Year: 2021}
	figs, err := db.Figures(ctx, s)
	must(t, err)
	figs["hours_cut"] = kpi.Figure{Value: -1, OK: true}
	b, err := db.FiguresByKind(ctx, s)
	must(t, err)
	b.ByKind[kpi.KindCommune]["hours_cut"] = kpi.Figure{Value: -1, OK: true}
	delete(b.Total, "hours_cut")
	years, err := db.Years(ctx)
	must(t, err)
	years[0] = 1999
	again, err := db.FiguresByKind(ctx, s)
	must(t, err)
	if got := figure(t, db, "P", 2021, 0, "hours_cut"); got.Value != 10 {
		t.Errorf("Figures = %+v after a caller changed its copy", got)
	}
	if got := again.ByKind[kpi.KindCommune]["hours_cut"]; got.Value != 10 || again.Total["hours_cut"].Value != 10 {
		t.Errorf("FiguresByKind = %+v, %+v after a caller changed its copy", got, again.Total["hours_cut"])
	}
	if y, _ := db.Years(ctx); !slices.Equal(y, []int{2021}) {
		t.Errorf("Years = %v after a caller changed its copy", y)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
