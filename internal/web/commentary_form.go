package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// CommentPage reads and writes an agency's commentary on one subject (an
// indicator or a group) for one period: each kind with its stored text,
// and a form for the kinds the user may write.
type CommentPage struct {
	Page
	Title        string
	Agency       kpi.Agency
	Year         int
	Quarter      int
	PeriodLabel  string
	SubjectParam string // "indicator" or "group"
	SubjectCode  string
	SubjectLabel string
	Figure       string // the indicator's figure for the period ("" for a group)
	Forms        []CommentForm
	Notice       string
	BackURL      string
	Limit        int
}

// CommentForm is one kind of comment on the page.
type CommentForm struct {
	Kind, KindLabel string
	Current         *CommentView // as stored; nil when there is none
	Text            string       // what the text box holds
	Public          bool
	Version         int
	Writable        bool // the user may write this kind here
	CanPublic       bool // the user may mark it public
	Error           string
	Theirs          *CommentView // after a conflict: the text saved meanwhile
}

// commentAsk is what a commentary request is about.
type commentAsk struct {
	agency string
	period kpi.Period
	ind    string
	group  string
	cat    *kpi.Catalogue // the catalogue the subject was checked against
}

func (a commentAsk) comment(kind string) kpi.Comment {
	return kpi.Comment{Agency: a.agency, Period: a.period, Indicator: a.ind, Group: a.group, Kind: kind}
}

// parseCommentAsk reads the period and subject: a year, a quarter (0 or
// none: the year) and an indicator or a group of the catalogue.
func (s *Server) parseCommentAsk(c *gin.Context, year, quarter, ind, group string) (commentAsk, error) {
	y, err := strconv.Atoi(strings.TrimSpace(year))
	if err != nil || y < kpi.MinYear || y > kpi.MaxYear {
		return commentAsk{}, kpi.Errorf(kpi.EINVALID, "Năm %q không hợp lệ.", "Year %q is not valid.", year)
	}
	q, err := pickQuarter(strings.TrimSpace(quarter))
	if err != nil {
		return commentAsk{}, err
	}
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return commentAsk{}, err
	}
	a := commentAsk{agency: c.Param("code"), period: kpi.Period{Year: y, Quarter: q}, ind: strings.TrimSpace(ind), group: strings.TrimSpace(group), cat: cat}
	probe := a.comment(kpi.CommentExplanation)
	probe.Text = "-"
	return a, kpi.ValidateComment(cat, probe)
}

// commentWriteAct is the right a kind of comment needs on its agency: an
// officer explains a figure, a leader assesses it.
func commentWriteAct(kind string) auth.Action {
	if kind == kpi.CommentAssessment {
		return auth.ActApprove
	}
	return auth.ActEnter
}

// authorizeComment checks the user may write (or delete) the comment: its
// kind's right on the agency, and the approval right to make it public.
func (s *Server) authorizeComment(c *gin.Context, cm kpi.Comment) error {
	if err := s.authorize(c, commentWriteAct(cm.Kind), cm.Agency); err != nil {
		return err
	}
	if cm.Public {
		return s.authorize(c, auth.ActApprove, cm.Agency)
	}
	return nil
}

// commentWrite is a store write of cm by the request's user.
func commentWrite(c *gin.Context, cm kpi.Comment, version int, source string) store.CommentWrite {
	u := currentUser(c)
	return store.CommentWrite{Comment: cm, Version: version, Actor: actorOf(c), ActorName: u.FullName, Source: source}
}

// showCommentary is GET /agencies/:code/commentary?year=&quarter=&indicator=|group=.
func (s *Server) showCommentary(c *gin.Context) error {
	ask, err := s.parseCommentAsk(c, c.Query("year"), c.Query("quarter"), c.Query("indicator"), c.Query("group"))
	if err != nil {
		return err
	}
	page, err := s.commentPage(c, ask)
	if err != nil {
		return err
	}
	switch c.Query("done") {
	case "saved":
		page.Notice = i18n.T(page.Lang, "comment.saved")
	case "deleted":
		page.Notice = i18n.T(page.Lang, "comment.deleted")
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "commentary", page)
}

