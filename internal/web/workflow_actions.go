package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// moveEntry handles a leader's approve, return or reopen of an agency's
// quarter (POST /entry/:agency/:year/:quarter/{approve,return,reopen}).
// The role is checked here; the state in the store, in the same
// transaction as the change and its audit rows. A refused move comes back
// on the quarter's page with its status (409 for the state or a stale
// version, 422 for a missing reason) and the message at the top.
func (s *Server) moveEntry(m kpi.Move) handlerFunc {
	return func(c *gin.Context) error {
		agency, p, err := entryTarget(c)
		if err != nil {
			return err
		}
		if err := s.authorize(c, auth.ActApprove, agency); err != nil {
			return err
		}
		version, err := strconv.Atoi(c.PostForm(fieldVersion))
		if err != nil {
			return kpi.Errorf(kpi.EINVALID, "Form thiếu phiên bản số liệu; hãy tải lại trang.", "The form lacks its version; reload the page.")
		}
		reason := strings.TrimSpace(c.PostForm(fieldReason))
		t := store.Transition{Agency: agency, Period: p, Actor: currentUser(c).Username, Reason: reason,
			Version: version, Source: "form"}
		if _, err := s.transition(c.Request.Context(), m, t); err != nil {
			return s.moveFailed(c, m, t, err)
		}
		if m.NeedsReason() && s.opts.ReportReturned != nil {
			s.opts.ReportReturned()
		}
		c.Redirect(http.StatusSeeOther, doneURL(c, entryURL(agency, p), string(m)))
		return nil
	}
}

// transition calls the store's move.
func (s *Server) transition(ctx context.Context, m kpi.Move, t store.Transition) (kpi.Submission, error) {
	switch m {
	case kpi.MoveApprove:
		return s.db.Approve(ctx, t)
	case kpi.MoveReturn:
		return s.db.Return(ctx, t)
	case kpi.MoveReopen:
		return s.db.Reopen(ctx, t)
	}
	return s.db.Submit(ctx, t)
}

// moveFailed shows the quarter as it is now, with why the move was refused.
func (s *Server) moveFailed(c *gin.Context, m kpi.Move, t store.Transition, err error) error {
	code := kpi.ErrorCode(err)
	if code != kpi.ECONFLICT && code != kpi.EINVALID {
		return err
	}
	cat, cerr := s.db.Catalogue(c.Request.Context())
	if cerr != nil {
		return cerr
	}
	e, rerr := s.db.Entry(c.Request.Context(), t.Agency, t.Period)
	if rerr != nil {
		return rerr
	}
	lang := langOf(c)
	f := entryForm{lang: lang, cat: cat, entry: e, check: kpi.ValidateEntry(cat, e.Input(e.Values)), version: e.Submission.Version}
	x := entryExtras{alerts: []string{kpi.ErrorMessage(err, lang)}, reason: t.Reason}
	if code == kpi.EINVALID && m.NeedsReason() && t.Reason == "" {
		x.alerts, x.reasonErr = nil, kpi.ErrorMessage(err, lang)
	}
	return s.renderEntry(c, statusOf(code), f, x)
}
