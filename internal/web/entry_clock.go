package web

import (
	"time"

	"parkpi/internal/kpi"
)

// Clock tells the time; tests inject one so deadlines do not move with the
// calendar.
type Clock func() time.Time

// today is the current day by the server's clock.
func (s *Server) today() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// deadlines is the reporting calendar, shared with the reminders through
// kpi so a page and an email never disagree on a due date.
func (s *Server) deadlines() kpi.Deadlines { return kpi.Deadlines{Days: s.opts.DeadlineDays} }

// deadlineDays is how many days after a quarter's end its report is due.
func (s *Server) deadlineDays() int { return s.deadlines().DaysAfter() }

// dateLabel writes a day as the language reads it: 15/07/2022 or 15 Jul 2022.
func dateLabel(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}