// saveCommentary is POST /agencies/:code/commentary: a save (or, with
// action=delete, a removal) of one kind. A refusal re-renders the page
// with the typed text kept and the message beside its form.
func (s *Server) saveCommentary(c *gin.Context) error {
	ask, err := s.parseCommentAsk(c, c.PostForm("year"), c.PostForm("quarter"), c.PostForm("indicator"), c.PostForm("group"))
	if err != nil {
		return err
	}
	cm := ask.comment(c.PostForm("kind"))
	cm.Text, cm.Public = c.PostForm("text"), c.PostForm("public") == "1"
	if !kpi.ValidCommentKind(cm.Kind) {
		return kpi.Errorf(kpi.EINVALID, "Loại nhận xét %q không hợp lệ.", "Commentary kind %q is not valid.", cm.Kind)
	}
	version, err := strconv.Atoi(c.PostForm("version"))
	if err != nil || version < 0 {
		return kpi.Errorf(kpi.EINVALID, "Phiên bản %q không hợp lệ.", "Version %q is not valid.", c.PostForm("version"))
	}
	if err := s.authorizeComment(c, cm); err != nil {
		return err
	}
	w, done := commentWrite(c, cm, version, "form"), "saved"
	if c.PostForm("action") == "delete" {
		err, done = s.db.DeleteComment(c.Request.Context(), w), "deleted"
	} else {
		_, err = s.db.SaveComment(c.Request.Context(), w)
	}
	switch code := kpi.ErrorCode(err); {
	case err == nil:
		c.Redirect(http.StatusSeeOther, commentURL(ask.agency, ask.period, subjectParam(ask), subjectCode(ask))+"&done="+done)
		return nil
	case code == kpi.EINVALID || code == kpi.ECONFLICT:
		return s.rerenderComment(c, ask, cm, err)
	default:
		return err
	}
}

// rerenderComment shows the page again after a refused write: the typed
// text stays in its box, the message beside it and, after a conflict, the
// text stored meanwhile above it.
func (s *Server) rerenderComment(c *gin.Context, ask commentAsk, typed kpi.Comment, cause error) error {
	page, err := s.commentPage(c, ask)
	if err != nil {
		return err
	}
	for i := range page.Forms {
		f := &page.Forms[i]
		if f.Kind != typed.Kind {
			continue
		}
		f.Error, f.Text, f.Public = kpi.ErrorMessage(cause, page.Lang), typed.Text, typed.Public
		if kpi.ErrorCode(cause) == kpi.ECONFLICT {
			f.Theirs = f.Current
		}
	}
	return s.tmpl.render(c.Writer, statusOf(kpi.ErrorCode(cause)), "commentary", page)
}

func subjectParam(a commentAsk) string {
	if a.ind != "" {
		return "indicator"
	}
	return "group"
}

func subjectCode(a commentAsk) string { return a.ind + a.group }

// commentPage builds the page of one subject as stored now.
func (s *Server) commentPage(c *gin.Context, ask commentAsk) (*CommentPage, error) {
	ctx, lang := c.Request.Context(), langOf(c)
	a, err := s.db.Agency(ctx, ask.agency)
	if err != nil {
		return nil, err
	}
	cm, err := s.loadCommentary(ctx, lang, ask.agency, ask.period)
	if err != nil {
		return nil, err
	}
	page := &CommentPage{Page: s.page(c), Agency: seenFrom(a, crumbTop(c)), Year: ask.period.Year, Quarter: ask.period.Quarter,
		PeriodLabel: periodLabel(lang, ask.period.Year, ask.period.Quarter), SubjectParam: subjectParam(ask), SubjectCode: subjectCode(ask),
		BackURL: agencyURL(a.Code, ask.period.Year), Limit: kpi.MaxCommentRunes}
	subject := kpi.SubjectGroup(ask.group)
	if ask.ind != "" {
		subject = kpi.SubjectIndicator(ask.ind)
		ind, _ := ask.cat.Get(ask.ind)
		page.SubjectLabel = i18n.T(lang, "comment.subject.indicator") + ": " + ind.Name(lang)
		if page.Figure, err = s.figureDisplay(ctx, lang, ind, ask); err != nil {
			return nil, err
		}
	} else {
		page.SubjectLabel = i18n.T(lang, "comment.subject.group") + ": " + ask.cat.Group(ask.group).Name(lang)
	}
	page.Title = i18n.Tf(lang, "comment.title", a.Name)
	for _, kind := range kpi.CommentKinds {
		f := CommentForm{Kind: kind, KindLabel: i18n.T(lang, "comment.kind."+kind),
			Writable:  s.authorize(c, commentWriteAct(kind), a.Code) == nil,
			CanPublic: s.authorize(c, auth.ActApprove, a.Code) == nil}
		for _, v := range cm[subject] {
			if v.Kind == kind {
				f.Current, f.Text, f.Public, f.Version = &v, v.Text, v.Public, v.Version
			}
		}
		page.Forms = append(page.Forms, f)
	}
	return page, nil
}

// figureDisplay is the indicator's figure of the agency for the period,
// every report counted (as the dashboards show by default).
func (s *Server) figureDisplay(ctx context.Context, lang string, ind kpi.Indicator, ask commentAsk) (string, error) {
	figs, err := s.db.Figures(ctx, store.Scope{Agency: ask.agency, Year: ask.period.Year, Quarter: ask.period.Quarter})
	if err != nil {
		return "", err
	}
	return display(lang, ind, figs[ind.Code]), nil
}
