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

// calendar is the reporting calendar of agencies of kind (the empty kind:
// the default one), shared with the reminders and the store's record of
// late submissions through kpi, so a page, an email and the lateness kept
// never disagree on a due date.
func (s *Server) calendar(cat *kpi.Catalogue, kind kpi.Kind) kpi.Deadlines {
	return cat.Calendar(kind, s.opts.DeadlineDays)
}

// dateLabel writes a day as the language reads it: 15/07/2022 or 15 Jul 2022.
func dateLabel(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}
