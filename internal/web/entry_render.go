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

// renderEntry decides what this user may do with the quarter in its state
// — each button only when its route lets the user through (permits) —,
// builds the view with what surrounds the form, and renders it with status.
func (s *Server) renderEntry(c *gin.Context, status int, f entryForm, x entryExtras) error {
	url := entryURL(f.entry.Agency.Code, f.entry.Submission.Period)
	state := f.entry.Submission.State
	canEnter := s.permits(c, post, url)
	p := f.entry.Submission.Period
	kindErr := kpi.CheckPeriodKind(f.cat.DataSetFor(f.entry.Agency.Kind), f.entry.Agency, p)
	editable := canEnter && kpi.Editable(state) && kindErr == nil
	var hints map[string]string
	if editable && f.inputs == nil {
		f.inputs, hints = prefill(f.cat, f.lang, f.entry)
	}
	v := s.buildEntryView(f)
	v.Page = s.page(c)
	v.Notice, v.Conflict, v.CommentErr, v.ReasonErr, v.ReasonInput = x.notice, x.conflict, x.commentErr, x.reasonErr, x.reason
	v.Alerts = append(x.alerts, v.Alerts...)
	if x.comment != nil {
		v.Comment = *x.comment
	}
	v.Editable = editable
	v.CanSubmit = editable && s.authorize(c, auth.ActSubmit, v.Agency.Code) == nil
	v.CanApprove = state == kpi.StateSubmitted && s.permits(c, post, url+"/approve") && kindErr == nil
	v.ShowReason = kindErr == nil && (v.CanApprove || state == kpi.StateApproved && s.permits(c, post, url+"/reopen"))
	approver := s.permits(c, post, url+"/approve")
	switch {
	case kindErr != nil: // a quarter worked out from its months: the months are entered
		v.ReadOnly = kpi.ErrorMessage(kindErr, v.Lang)
		if p.Month == 0 {
			for _, m := range p.MonthsOf() {
				v.Months = append(v.Months, EntryMonth{Label: i18n.Tf(v.Lang, "wf.month", m.Month, m.Year), URL: entryURL(f.entry.Agency.Code, m)})
			}
		}
	case canEnter && !v.Editable:
		v.Locked = i18n.Tf(v.Lang, "entry.locked", v.StateLabel)
	case !canEnter && !approver:
		v.ReadOnly = i18n.T(v.Lang, "entry.readonly")
	}
	if err := s.entryScreen(c, &v, f, hints); err != nil {
		return err
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
