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

// TestDeadlinesMatchWorkflow: without a cut-off the calendar is the
// calendar quarters' (the round is the last quarter ended, due 15 days
// after its last day), every day of a year.
func TestDeadlinesMatchWorkflow(t *testing.T) {
	d := Deadlines{}
	for i := 0; i < 400; i++ {
		today := day("2021-12-20").AddDate(0, 0, i)
		p := PeriodOf(today).Prev()
		end := time.Date(p.Year, time.Month(p.Quarter*3)+1, 0, 0, 0, 0, 0, time.UTC)
		if d.Reporting(today) != p || !d.Due(p).Equal(end.AddDate(0, 0, 15)) ||
			d.Overdue(p, StateReturned, today) != today.After(end.AddDate(0, 0, 15)) {
			t.Fatalf("%s: the calendar is not the calendar quarters'", today.Format("2006-01-02"))
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

// TestDeadlinesFromCutOff: with the Decree's cut-off a quarter's report is
// due its deadline days after the 14th of its last month, the round of a
// quarter opens the day after that cut-off, a data set's own deadline days
// win over the default, and a report submitted after its due day is late.
func TestDeadlinesFromCutOff(t *testing.T) {
	d := Deadlines{CutOff: DefaultPeriodTypes()[1]}
	q2 := Period{Year: 2022, Quarter: 2}
	if got := d.Due(q2).Format("2006-01-02"); got != "2022-06-29" {
		t.Errorf("Q2 2022 due %s, want 2022-06-29 (14/06 + 15 days)", got)
	}
	if got := d.Reporting(day("2022-06-14")); got != (Period{Year: 2022, Quarter: 1}) {
		t.Errorf("on the cut-off day the round is %v, want Q1", got)
	}
	if got := d.Reporting(day("2022-06-15")); got != q2 {
		t.Errorf("the day after the cut-off the round is %v, want Q2", got)
	}
	if got := d.Reporting(day("2022-12-20")); got != (Period{Year: 2022, Quarter: 4}) {
		t.Errorf("on 20/12 the round is %v, want Q4 of the same year", got)
	}
	own := d.For(&DataSet{DeadlineDays: 5})
	if got := own.Due(q2).Format("2006-01-02"); got != "2022-06-19" {
		t.Errorf("with 5 days of its own Q2 is due %s", got)
	}
	if d.For(&DataSet{}).Days != 0 || d.For(nil).Days != 0 {
		t.Error("a data set without days of its own changes the default")
	}
	if d.Late(q2, day("2022-06-29").Add(23*time.Hour)) || !d.Late(q2, day("2022-06-30")) {
		t.Error("lateness is not counted from the day after the due day")
	}
	if !d.Overdue(q2, StateDraft, day("2022-06-30")) || d.Overdue(q2, StateSubmitted, day("2022-06-30")) {
		t.Error("overdue is not a late report still unsent")
	}
}
