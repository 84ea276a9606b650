package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
)

// noticesPageSize is how many notices a page shows.
const noticesPageSize = 50

// NoticesView is a user's notices, newest first: the reminders, digests
// and returned reports also sent by email, with what became of each email.
type NoticesView struct {
	Page
	Title   string
	Notices []NoticeRow
	Total   int
	PageNo  int
	PrevURL string
	NextURL string
}

// NoticeRow is one notice as the list shows it.
type NoticeRow struct {
	When    string
	Subject string
	Body    string
	Email   string // what became of the email, in words
}

// showNotices renders GET /notices?page=: only the user's own.
func (s *Server) showNotices(c *gin.Context) error {
	u := currentUser(c)
	if u == nil {
		return errLogin()
	}
	pageNo, err := strconv.Atoi(c.DefaultQuery("page", "1"))
	if err != nil || pageNo < 1 || pageNo > 10_000 {
		pageNo = 1
	}
	notices, total, err := s.db.Notices(c.Request.Context(), u.ID, noticesPageSize, (pageNo-1)*noticesPageSize)
	if err != nil {
		return err
	}
	lang := langOf(c)
	v := NoticesView{Page: s.page(c), Title: i18n.T(lang, "notices.title"), Total: total, PageNo: pageNo}
	for _, n := range notices {
		email := i18n.T(lang, "notices.status."+n.Status)
		if n.Address != "" {
			email += " (" + n.Address + ")"
		}
		v.Notices = append(v.Notices, NoticeRow{When: dateLabel(lang, n.CreatedAt) + " " + n.CreatedAt.Format("15:04"),
			Subject: n.Subject, Body: n.Body, Email: email})
	}
	if pageNo > 1 {
		v.PrevURL = "/notices?page=" + strconv.Itoa(pageNo-1)
	}
	if pageNo*noticesPageSize < total {
		v.NextURL = "/notices?page=" + strconv.Itoa(pageNo+1)
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "notices", v)
}
