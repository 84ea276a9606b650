package kpi_test

import (
	"testing"
	"time"

	"parkpi/internal/kpi"
)

func TestNext(t *testing.T) {
	states := []string{kpi.StateNotStarted, kpi.StateDraft, kpi.StateSubmitted, kpi.StateApproved, kpi.StateReturned}
	allowed := map[kpi.Move]map[string]string{
		kpi.MoveSubmit:  {kpi.StateDraft: kpi.StateSubmitted, kpi.StateReturned: kpi.StateSubmitted},
		kpi.MoveApprove: {kpi.StateSubmitted: kpi.StateApproved},
		kpi.MoveReturn:  {kpi.StateSubmitted: kpi.StateReturned},
		kpi.MoveReopen:  {kpi.StateApproved: kpi.StateReturned},
	}
	for m, ok := range allowed {
		for _, from := range states {
			got, err := kpi.Next(from, m, "lý do")
			if want, yes := ok[from]; yes {
				if err != nil || got != want {
					t.Errorf("%s from %q = %q, %v; want %q", m, from, got, err, want)
				}
			} else if kpi.ErrorCode(err) != kpi.ECONFLICT || kpi.ErrorMessage(err, "vi") == "" {
				t.Errorf("%s from %q = %q, %v; want ECONFLICT", m, from, got, err)
			}
		}
	}
	for _, tt := range []struct {
		from string
		m    kpi.Move
	}{{kpi.StateSubmitted, kpi.MoveReturn}, {kpi.StateApproved, kpi.MoveReopen}} {
		if _, err := kpi.Next(tt.from, tt.m, "  "); kpi.ErrorCode(err) != kpi.EINVALID {
			t.Errorf("%s without a reason = %v, want EINVALID", tt.m, err)
		}
	}
	if _, err := kpi.Next(kpi.StateDraft, "delete", ""); kpi.ErrorCode(err) != kpi.EINVALID {
		t.Errorf("unknown move = %v", err)
	}
}

func TestDeadline(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	q2 := kpi.Period{Year: 2022, Quarter: 2}
	calendar := kpi.Deadlines{Days: 15} // calendar quarters: the zero cut-off
	if got := calendar.End(q2); !got.Equal(day("2022-06-30")) {
		t.Fatalf("end of 2022 Q2 = %v", got)
	}
	if got := calendar.Due(kpi.Period{Year: 2021, Quarter: 4}); !got.Equal(day("2022-01-15")) {
		t.Fatalf("deadline of 2021 Q4 = %v", got)
	}
	tests := []struct {
		state string
		today string
		want  bool
	}{
		{kpi.StateNotStarted, "2022-07-15", false},
		{kpi.StateNotStarted, "2022-07-16", true},
		{kpi.StateDraft, "2022-08-01", true},
		{kpi.StateReturned, "2022-08-01", true},
		{kpi.StateSubmitted, "2022-08-01", false},
		{kpi.StateApproved, "2022-08-01", false},
	}
	for _, tt := range tests {
		if got := calendar.Overdue(q2, tt.state, day(tt.today).Add(15*time.Hour)); got != tt.want {
			t.Errorf("Overdue(2022 Q2, %q, %s) = %v", tt.state, tt.today, got)
		}
	}
	if p := kpi.PeriodOf(day("2022-05-03")); p != q2 {
		t.Fatalf("PeriodOf = %v", p)
	}
}
