package store_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestMonthlyDataSet: the service centre's data set is monthly. Its months
// of Q3 2022 are saved and moved through the workflow, and in each write
// the quarter follows: values folded by each indicator's rule (survey
// counts summed, staff the last month's), the state derived from the
// months' (approved only once all three are), the province's figures at
// each level, and the derived tables equal to a rebuild. A quarter of the
// centre, or a month of a commune, is refused. On both engines.
func TestMonthlyDataSet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := storetest.OpenDemoOn(t, engine)
		ctx := context.Background()
		const centre = "37-TTPVHCC"
		q3 := kpi.Period{Year: 2022, Quarter: 3}
		saveMonth := func(m int, resp, sat, very, staff float64) {
			t.Helper()
			if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: centre, Period: kpi.MonthPeriod(2022, m), Version: -1, Actor: "t", Source: "test",
				Values: map[string]*float64{"sat_responses": f(resp), "sat_satisfied": f(sat), "sat_very": f(very), "staff_total": f(staff)}}); err != nil {
				t.Fatalf("month %d: %v", m, err)
			}
		}
		saveMonth(7, 100, 90, 50, 40)
		saveMonth(8, 120, 110, 60, 41)
		quarter := func() (map[string]float64, string) {
			t.Helper()
			vals, err := db.QuarterValues(ctx, centre, q3)
			if err != nil {
				t.Fatal(err)
			}
			sub, err := db.Submission(ctx, centre, q3)
			if err != nil {
				t.Fatal(err)
			}
			return vals, sub.State
		}
		if vals, state := quarter(); vals["sat_responses"] != 220 || vals["sat_very"] != 110 || vals["staff_total"] != 41 || state != kpi.StateDraft {
			t.Errorf("Q3 from July and August: %v, %q", vals, state)
		}
		figure := func(level kpi.Level) float64 {
			t.Helper()
			figs, err := db.Figures(ctx, store.Scope{Agency: "37", Year: 2022, Quarter: 3, Level: level})
			if err != nil {
				t.Fatal(err)
			}
			return figs["sat_responses"].Value
		}
		if got := figure(kpi.LevelAll); got != 220 {
			t.Errorf("province's survey responses of Q3 (all reports): %v, want 220", got)
		}
		saveMonth(9, 80, 80, 70, 39)
		for _, m := range []int{7, 8, 9} {
			p := kpi.MonthPeriod(2022, m)
			if _, err := db.Submit(ctx, store.Transition{Agency: centre, Period: p, Actor: "t", Version: -1}); err != nil {
				t.Fatalf("submit month %d: %v", m, err)
			}
			if _, err := db.Approve(ctx, store.Transition{Agency: centre, Period: p, Actor: "lead", Version: -1}); err != nil {
				t.Fatalf("approve month %d: %v", m, err)
			}
			if _, state := quarter(); (m < 9) != (state != kpi.StateApproved) {
				t.Errorf("after approving month %d the quarter is %q", m, state)
			}
		}
		if vals, _ := quarter(); vals["sat_responses"] != 300 || vals["staff_total"] != 39 {
			t.Errorf("Q3: %v, want 300 responses and the last month's 39 staff", vals)
		}
		if got := figure(kpi.LevelApproved); got != 300 {
			t.Errorf("province's approved survey responses of Q3: %v, want 300", got)
		}
		if _, err := db.Reopen(ctx, store.Transition{Agency: centre, Period: kpi.MonthPeriod(2022, 8), Actor: "lead", Reason: "sửa", Version: -1}); err != nil {
			t.Fatal(err)
		}
		if _, state := quarter(); state != kpi.StateReturned || figure(kpi.LevelApproved) != 0 {
			t.Errorf("August reopened: the quarter is %q, approved responses %v", state, figure(kpi.LevelApproved))
		}
		diffs, err := db.CheckDerived(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diffs {
			t.Error(d)
		}
		_, err = db.SaveValues(ctx, store.ValueWrite{Agency: centre, Period: q3, Values: map[string]*float64{"sat_responses": f(1)}, Version: -1, Actor: "t", Source: "test"})
		if kpi.ErrorCode(err) != kpi.EINVALID {
			t.Errorf("a quarter of the monthly centre saved: %v", err)
		}
		_, err = db.SaveValues(ctx, store.ValueWrite{Agency: "14722", Period: kpi.MonthPeriod(2022, 7), Values: map[string]*float64{"dos_received": f(1)}, Version: -1, Actor: "t", Source: "test"})
		if kpi.ErrorCode(err) != kpi.EINVALID {
			t.Errorf("a month of a quarterly commune saved: %v", err)
		}
	})
}
