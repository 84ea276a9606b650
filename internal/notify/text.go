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

// periodName is "quý 3/2022" or "tháng 7/2022" in Vietnamese, "quarter
// 3/2022" or "month 7/2022" in English: a notice names a monthly data
// set's month.
func periodName(lang string, p kpi.Period) string {
	switch {
	case p.Month > 0 && lang == "en":
		return fmt.Sprintf("month %d/%d", p.Month, p.Year)
	case p.Month > 0:
		return fmt.Sprintf("tháng %d/%d", p.Month, p.Year)
	case lang == "en":
		return fmt.Sprintf("quarter %d/%d", p.Quarter, p.Year)
	}
	return fmt.Sprintf("quý %d/%d", p.Quarter, p.Year)
}

func (d deadlineText) subject() string {
	vi, en := periodName("vi", d.period), periodName("en", d.period)
	switch {
	case d.digest:
		return fmt.Sprintf("Tổng hợp báo cáo %s: %d chưa gửi, %d chờ duyệt / The %s reports: %d not submitted, %d awaiting approval",
			vi, len(d.missing), len(d.waiting), en, len(d.missing), len(d.waiting))
	case d.late:
		return fmt.Sprintf("Báo cáo %s đã quá hạn / The %s report is overdue", vi, en)
	}
	return fmt.Sprintf("Nhắc nộp báo cáo %s: hạn %s / Reminder: the %s report is due %s", vi, dateVI(d.due), en, dateEN(d.due))
}

func (d deadlineText) body(base string) string {
	return bilingual(d.lang(base, "vi"), d.lang(base, "en"))
}

func (d deadlineText) lang(base, lang string) string {
	var b strings.Builder
	name, en := periodName(lang, d.period), lang == "en"
	if en {
		fmt.Fprintf(&b, "Dear %s,\n\n", d.user.FullName)
	} else {
		fmt.Fprintf(&b, "Kính gửi %s,\n\n", d.user.FullName)
	}
	switch {
	case d.late && en:
		fmt.Fprintf(&b, "The %s report was due on %s (%s ago).\n", name, dateEN(d.due), daysEN(-d.daysLeft))
	case d.late:
		fmt.Fprintf(&b, "Hạn nộp báo cáo %s là ngày %s (đã quá %d ngày).\n", name, dateVI(d.due), -d.daysLeft)
	case en:
		fmt.Fprintf(&b, "The %s report is due on %s (in %s).\n", name, dateEN(d.due), daysEN(d.daysLeft))
	default:
		fmt.Fprintf(&b, "Hạn nộp báo cáo %s là ngày %s (còn %d ngày).\n", name, dateVI(d.due), d.daysLeft)
	}
	link := base + "/entry"
	if d.digest {
		link = fmt.Sprintf("%s/cockpit?year=%d&quarter=%d", base, d.period.Year, d.period.Quarter)
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
	return fmt.Sprintf("Báo cáo %s của %s bị trả lại / The %s report of %s was returned",
		periodName("vi", p), a.Name, periodName("en", p), a.Name)
}

func (r returnedText) body(base string) string {
	p, a := r.report.Period, r.report.Agency
	link := fmt.Sprintf("%s/entry/%s/%d/%s", base, url.PathEscape(a.Code), p.Year, p.Address())
	vi := fmt.Sprintf("Kính gửi %s,\n\nBáo cáo %s của %s %s đã bị %s trả lại ngày %s.\nLý do: %s\n\nSửa và gửi lại tại: %s\n%s",
		r.user.FullName, periodName("vi", p), a.Code, a.Name, r.report.By, dateVI(r.report.UpdatedAt), r.report.Reason, link, footer(base, "vi"))
	en := fmt.Sprintf("Dear %s,\n\nThe %s report of %s %s was returned by %s on %s.\nReason: %s\n\nCorrect and resubmit it at: %s\n%s",
		r.user.FullName, periodName("en", p), a.Code, a.Name, r.report.By, dateEN(r.report.UpdatedAt), r.report.Reason, link, footer(base, "en"))
	return bilingual(vi, en)
}
