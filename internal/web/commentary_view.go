package web

import (
	"context"
	"net/url"
	"time"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// CommentView is one comment as pages and the API show it beside its
// figure: the kind in words, the text, who wrote it and when.
type CommentView struct {
	Kind       string `json:"kind"`
	KindLabel  string `json:"kind_label"`
	Text       string `json:"text"`
	Author     string `json:"author"`
	AuthorName string `json:"author_name"`
	At         string `json:"at"` // "05/01/2022 14:03", the server's local time
	Public     bool   `json:"public"`
	Version    int    `json:"version"`
}

// commentaryOf is an agency's commentary of a period by subject key
// (kpi.Comment.Subject), ready for the views.
type commentaryOf map[string][]CommentView

// loadCommentary reads the comments of an agency for a period.
func (s *Server) loadCommentary(ctx context.Context, lang, agency string, p kpi.Period) (commentaryOf, error) {
	list, err := s.db.Commentary(ctx, store.CommentFilter{Agency: agency, Period: p})
	if err != nil {
		return nil, err
	}
	out := commentaryOf{}
	for _, c := range list {
		out[c.Subject()] = append(out[c.Subject()], commentView(lang, c))
	}
	return out, nil
}

func commentView(lang string, c kpi.Comment) CommentView {
	return CommentView{Kind: c.Kind, KindLabel: i18n.T(lang, "comment.kind."+c.Kind), Text: c.Text,
		Author: c.Author, AuthorName: nameOr(c.AuthorName, c.Author), At: commentTime(c.At), Public: c.Public, Version: c.Version}
}

// commentTime is a comment's time as a clerk reads it, in the server's zone.
func commentTime(t time.Time) string { return t.Local().Format("02/01/2006 15:04") }

func nameOr(name, fallback string) string {
	if name != "" {
		return name
	}
	return fallback
}

// commentURL is the page where an agency's comments on a subject are read
// and written.
func commentURL(agency string, p kpi.Period, subjectParam, code string) string {
	return link("/agencies/"+url.PathEscape(agency)+"/commentary", subjectParam, code, "year", itoa(p.Year), "quarter", itoa(p.Quarter))
}

// on is the comments of one subject with the address of its page.
func (cm commentaryOf) on(agency string, p kpi.Period, param, code string) ([]CommentView, string) {
	subject := kpi.SubjectIndicator(code)
	if param == "group" {
		subject = kpi.SubjectGroup(code)
	}
	return cm[subject], commentURL(agency, p, param, code)
}

// withCommentary puts the scope's comments of the period beside the
// overview's cards and group tables.
func (s *Server) withCommentary(ctx context.Context, lang string, v *OverviewView) error {
	p, a := kpi.Period{Year: v.Year, Quarter: v.Quarter}, v.Scope.Code
	cm, err := s.loadCommentary(ctx, lang, a, p)
	if err != nil {
		return err
	}
	for i := range v.Headline {
		h := &v.Headline[i]
		h.Comments, h.CommentURL = cm.on(a, p, "indicator", h.Code)
		h.CommentLabel = i18n.T(lang, "comment.link")
	}
	for gi := range v.Groups {
		g := &v.Groups[gi]
		g.Comments, g.CommentURL = cm.on(a, p, "group", g.Code)
		for ri := range g.Rows {
			g.Rows[ri].Comments, g.Rows[ri].CommentURL = cm.on(a, p, "indicator", g.Rows[ri].Code)
		}
	}
	return nil
}

// withAgencyCommentary puts the agency's comments of the year beside its
// page's group tables and rows.
func (s *Server) withAgencyCommentary(ctx context.Context, lang string, v *AgencyView) error {
	p, a := kpi.Period{Year: v.Year}, v.Scope.Code
	cm, err := s.loadCommentary(ctx, lang, a, p)
	if err != nil {
		return err
	}
	for gi := range v.Groups {
		g := &v.Groups[gi]
		g.Comments, g.CommentURL = cm.on(a, p, "group", g.Code)
		for ri := range g.Rows {
			g.Rows[ri].Comments, g.Rows[ri].CommentURL = cm.on(a, p, "indicator", g.Rows[ri].Code)
		}
	}
	return nil
}
