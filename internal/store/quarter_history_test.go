package store_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestQuarterHistory: a quarter's history holds its own value saves and
// report moves, oldest first, and nothing of another quarter or agency.
func TestQuarterHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) { quarterHistory(t, openSmall(t, engine)) })
}

func quarterHistory(t *testing.T, db *store.DB) {
	ctx := context.Background()
	p := kpi.Period{Year: 2024, Quarter: 2}
	save(t, db, "C1", 2024, 2, validQuarter())
	save(t, db, "C1", 2024, 1, map[string]*float64{"staff_total": f(9)})
	save(t, db, "C2", 2024, 2, map[string]*float64{"staff_total": f(9)})
	sub, err := db.Submit(ctx, store.Transition{Agency: "C1", Period: p, Actor: "officer", Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Approve(ctx, store.Transition{Agency: "C1", Period: p, Actor: "leader", Version: sub.Version}); err != nil {
		t.Fatal(err)
	}
	events, err := db.QuarterHistory(ctx, "C1", p)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(validQuarter())+2 {
		t.Fatalf("%d events, want %d value saves and two moves: %+v", len(events), len(validQuarter()), events)
	}
	last, before := events[len(events)-1], events[len(events)-2]
	if last.Action != "submission.approve" || last.New != kpi.StateApproved || before.Action != "submission.submit" {
		t.Errorf("the last two events = %+v, %+v", before, last)
	}
	for _, e := range events[:len(events)-2] {
		if e.Entity != "value" || e.Old != "" || e.New == "" || e.Actor != "tester" {
			t.Errorf("value event %+v", e)
		}
	}
	if _, err := db.QuarterHistory(ctx, "NOPE", p); kpi.ErrorCode(err) != kpi.ENOTFOUND {
		t.Errorf("an unknown agency: %v", err)
	}
}
