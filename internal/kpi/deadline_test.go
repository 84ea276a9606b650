package kpi

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDeadlines(t *testing.T) {
	q2 := Period{Year: 2022, Quarter: 2}
	tests := []struct {
		name      string
		d         Deadlines
		today     string
		reporting Period
		due       string
		overdue   bool
		daysLeft  int
	}{
		{"default days, before", Deadlines{}, "2022-07-10", q2, "2022-07-15", false, 5},
		{"deadline day is not late", Deadlines{}, "2022-07-15", q2, "2022-07-15", false, 0},
		{"day after", Deadlines{}, "2022-07-16", q2, "2022-07-15", true, -1},
		{"configured days", Deadlines{Days: 30}, "2022-07-16", q2, "2022-07-30", false, 14},
		{"year turns", Deadlines{}, "2023-01-03", Period{Year: 2022, Quarter: 4}, "2023-01-15", false, 12},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			today := day(tc.today)
			p := tc.d.Reporting(today)
			if p != tc.reporting {
				t.Fatalf("Reporting = %v, want %v", p, tc.reporting)
			}
			if got := tc.d.Due(p).Format("2006-01-02"); got != tc.due {
				t.Errorf("Due = %s, want %s", got, tc.due)
			}
			if got := tc.d.Overdue(p, StateDraft, today); got != tc.overdue {
				t.Errorf("Overdue(draft) = %v, want %v", got, tc.overdue)
			}
			if tc.d.Overdue(p, StateSubmitted, today) {
				t.Error("a submitted report is never overdue")
			}
			if got := tc.d.DaysLeft(p, today); got != tc.daysLeft {
				t.Errorf("DaysLeft = %d, want %d", got, tc.daysLeft)
			}
		})
	}
}

// TestDeadlinesMatchWorkflow: the calendar gives the very answers of the
// functions the pages used before it existed (same days, same cut).
func TestDeadlinesMatchWorkflow(t *testing.T) {
	d := Deadlines{}
	for i := 0; i < 400; i++ {
		today := day("2021-12-20").AddDate(0, 0, i)
		p := PeriodOf(today).Prev()
		if d.Reporting(today) != p || !d.Due(p).Equal(p.Deadline(15)) ||
			d.Overdue(p, StateReturned, today) != Overdue(p, StateReturned, 15, today) {
			t.Fatalf("%s: the calendar disagrees with Period.Deadline / Overdue", today.Format("2006-01-02"))
		}
	}
}

func TestReminderStage(t *testing.T) {
	tests := []struct {
		today string
		stage int
		ok    bool
	}{
		{"2022-07-07", 0, false}, // more than a week before 15/07
		{"2022-07-08", -7, true},
		{"2022-07-13", -7, true}, // a missed day keeps the last stage reached
		{"2022-07-14", -1, true},
		{"2022-07-15", -1, true}, // the deadline itself: not late yet
		{"2022-07-16", 1, true},
		{"2022-07-22", 1, true},
		{"2022-07-23", 8, true},
		{"2022-09-30", 71, true},
		{"2022-10-01", 0, false}, // Q3 has ended: its round starts, Q2's reminders stop
	}
	for _, tc := range tests {
		_, stage, ok := Deadlines{}.ReminderStage(day(tc.today))
		if stage != tc.stage || ok != tc.ok {
			t.Errorf("%s: stage %d %v, want %d %v", tc.today, stage, ok, tc.stage, tc.ok)
		}
	}
}
