package web

import "time"

// Clock tells the time; tests inject one so deadlines do not move with the
// calendar.
type Clock func() time.Time

// defaultDeadlineDays is the deadline when Options leaves it at zero.
const defaultDeadlineDays = 15

// today is the current day by the server's clock.
func (s *Server) today() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// deadlineDays is how many days after a quarter's end its report is due.
func (s *Server) deadlineDays() int {
	if s.opts.DeadlineDays > 0 {
		return s.opts.DeadlineDays
	}
	return defaultDeadlineDays
}

// dateLabel writes a day as the language reads it: 15/07/2022 or 15 Jul 2022.
func dateLabel(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}
