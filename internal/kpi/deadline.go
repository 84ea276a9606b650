package kpi

import "time"

// DefaultDeadlineDays is how many days after a quarter's end its report is
// due when nothing else is configured.
const DefaultDeadlineDays = 15

// Deadlines is the reporting calendar the officer home, the entry form,
// the cockpit and the reminders share: a quarter's report is due Days after
// the quarter ends. The zero value means DefaultDeadlineDays.
type Deadlines struct {
	Days int
}

// DaysAfter is the number of days after a quarter's end until its report
// is due.
func (d Deadlines) DaysAfter() int {
	if d.Days > 0 {
		return d.Days
	}
	return DefaultDeadlineDays
}

// Due returns the last day to report p.
func (d Deadlines) Due(p Period) time.Time { return p.Deadline(d.DaysAfter()) }

// Overdue reports whether p's report in state is late on day today.
func (d Deadlines) Overdue(p Period, state string, today time.Time) bool {
	return Overdue(p, state, d.DaysAfter(), today)
}

// Reporting is the quarter whose reports are being collected on day today:
// the last quarter that has ended.
func (d Deadlines) Reporting(today time.Time) Period { return PeriodOf(today).Prev() }

// ReminderOffsets are the days, relative to a quarter's deadline, on which
// the officers of agencies that have not submitted are reminded: a week
// before, the day before, the day after and then weekly while the report is
// late, until the next quarter's round starts.
var ReminderOffsets = []int{-7, -1, 1, 8, 15, 22, 29, 36, 43, 50, 57, 64, 71}

// ReminderStage is the reminder due on day today for the quarter being
// reported: the latest offset of ReminderOffsets that today has reached, so
// a day the reminders did not run is caught up by the next run (once: the
// stage names the reminder). ok is false before the first offset.
func (d Deadlines) ReminderStage(today time.Time) (p Period, stage int, ok bool) {
	p = d.Reporting(today)
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	offset := int(day.Sub(d.Due(p)).Hours() / 24)
	for _, o := range ReminderOffsets {
		if o <= offset {
			stage, ok = o, true
		}
	}
	return p, stage, ok
}

// DaysLeft is how many days remain until p's deadline on day today;
// negative once it has passed.
func (d Deadlines) DaysLeft(p Period, today time.Time) int {
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return int(d.Due(p).Sub(day).Hours() / 24)
}
