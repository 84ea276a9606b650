package web

import (
	"context"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// CompletenessView summarises who has reported for one quarter, by kind
// of agency; the cockpit (/cockpit) lists the agencies themselves.
type CompletenessView struct {
	Year    int               `json:"year"`
	Quarter int               `json:"quarter"`
	Label   string            `json:"label"`
	Rows    []CompletenessRow `json:"rows"`
	Total   CompletenessRow   `json:"total"`
	URL     string            `json:"-"`
}

// CompletenessRow counts the agencies of one kind by report state.
type CompletenessRow struct {
	Kind       kpi.Kind `json:"kind,omitempty"`
	Label      string   `json:"label"`
	Approved   int      `json:"approved"`
	Submitted  int      `json:"submitted"`
	Returned   int      `json:"returned"`
	Draft      int      `json:"draft"`
	NotStarted int      `json:"not_started"`
	Agencies   int      `json:"agencies"`
}

func (r *CompletenessRow) add(state string, n int) {
	switch state {
	case kpi.StateApproved:
		r.Approved += n
	case kpi.StateSubmitted:
		r.Submitted += n
	case kpi.StateReturned:
		r.Returned += n
	case kpi.StateDraft:
		r.Draft += n
	default:
		r.NotStarted += n
	}
	r.Agencies += n
}

// completeness counts report states by kind for the quarter shown, or for
// a whole year its latest quarter with data; nil when the year has none.
// Counts only, from one GROUP BY: the agencies themselves are on /cockpit
// (of the same scope: asked is the ?scope= the overview was asked for).
func (s *Server) completeness(ctx context.Context, lang, scope, asked string, per period) (*CompletenessView, error) {
	q := per.quarter
	if q == 0 {
		if len(per.quarters) == 0 {
			return nil, nil
		}
		q = per.quarters[len(per.quarters)-1]
	}
	counts, err := s.db.CompletenessCounts(ctx, store.Scope{Agency: scope, Year: per.year, Quarter: q})
	if err != nil {
		return nil, err
	}
	v := &CompletenessView{Year: per.year, Quarter: q, Label: i18n.Tf(lang, "dash.quarterofyear", q, per.year),
		Total: CompletenessRow{Label: i18n.T(lang, "dash.total")},
		URL:   link("/cockpit", "year", itoa(per.year), "quarter", itoa(q), scopeParam, asked)}
	for _, k := range kpi.Kinds {
		states, ok := counts[k]
		if !ok {
			continue
		}
		row := CompletenessRow{Kind: k, Label: i18n.T(lang, "kind."+string(k))}
		for state, n := range states {
			row.add(state, n)
			v.Total.add(state, n)
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}
