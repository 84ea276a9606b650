package web

import (
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// ScoreCardView is the score index for one set of figures (a scope, a kind
// of agency, an agency, a quarter): each group's points, ratio and score,
// and the total out of the index's points.
type ScoreCardView struct {
	Groups       []GroupScoreView `json:"groups"`
	Total        float64          `json:"total"`
	TotalDisplay string           `json:"total_display"` // "70,7"
	Max          float64          `json:"max"`
	Scored       int              `json:"scored"` // groups with a score
	Note         string           `json:"note,omitempty"`
	Lang         string           `json:"-"` // the labels' language, for the partial
}

// GroupScoreView is one group of a scorecard.
type GroupScoreView struct {
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	Points       float64 `json:"points"`
	Ratio        float64 `json:"ratio"`
	RatioDisplay string  `json:"ratio_display"` // "95%", or "—" without its counts
	Score        float64 `json:"score"`
	Display      string  `json:"display"`
	OK           bool    `json:"ok"`
}

// scoreCard lays out the index's result for figs.
func scoreCard(lang string, x *kpi.ScoreIndex, figs map[string]kpi.Figure) ScoreCardView {
	sc := x.Score(figs)
	v := ScoreCardView{Lang: lang, Total: sc.Total, TotalDisplay: i18n.Number(lang, sc.Total, 1), Max: sc.Max, Scored: sc.Scored}
	var missing []string
	for i, g := range x.Groups() {
		gs := sc.Groups[i]
		gv := GroupScoreView{Code: g.Code, Name: g.Name(lang), Points: g.Points, Ratio: gs.Ratio, Score: gs.Score, OK: gs.OK,
			RatioDisplay: "—", Display: "—"}
		if gs.OK {
			gv.RatioDisplay, gv.Display = i18n.Percent(lang, gs.Ratio*100, 1), i18n.Number(lang, gs.Score, 1)
		} else {
			missing = append(missing, gv.Name)
		}
		v.Groups = append(v.Groups, gv)
	}
	if len(missing) > 0 {
		v.Note = i18n.Tf(lang, "scores.missing", joinNames(missing))
	}
	return v
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "; "
		}
		out += n
	}
	return out
}

// KindScoreView is the scorecard of one kind of agency within the scope:
// the index over the counts of every agency of that kind, summed.
type KindScoreView struct {
	Kind  kpi.Kind      `json:"kind"`
	Label string        `json:"label"`
	Card  ScoreCardView `json:"scorecard"`
}

// TrendScoreView is the scope's total of one quarter.
type TrendScoreView struct {
	Year    int     `json:"year"`
	Quarter int     `json:"quarter"`
	Label   string  `json:"label"`
	Total   float64 `json:"total"`
	Display string  `json:"display"`
	Scored  int     `json:"scored"`
}

// AgencyScoreView is one agency of the ranking, by its own counts.
type AgencyScoreView struct {
	Rank      int      `json:"rank"`
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Kind      kpi.Kind `json:"kind"`
	KindLabel string   `json:"kind_label"`
	Total     float64  `json:"total"`
	Display   string   `json:"display"`
	Scored    int      `json:"scored"`
	Cells     []string `json:"cells"` // each group's score, in the index's order
	URL       string   `json:"-"`
}
