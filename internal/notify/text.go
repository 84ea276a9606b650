package notify

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// text is a notice's words: a subject and a body in both languages.
type text interface {
	subject() string
	body(base string) string
}

// maxListed bounds the agencies an email lists; the rest are counted.
const maxListed = 30

func itoa(n int) string { return strconv.Itoa(n) }

// daysEN is "1 day" or "n days".
func daysEN(n int) string {
	if n == 1 {
		return "1 day"
	}
	return itoa(n) + " days"
}

func dateVI(t time.Time) string { return t.Format("02/01/2006") }
func dateEN(t time.Time) string { return t.Format("2 Jan 2006") }

// bilingual joins the Vietnamese and the English text, Vietnamese first.
func bilingual(vi, en string) string {
	return vi + "\n\n———— English ————\n\n" + en
}

// listAgencies writes one line per agency (at most maxListed) in lang.
func listAgencies(b *strings.Builder, lang string, rows []store.AgencyState) {
	for i, r := range rows {
		if i == maxListed {
			if lang == "en" {
				fmt.Fprintf(b, "  … and %d more\n", len(rows)-maxListed)
			} else {
				fmt.Fprintf(b, "  … và %d đơn vị khác\n", len(rows)-maxListed)
			}
			return
		}
		fmt.Fprintf(b, "  - %s %s (%s)\n", r.Code, r.Name, kpi.StateName(lang, r.State))
	}
}

// footer tells how to stop reminder emails.
func footer(base, lang string) string {
	if lang == "en" {
		return "\nTo receive no reminder emails, open " + base + "/account.\n"
	}
	return "\nĐể không nhận email nhắc việc, vào " + base + "/account.\n"
}

// deadlineText is an officer's reminder or a leader's digest.
type deadlineText struct {
	user     auth.User
	period   kpi.Period
	due      time.Time
	daysLeft int
	late     bool
	digest   bool
	missing  []store.AgencyState
	waiting  []store.AgencyState
}

func (d deadlineText) subject() string {
	q, y := d.period.Quarter, d.period.Year
	switch {
	case d.digest:
		return fmt.Sprintf("Tổng hợp báo cáo quý %d/%d: %d chưa gửi, %d chờ duyệt / Quarter %d/%d reports: %d not submitted, %d awaiting approval",
			q, y, len(d.missing), len(d.waiting), q, y, len(d.missing), len(d.waiting))
	case d.late:
		return fmt.Sprintf("Báo cáo quý %d/%d đã quá hạn / The quarter %d/%d report is overdue", q, y, q, y)
	}
	return fmt.Sprintf("Nhắc nộp báo cáo quý %d/%d: hạn %s / Reminder: the quarter %d/%d report is due %s",
		q, y, dateVI(d.due), q, y, dateEN(d.due))
}

func (d deadlineText) body(base string) string {
	return bilingual(d.lang(base, "vi"), d.lang(base, "en"))
}

func (d deadlineText) lang(base, lang string) string {
	var b strings.Builder
	q, y := d.period.Quarter, d.period.Year
	en := lang == "en"
	if en {
		fmt.Fprintf(&b, "Dear %s,\n\n", d.user.FullName)
	} else {
		fmt.Fprintf(&b, "Kính gửi %s,\n\n", d.user.FullName)
	}
	switch {
	case d.late && en:
		fmt.Fprintf(&b, "The quarter %d/%d report was due on %s (%s ago).\n", q, y, dateEN(d.due), daysEN(-d.daysLeft))
	case d.late:
		fmt.Fprintf(&b, "Hạn nộp báo cáo quý %d/%d là ngày %s (đã quá %d ngày).\n", q, y, dateVI(d.due), -d.daysLeft)
	case en:
		fmt.Fprintf(&b, "The quarter %d/%d report is due on %s (in %s).\n", q, y, dateEN(d.due), daysEN(d.daysLeft))
	default:
		fmt.Fprintf(&b, "Hạn nộp báo cáo quý %d/%d là ngày %s (còn %d ngày).\n", q, y, dateVI(d.due), d.daysLeft)
	}
	link := base + "/entry"
	if d.digest {
		link = fmt.Sprintf("%s/cockpit?year=%d&quarter=%d", base, y, q)
	}
	d.lists(&b, lang)
	if en {
		fmt.Fprintf(&b, "\nOpen: %s\n", link)
	} else {
		fmt.Fprintf(&b, "\nXem và xử lý tại: %s\n", link)
	}
	b.WriteString(footer(base, lang))
	return b.String()
}

func (d deadlineText) lists(b *strings.Builder, lang string) {
	en := lang == "en"
	if len(d.missing) > 0 {
		switch {
		case en && d.late:
			fmt.Fprintf(b, "\nNot submitted, overdue (%d):\n", len(d.missing))
		case en:
			fmt.Fprintf(b, "\nNot submitted yet (%d):\n", len(d.missing))
		case d.late:
			fmt.Fprintf(b, "\nChưa gửi, đã quá hạn (%d đơn vị):\n", len(d.missing))
		default:
			fmt.Fprintf(b, "\nChưa gửi báo cáo (%d đơn vị):\n", len(d.missing))
		}
		listAgencies(b, lang, d.missing)
	}
	if len(d.waiting) > 0 {
		if en {
			fmt.Fprintf(b, "\nSubmitted, awaiting approval (%d):\n", len(d.waiting))
		} else {
			fmt.Fprintf(b, "\nĐã gửi, chờ duyệt (%d đơn vị):\n", len(d.waiting))
		}
		listAgencies(b, lang, d.waiting)
	}
}

// returnedText tells an officer that a report came back.
type returnedText struct {
	user   auth.User
	report store.ReturnedReport
}

func (r returnedText) subject() string {
	p, a := r.report.Period, r.report.Agency
	return fmt.Sprintf("Báo cáo quý %d/%d của %s bị trả lại / The quarter %d/%d report of %s was returned",
		p.Quarter, p.Year, a.Name, p.Quarter, p.Year, a.Name)
}

func (r returnedText) body(base string) string {
	p, a := r.report.Period, r.report.Agency
	link := fmt.Sprintf("%s/entry/%s/%d/q%d", base, url.PathEscape(a.Code), p.Year, p.Quarter)
	vi := fmt.Sprintf("Kính gửi %s,\n\nBáo cáo quý %d/%d của %s %s đã bị %s trả lại ngày %s.\nLý do: %s\n\nSửa và gửi lại tại: %s\n%s",
		r.user.FullName, p.Quarter, p.Year, a.Code, a.Name, r.report.By, dateVI(r.report.UpdatedAt), r.report.Reason, link, footer(base, "vi"))
	en := fmt.Sprintf("Dear %s,\n\nThe quarter %d/%d report of %s %s was returned by %s on %s.\nReason: %s\n\nCorrect and resubmit it at: %s\n%s",
		r.user.FullName, p.Quarter, p.Year, a.Code, a.Name, r.report.By, dateEN(r.report.UpdatedAt), r.report.Reason, link, footer(base, "en"))
	return bilingual(vi, en)
}
