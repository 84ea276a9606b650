package web

import (
	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// EntryScreen is what the quarter's page adds around the figures: the way
// back, the live check, the list of what to fix (each a link to its
// field), the prefilled fields, the leader's review at the top and the
// question asked before submitting.
type EntryScreen struct {
	Back      BackLink
	From      string // where the page was opened from, carried by its forms
	CheckURL  string // the live check, when the form is editable
	Problems  []Problem
	Focus     string            // the field the page opens on: the first with an error
	Prefilled map[string]string // field -> why it holds a value already
	Review    *EntryReview      // for those who may approve it now
	Confirm   string            // asked before the quarter is submitted
	Summary   string            // the errors and warnings in one line
}

// Problem is one error of the form, as the list at its top shows it.
type Problem struct {
	Field   string
	Name    string
	Message string
}

// checkSummary says in one line how many errors and warnings there are.
func checkSummary(lang string, errs, warns int) string {
	switch {
	case errs > 0:
		return i18n.Tf(lang, "entry.live.errors", errs)
	case warns > 0:
		return i18n.Tf(lang, "entry.live.warnings", warns)
	}
	return i18n.T(lang, "entry.live.ok")
}

// problems lists the form's errors in the order of its fields, the
// quarter's own ones first, and the field the page should open on.
func problems(cat *kpi.Catalogue, lang string, check kpi.Check) ([]Problem, string) {
	var out []Problem
	for _, e := range check.Errors {
		if e.Field == "" {
			out = append(out, Problem{Message: e.Message(lang)})
		}
	}
	focus := ""
	for _, ind := range cat.Entered() {
		errs, _ := check.For(ind.Code)
		for _, e := range errs {
			out = append(out, Problem{Field: ind.Code, Name: ind.Name(lang), Message: e.Message(lang)})
		}
		if len(errs) > 0 && focus == "" {
			focus = ind.Code
		}
	}
	return out, focus
}

// prefill puts into a quarter not yet typed in what the catalogue says it
// carries from the quarter before (the dossiers still in progress at its
// end), for fields that hold nothing yet; it returns the hint shown beside
// each. The clerk sees it, may change it, and it is saved only with the form.
func prefill(cat *kpi.Catalogue, lang string, e store.Entry) (map[string]string, map[string]string) {
	inputs := map[string]string{}
	for code, v := range e.Values {
		inputs[code] = kpi.FormatNumber(lang, v)
	}
	hints := map[string]string{}
	for _, co := range cat.CarryOvers() {
		prev, ok := e.Previous[co.From]
		if _, has := e.Values[co.Field]; has || !ok {
			continue
		}
		from, _ := cat.Get(co.From)
		inputs[co.Field] = kpi.FormatNumber(lang, prev)
		hints[co.Field] = i18n.Tf(lang, "entry.prefilled", from.Name(lang))
	}
	return inputs, hints
}

// entryScreen fills the screen around the form for this user and state.
func (s *Server) entryScreen(c *gin.Context, v *EntryView, f entryForm, hints map[string]string) error {
	lang := v.Lang
	v.Back = s.backLink(c, lang, localFrom(c))
	if v.Back.URL == localFrom(c) {
		v.From = v.Back.URL // the forms carry it on only when it is a way back
	}
	v.Prefilled = hints
	v.Problems, v.Focus = problems(f.cat, lang, f.check)
	v.Summary = checkSummary(lang, len(f.check.Errors), len(f.check.Warnings))
	if v.Editable {
		v.CheckURL = v.URL + "/check"
	}
	if v.CanSubmit {
		v.Confirm = i18n.Tf(lang, "entry.confirm", v.Period.Quarter, v.Period.Year, v.Agency.Name)
	}
	if v.CanApprove {
		r, err := s.entryReview(c.Request.Context(), lang, f.entry)
		if err != nil {
			return err
		}
		v.Review = r
	}
	return nil
}
