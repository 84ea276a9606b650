package kpi

import "time"

// DefaultDeadlineDays is how many days after a quarter's end its report is
// due when nothing else is configured.
const DefaultDeadlineDays = 15

// Deadlines is the reporting calendar the officer home, the entry form,
// the cockpit, the reminders and the store's record of late submissions
// share: a quarter's report is due Days after the quarter's data cut-off
// (CutOff, the catalogue's quarter type: the 14th of its last month by
// Decree 09/2019). Days 0 means DefaultDeadlineDays; the zero CutOff ends
// a quarter on its calendar last day.
type Deadlines struct {
	Days   int
	CutOff PeriodType
}

// For is the calendar of a data set: its own deadline days when it sets
// them, else d's.
func (d Deadlines) For(set *DataSet) Deadlines {
	if set != nil && set.DeadlineDays > 0 {
		d.Days = set.DeadlineDays
	}
	return d
}

// Calendar is the reporting calendar of agencies of kind: the cut-off of
// their data set's period type and its deadline days, else days (the
// configured default; 0: DefaultDeadlineDays). A kind without a data set,
// or the empty kind, gets the quarter's cut-off and days.
func (c *Catalogue) Calendar(kind Kind, days int) Deadlines {
	set := c.DataSetFor(kind)
	typ := PeriodQuarter
	if set != nil {
		typ = set.PeriodType
	}
	return Deadlines{Days: days, CutOff: c.PeriodType(typ)}.For(set)
}

// End returns the last day of p's data (its cut-off).
func (d Deadlines) End(p Period) time.Time {
	_, to := d.CutOff.Span(p)
	return to
}

// Late reports whether a report of p submitted at t comes after its due
// day.
func (d Deadlines) Late(p Period, t time.Time) bool {
	return dayOf(t).After(d.Due(p))
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
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
func (d Deadlines) Due(p Period) time.Time { return d.End(p).AddDate(0, 0, d.DaysAfter()) }

// Overdue reports whether p's report in state is late on day today.
func (d Deadlines) Overdue(p Period, state string, today time.Time) bool {
	if state == StateSubmitted || state == StateApproved {
		return false
	}
	return d.Late(p, today)
}

// Reporting is the period whose reports are being collected on day today:
// the last quarter (the last month, on a monthly calendar) whose data
// cut-off has passed.
func (d Deadlines) Reporting(today time.Time) Period {
	p := PeriodOf(today)
	if d.CutOff.Code == PeriodMonth {
		p = MonthPeriod(today.Year(), int(today.Month()))
	}
	if !dayOf(today).After(d.End(p)) {
		return p.Prev()
	}
	return p
}

// ReminderOffsets are the days, relative to a quarter's deadline, on which
// the officers of agencies that have not submitted are reminded: a week
// before, the day before, the day after and then weekly while the report is
// late, until the next quarter's round starts.
var ReminderOffsets = []int{-7, -1, 1, 8, 15, 22, 29, 36, 43, 50, 57, 64, 71}

// MonthReminderOffsets are ReminderOffsets for a month's report: weekly
// while late until the next month's round starts.
var MonthReminderOffsets = []int{-7, -1, 1, 8, 15, 22}

// ReminderStage is the reminder due on day today for the period being
// reported: the latest offset of ReminderOffsets that today has reached, so
// a day the reminders did not run is caught up by the next run (once: the
// stage names the reminder). ok is false before the first offset.
func (d Deadlines) ReminderStage(today time.Time) (p Period, stage int, ok bool) {
	p = d.Reporting(today)
	offset := int(dayOf(today).Sub(d.Due(p)).Hours() / 24)
	offsets := ReminderOffsets
	if p.Month > 0 {
		offsets = MonthReminderOffsets
	}
	for _, o := range offsets {
		if o <= offset {
			stage, ok = o, true
		}
	}
	return p, stage, ok
}

// DaysLeft is how many days remain until p's deadline on day today;
// negative once it has passed.
func (d Deadlines) DaysLeft(p Period, today time.Time) int {
	return int(d.Due(p).Sub(dayOf(today)).Hours() / 24)
}
