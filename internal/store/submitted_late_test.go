package store_test

import (
	"context"
	"testing"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestSubmissionRecordsLateness: a quarter submitted by its due day (the
// cut-off 14/03 plus 15 days: 29/03) is not late; one submitted after it is
// recorded late, and approval, return and reopening keep the mark, as does
// reading it back.
func TestSubmissionRecordsLateness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := openSmall(t, engine)
		for _, tc := range []struct {
			quarter int
			on      string
			late    bool
		}{{1, "2024-03-29", false}, {2, "2024-07-01", true}} {
			p := kpi.Period{Year: 2024, Quarter: tc.quarter}
			at, _ := time.Parse("2006-01-02", tc.on)
			db.SetClock(func() time.Time { return at.Add(20 * time.Hour) })
			save(t, db, "C1", 2024, tc.quarter, validQuarter())
			sub, _ := db.Submission(ctx, "C1", p)
			tr := store.Transition{Agency: "C1", Period: p, Actor: "x", Reason: "xem lại", Comment: "đã kiểm tra", Version: -1}
			got, err := db.Submit(ctx, tr)
			if err != nil || got.Late != tc.late || sub.Late {
				t.Fatalf("Q%d submitted on %s: late = %v, %v; want %v", tc.quarter, tc.on, got.Late, err, tc.late)
			}
			for _, move := range []func(context.Context, store.Transition) (kpi.Submission, error){db.Approve, db.Reopen, db.Submit, db.Return} {
				if got, err = move(ctx, tr); err != nil {
					t.Fatal(err)
				}
				if back, _ := db.Submission(ctx, "C1", p); back.Late != tc.late || got.Late != tc.late {
					t.Errorf("Q%d after %s: late %v (read back %v), want %v", tc.quarter, got.State, got.Late, back.Late, tc.late)
				}
			}
		}
	})
}
