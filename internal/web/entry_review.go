package web

import (
	"context"
	"strconv"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// EntryReview is what a leader sees at the top of a quarter they may
// approve: what changed since it was last approved, field by field (old →
// new), beside the buttons to approve or return it.
type EntryReview struct {
	Approved string         // when and by whom it was last approved; "" when never
	Changes  []ReviewChange // since then, in the form's order
}

// ReviewChange is one field changed since the last approval.
type ReviewChange struct {
	Code, Name, Unit string
	Old, New         string
}

// entryReview reads the quarter's history and keeps, of each value saved
// after the last approval, what it was then and what it is now; a value
// changed and changed back is no change.
func (s *Server) entryReview(ctx context.Context, lang string, e store.Entry) (*EntryReview, error) {
	events, err := s.db.QuarterHistory(ctx, e.Agency.Code, e.Submission.Period)
	if err != nil {
		return nil, err
	}
	last := -1
	for i, ev := range events {
		if ev.Action == "submission."+string(kpi.MoveApprove) {
			last = i
		}
	}
	r := &EntryReview{}
	if last < 0 {
		return r, nil
	}
	r.Approved = i18n.Tf(lang, "review.approved", timeLabel(lang, events[last].At), actorLabel(lang, events[last].Actor))
	then := map[string]string{}
	for _, ev := range events[last+1:] {
		if _, seen := then[ev.Field]; ev.Entity == "value" && !seen {
			then[ev.Field] = ev.Old
		}
	}
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	for _, ind := range cat.Entered() {
		old, changed := then[ind.Code]
		now, has := e.Values[ind.Code]
		if !changed || old == formatStored(now, has) {
			continue
		}
		r.Changes = append(r.Changes, ReviewChange{Code: ind.Code, Name: ind.Name(lang), Unit: ind.Unit(lang),
			Old: storedLabel(lang, ind, old), New: valueLabel(lang, ind, e.Values)})
	}
	return r, nil
}

// formatStored writes a value as the audit log keeps it ("" for none).
func formatStored(v float64, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// storedLabel shows a value as the audit log kept it, or — for none.
func storedLabel(lang string, ind kpi.Indicator, s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "—"
	}
	return i18n.Number(lang, v, ind.Decimals)
}
