package store

import (
	"context"
	"path/filepath"
	"testing"

	"parkpi/data"
	"parkpi/internal/kpi"
)

// TestPreparedSaveFallsBack: a save worked out before it reached the
// writer is used only if the agency-year it was worked out on is unchanged;
// after a save of another quarter of that year, or a change of the agency's
// kind, the writer works it out again, and the derived tables stay those of
// a rebuild.
func TestPreparedSaveFallsBack(t *testing.T) {
	ctx := context.Background()
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"), cat)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.ImportAgencies(ctx, []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "P"},
		{Code: "C", ParentCode: "P", Kind: kpi.KindCommune, Name: "C"}}); err != nil {
		t.Fatal(err)
	}
	write := func(q int, v float64) ValueWrite {
		return ValueWrite{Agency: "C", Period: kpi.Period{Year: 2021, Quarter: q}, Values: map[string]*float64{"hours_cut": &v}, Version: -1, Actor: "t"}
	}
	meanwhile := []struct {
		name string
		do   func() error
	}{
		{"a save of another quarter", func() error { _, err := db.SaveValues(ctx, write(2, 5)); return err }},
		{"a change of kind", func() error {
			_, err := db.UpdateAgency(ctx, AgencyWrite{Code: "C", Name: "C", Kind: kpi.KindDistrict, Actor: "admin"})
			return err
		}},
	}
	for i, m := range meanwhile {
		w := write(1, float64(10*(i+1)))
		prep := db.prepareSave(ctx, w, []string{"hours_cut"})
		if err := m.do(); err != nil {
			t.Fatal(err)
		}
		a, err := db.Agency(ctx, "C")
		if err != nil {
			t.Fatal(err)
		}
		if prep.holds(ctx, db.r, a, 2021) {
			t.Fatalf("after %s the prepared save still holds", m.name)
		}
		if err := db.write(ctx, false, func(ctx context.Context, x *writeTx) error {
			_, err := x.saveQuarterPrepared(ctx, w, []string{"hours_cut"}, formErrors, prep)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if diffs, err := db.CheckDerived(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("after %s: %v (%v)", m.name, diffs, err)
		}
		figs, err := db.Figures(ctx, Scope{Agency: "P", Year: 2021})
		if err != nil || figs["hours_cut"].Value != float64(10*(i+1))+5 {
			t.Fatalf("after %s: province hours_cut %v (%v)", m.name, figs["hours_cut"], err)
		}
	}
}
