package web

import (
	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// entryExtras is what a rendering adds to the form beyond the figures.
type entryExtras struct {
	notice     string
	alerts     []string
	conflict   string
	comment    *string // the comment typed, on a failed post
	commentErr string
	reasonErr  string
	reason     string
}

// renderEntry builds the view, decides what this user may do with the
// quarter in its state, and renders it with status.
func (s *Server) renderEntry(c *gin.Context, status int, f entryForm, x entryExtras) error {
	v := s.buildEntryView(f)
	v.Page = s.page(c)
	v.Notice, v.Conflict, v.CommentErr, v.ReasonErr, v.ReasonInput = x.notice, x.conflict, x.commentErr, x.reasonErr, x.reason
	v.Alerts = append(x.alerts, v.Alerts...)
	if x.comment != nil {
		v.Comment = *x.comment
	}
	agency, lang := v.Agency.Code, v.Lang
	canEnter := s.authorize(c, auth.ActEnter, agency) == nil
	v.Editable = canEnter && kpi.Editable(v.State)
	v.CanSubmit = v.Editable && s.authorize(c, auth.ActSubmit, agency) == nil
	approver := s.authorize(c, auth.ActApprove, agency) == nil
	v.CanApprove = approver && v.State == kpi.StateSubmitted
	v.ShowReason = approver && (v.State == kpi.StateSubmitted || v.State == kpi.StateApproved)
	switch {
	case canEnter && !v.Editable:
		v.Locked = i18n.Tf(lang, "entry.locked", v.StateLabel)
	case !canEnter && !approver:
		v.ReadOnly = i18n.T(lang, "entry.readonly")
	}
	return s.tmpl.render(c.Writer, status, "entry", v)
}

// doneNotice confirms the action the form just came back from.
func doneNotice(lang, done string) string {
	switch done {
	case actionSave:
		return i18n.T(lang, "entry.saved")
	case string(kpi.MoveSubmit), string(kpi.MoveApprove), string(kpi.MoveReturn), string(kpi.MoveReopen):
		return i18n.T(lang, "entry.done."+done)
	}
	return ""
}
