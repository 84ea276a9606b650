package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// PublicView is the public scoreboard: the province's approved headline
// figures, the ranking of its agencies by approved figures, and the
// commentary a leader marked public — nothing else (no drafts, no names of
// users, no private comment).
type PublicView struct {
	Page     `json:"-"`
	Title    string
	Province string
	Year     int
	Years    []int
	Note     string // which reports the figures count, and how many agencies
	Headline []FigureView
	Ranking  *RankingView
	Comments []PublicComment
	Scores   *ScoreCardView  // Decision 766, of the province
	ByKind   []KindScoreView // and of each kind of agency
	Groups   []string        // the score groups' names
}

// PublicComment is a comment marked public, without its author.
type PublicComment struct {
	Subject   string
	KindLabel string
	Text      string
}

// showPublic is GET /public?year=: 404 unless an administrator opened it.
func (s *Server) showPublic(c *gin.Context) error {
	ctx := c.Request.Context()
	on, err := s.db.Setting(ctx, store.SettingPublic)
	if err != nil {
		return err
	}
	if on != "1" {
		return notFound(c)
	}
	root, err := s.rootAgency(ctx)
	if err != nil {
		return err
	}
	lang, year := langOf(c), c.Query("year")
	v, err := cachedView(ctx, s.views, root.Code, "public\x00"+lang+"\x00"+year, func(ctx context.Context) (*PublicView, error) {
		return s.publicView(ctx, lang, root, year)
	})
	if err != nil {
		return err
	}
	page := *v // shared: the reader goes on a copy
	page.Page = s.page(c)
	publicCacheControl(c)
	return s.tmpl.render(c.Writer, 200, "public", &page)
}

// publicView reads the scoreboard, every figure at the approved level.
func (s *Server) publicView(ctx context.Context, lang string, root kpi.Agency, year string) (*PublicView, error) {
	per, err := s.choosePeriod(ctx, year, "")
	if err != nil {
		return nil, err
	}
	per.level = kpi.LevelApproved
	fb, err := s.scopeFigures(ctx, lang, root.Code, per)
	if err != nil {
		return nil, err
	}
	v := &PublicView{Title: i18n.Tf(lang, "public.title", root.Name, per.year), Province: root.Name, Year: per.year, Years: per.years}
	// The overview's cards, as the catalogue's overview view lists them.
	for _, h := range fb.cat.Display(kpi.ViewOverview) {
		fv := fb.build(h.Indicator, h.Option == "by_kind")
		fv.withCoverage(fb)
		v.Headline = append(v.Headline, fv)
	}
	if x := fb.cat.ScoreIndex(); x != nil {
		card := scoreCard(lang, x, fb.total)
		v.Scores = &card
		for _, k := range kpi.Kinds {
			if figs, ok := fb.byKind[k]; ok {
				v.ByKind = append(v.ByKind, KindScoreView{Kind: k, Label: i18n.T(lang, "kind."+string(k)), Card: scoreCard(lang, x, figs)})
			}
		}
		for _, g := range x.Groups() {
			v.Groups = append(v.Groups, g.Name(lang))
		}
	}
	c := fb.coverage
	v.Note = i18n.Tf(lang, "public.note", number(lang, c.Approved), number(lang, c.Agencies))
	rq, err := parseRanking(fb.cat, rankingParams{})
	if err != nil {
		return nil, err
	}
	rq.Year, rq.Scope, rq.Level = per.year, root.Code, kpi.LevelApproved
	if v.Ranking, err = s.overviewRanking(ctx, lang, rq); err != nil {
		return nil, err
	}
	v.Comments, err = s.publicComments(ctx, lang, fb.cat, root.Code, per.year)
	return v, err
}

// publicComments are the comments of the province for the year that a
// leader marked public, with what they are about and without their author.
func (s *Server) publicComments(ctx context.Context, lang string, cat *kpi.Catalogue, agency string, year int) ([]PublicComment, error) {
	list, err := s.db.Commentary(ctx, store.CommentFilter{Agency: agency, Period: kpi.Period{Year: year}, PublicOnly: true})
	if err != nil {
		return nil, err
	}
	out := make([]PublicComment, 0, len(list))
	for _, cm := range list {
		subject := cat.Group(cm.Group).Name(lang)
		if ind, ok := cat.Get(cm.Indicator); ok {
			subject = ind.Name(lang)
		}
		out = append(out, PublicComment{Subject: subject, KindLabel: i18n.T(lang, "comment.kind."+cm.Kind), Text: cm.Text})
	}
	return out, nil
}
