package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"parkpi/data"
	"parkpi/internal/kpi"
)

// TestGroupRollsBackOneSave runs one group by hand: the middle save fails
// after its values and audit rows are written (a trigger refuses its
// submission row), so only its savepoint is rolled back; the saves before
// and after it commit, with their rollups, in the same transaction.
func TestGroupRollsBackOneSave(t *testing.T) {
	ctx := context.Background()
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, filepath.Join(t.TempDir(), "g.db"), cat)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tree := []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "P"},
		{Code: "A", ParentCode: "P", Kind: kpi.KindCommune, Name: "A"},
		{Code: "B", ParentCode: "P", Kind: kpi.KindCommune, Name: "B"},
		{Code: "C", ParentCode: "P", Kind: kpi.KindCommune, Name: "C"}}
	if err := db.ImportAgencies(ctx, tree); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`CREATE TRIGGER refuse_b BEFORE INSERT ON submissions
		WHEN NEW.agency_id = (SELECT id FROM agencies WHERE code = 'B') BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}
	per := kpi.Period{Year: 2021, Quarter: 1}
	var group []*writeJob
	for i, code := range []string{"A", "B", "C"} {
		v := float64(10 * (i + 1))
		w := ValueWrite{Agency: code, Period: per, Values: map[string]*float64{"hours_cut": &v}, Version: 0, Actor: "g" + code}
		group = append(group, &writeJob{done: make(chan struct{}), run: func(ctx context.Context, t *writeTx) error {
			_, err := t.saveQuarter(ctx, w, []string{"hours_cut"}, formErrors)
			return err
		}})
	}
	db.commitGroup(group)
	for i, want := range []string{"<nil>", "refused", "<nil>"} {
		<-group[i].done
		if got := fmt.Sprint(group[i].err); (want == "<nil>") != (got == "<nil>") {
			t.Errorf("save %d: error %s, want %s", i, got, want)
		}
	}
	var audits int
	if err := db.r.Get(&audits, "SELECT COUNT(*) FROM audit_log WHERE actor = 'gB'"); err != nil || audits != 0 {
		t.Fatalf("%d audit rows of the refused save (%v)", audits, err)
	}
	figs, err := db.Figures(ctx, Scope{Agency: "P", Year: 2021, Quarter: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := figs["hours_cut"].Value; got != 40 {
		t.Fatalf("province hours_cut = %v, want 40 (A and C, not B)", got)
	}
	if vals, _ := db.QuarterValues(ctx, "B", per); len(vals) != 0 {
		t.Fatalf("the refused save left values %v", vals)
	}
}
