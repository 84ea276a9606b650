package web

import "time"

// timeLabel writes a moment as every page and table shows it, in
// Vietnam's time: 12/03/2022 10:15 (in English 12 Mar 2022 10:15).
func timeLabel(lang string, t time.Time) string {
	t = t.In(vietnam)
	return dateLabel(lang, t) + " " + t.Format("15:04")
}
