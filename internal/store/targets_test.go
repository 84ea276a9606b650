package store_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

func TestSetTargetsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		bad := store.TargetWrite{Actor: "admin", Targets: []kpi.Target{
			{AgencyCode: "P", Indicator: "ontime_rate", Year: 2021, Value: 98},
			{AgencyCode: "P", Indicator: "sat_rate", Year: 2021, Value: 120}, // above 100 %
		}}
		if err := db.SetTargets(ctx, bad); kpi.ErrorCode(err) != kpi.EINVALID {
			t.Fatalf("SetTargets with a bad row: %v, want invalid", err)
		}
		if got, _ := db.Targets(ctx, "P", 2021); len(got) != 0 {
			t.Fatalf("a refused write stored %v", got)
		}
		good := store.TargetWrite{Actor: "admin", Targets: bad.Targets[:1]}
		if err := db.SetTargets(ctx, good); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Targets(ctx, "P", 2021); got["ontime_rate"] != 98 {
			t.Fatalf("targets = %v", got)
		}
		if n := countAudit(t, db, "admin"); n != 1 {
			t.Fatalf("%d audit rows, want 1", n)
		}
	})
}

func TestCompleteness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		save(t, db, "C1", 2021, 1, map[string]*float64{"steps_cut": f(1)})
		rows, err := db.Completeness(context.Background(), store.CompletenessFilter{Scope: store.Scope{Agency: "D", Year: 2021, Quarter: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Code != "D" || rows[0].State != "" || rows[1].Code != "C1" || rows[1].State != kpi.StateDraft {
			t.Fatalf("completeness = %+v", rows)
		}
		counts := store.StateCounts(rows)
		if counts[kpi.KindCommune][kpi.StateDraft] != 1 || counts[kpi.KindDistrict][""] != 1 {
			t.Fatalf("counts = %v", counts)
		}
	})
}
