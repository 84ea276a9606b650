package web

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// showEntryForm renders an agency's quarter: editable for its officers while
// the state allows, read-only otherwise, with the review buttons for those
// who approve. Warnings of the stored figures are shown beside their fields.
func (s *Server) showEntryForm(c *gin.Context) error {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	agency, p, err := entryTarget(c)
	if err != nil {
		return err
	}
	if err := s.authorize(c, auth.ActView, agency); err != nil {
		return err
	}
	e, err := s.db.Entry(c.Request.Context(), agency, p)
	if err != nil {
		return err
	}
	lang := langOf(c)
	check := kpi.ValidateEntry(cat, e.Input(e.Values))
	byOption := kpi.ValidateOptions(cat, e.Input(nil), e.Options)
	check.Errors, check.Warnings = append(check.Errors, byOption.Errors...), append(check.Warnings, byOption.Warnings...)
	f := entryForm{lang: lang, cat: cat, entry: e, check: check, version: e.Submission.Version}
	return s.renderEntry(c, http.StatusOK, f, entryExtras{notice: doneNotice(lang, c.Query("done"))})
}

// saveEntry saves the form as a draft, or saves and submits it. Every value
// is parsed and validated first with the one shared validation; with any
// error nothing is written and the form comes back (422) with each message
// beside its field and the typed values kept. A stale version comes back
// (409) with the other person's values beside the typed ones.
func (s *Server) saveEntry(c *gin.Context) error {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	agency, p, err := entryTarget(c)
	if err != nil {
		return err
	}
	submit := c.PostForm(fieldAction) == actionSubmit
	if err := s.authorize(c, auth.ActEnter, agency); err != nil {
		return err
	}
	if submit {
		if err := s.authorize(c, auth.ActSubmit, agency); err != nil {
			return err
		}
	}
	ctx := c.Request.Context()
	e, err := s.db.Entry(ctx, agency, p)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(c.PostForm(fieldVersion))
	if err != nil {
		return kpi.Errorf(kpi.EINVALID, "Form thiếu phiên bản số liệu; hãy tải lại trang.", "The form lacks its version; reload the page.")
	}
	lang := langOf(c)
	fields := cat.FieldsOf(e.Agency.Kind, p.Year)
	in := readEntryInputs(c, lang, e.Values, fields)
	opts := readOptionInputs(c, lang, cat, e.Options, fields)
	opts.totals(lang, cat, &in, fields)
	in.parseErrs = append(in.parseErrs, foreignFields(cat, e, c)...)
	check := validateForm(cat, e.Input(in.values), append(in.parseErrs, opts.parseErrs...), submit)
	byOption := kpi.ValidateOptions(cat, e.Input(nil), opts.values)
	check.Errors, check.Warnings = append(check.Errors, byOption.Errors...), append(check.Warnings, byOption.Warnings...)
	comment := strings.TrimSpace(c.PostForm(fieldComment))
	f := entryForm{lang: lang, cat: cat, entry: e, inputs: in.text, optInputs: opts.text, check: check, version: version}
	extras := entryExtras{comment: &comment}
	if !check.OK() {
		return s.renderEntry(c, http.StatusUnprocessableEntity, f, extras)
	}
	if submit && len(check.Warnings) > 0 && comment == "" {
		extras.commentErr = i18n.Tf(lang, "entry.needcomment")
		return s.renderEntry(c, http.StatusUnprocessableEntity, f, extras)
	}
	w := store.ValueWrite{Agency: agency, Period: p, Values: in.writes(e.Values), Options: opts.writes, Version: version,
		Actor: currentUser(c).Username, Source: "form"}
	done := actionSave
	if submit {
		_, err = s.db.SubmitValues(ctx, w, comment)
		done = actionSubmit
	} else {
		_, err = s.db.SaveValues(ctx, w)
	}
	if err != nil {
		return s.entryWriteFailed(c, f, extras, err)
	}
	c.Redirect(http.StatusSeeOther, doneURL(c, entryURL(agency, p), done))
	return nil
}

// entryWriteFailed answers a refused write: on a conflict the other
// person's values (or the new state) beside the typed ones, on a rule the
// store enforces the message at the top; internal errors go to s.fail.
func (s *Server) entryWriteFailed(c *gin.Context, f entryForm, extras entryExtras, err error) error {
	switch kpi.ErrorCode(err) {
	case kpi.ECONFLICT:
		now, rerr := s.db.Entry(c.Request.Context(), f.entry.Agency.Code, f.entry.Submission.Period)
		if rerr != nil {
			return rerr
		}
		f.entry, f.theirs, f.version = now, now.Values, now.Submission.Version
		if kpi.Editable(now.Submission.State) {
			who := now.Submission.UpdatedBy
			if who == "" {
				who = "?"
			}
			extras.conflict = i18n.Tf(f.lang, "entry.conflict", who)
		} else {
			extras.alerts = append(extras.alerts, kpi.ErrorMessage(err, f.lang))
		}
		return s.renderEntry(c, http.StatusConflict, f, extras)
	case kpi.EINVALID:
		extras.alerts = append(extras.alerts, kpi.ErrorMessage(err, f.lang))
		return s.renderEntry(c, http.StatusUnprocessableEntity, f, extras)
	}
	if serr := s.db.StorageError(err); serr != nil {
		// Nothing was saved (one transaction); the typed values stay in the form.
		s.log.Error("storage refused a save", "agency", f.entry.Agency.Code, "err", err)
		extras.alerts = append(extras.alerts, kpi.ErrorMessage(serr, f.lang))
		return s.renderEntry(c, http.StatusServiceUnavailable, f, extras)
	}
	return err
}

// entryInputs is the parsed form: the text per field (what was typed, or
// the stored value of a field the POST lacks), the values after the save
// (stored ones overlaid by the fields posted), a field error for each that
// did not parse, and which fields the POST carried.
type entryInputs struct {
	text      map[string]string
	values    map[string]float64
	parseErrs []kpi.FieldError
	posted    map[string]bool
}

// readEntryInputs reads one field per field of the agency's data set;
// other form keys are ignored. Only the fields present in the POST change:
// a field it lacks (a form built before a field was added, a hand-made
// request) keeps its stored value, and an explicit empty field clears it.
func readEntryInputs(c *gin.Context, lang string, stored map[string]float64, fields []kpi.Indicator) entryInputs {
	in := entryInputs{text: map[string]string{}, values: map[string]float64{}, posted: map[string]bool{}}
	for code, v := range stored {
		in.values[code] = v
	}
	for _, ind := range fields {
		raw, ok := c.GetPostForm(ind.Code)
		if !ok {
			if v, had := stored[ind.Code]; had {
				in.text[ind.Code] = kpi.FormatNumber(lang, v)
			}
			continue
		}
		in.posted[ind.Code] = true
		in.text[ind.Code] = raw
		delete(in.values, ind.Code)
		v, err := kpi.ParseNumber(lang, raw)
		switch {
		case errors.Is(err, kpi.ErrNoValue):
		case err != nil:
			in.parseErrs = append(in.parseErrs, kpi.FieldError{Field: ind.Code,
				MessageVI: kpi.ErrorMessage(err, "vi"), MessageEN: kpi.ErrorMessage(err, "en")})
		default:
			in.values[ind.Code] = v
		}
	}
	return in
}

// foreignFields refuses the indicators a POST carries that are not on the
// agency's form in this year (a form opened before an administrator took a
// field off the data set, a hand-made request): ignoring them would drop
// what was typed without a word.
func foreignFields(cat *kpi.Catalogue, e store.Entry, c *gin.Context) []kpi.FieldError {
	var codes []string
	for key := range c.Request.PostForm {
		if _, ok := cat.Get(key); ok {
			codes = append(codes, key)
		}
	}
	sort.Strings(codes)
	return kpi.CheckWritable(cat, e.Agency.Kind, e.Period.Year, codes)
}

// writes is the save: every posted value, and a clear for each stored
// value whose field was posted empty. Fields the POST lacks are not touched.
func (in entryInputs) writes(stored map[string]float64) map[string]*float64 {
	out := make(map[string]*float64, len(in.posted))
	for code := range in.posted {
		if v, ok := in.values[code]; ok {
			out[code] = &v
		} else if _, had := stored[code]; had {
			out[code] = nil
		}
	}
	return out
}

// validateForm runs the shared validation (the submission's when
// submitting) and puts the parse errors first; a field that did not parse
// gets no second error for being missing.
func validateForm(cat *kpi.Catalogue, in kpi.EntryInput, parseErrs []kpi.FieldError, submit bool) kpi.Check {
	check := kpi.ValidateEntry(cat, in)
	if submit {
		check = kpi.ValidateSubmission(cat, in)
	}
	unparsed := map[string]bool{}
	for _, e := range parseErrs {
		unparsed[e.Field] = true
	}
	errs := append([]kpi.FieldError(nil), parseErrs...)
	for _, e := range check.Errors {
		if !unparsed[e.Field] {
			errs = append(errs, e)
		}
	}
	check.Errors = errs
	return check
}

// entryTarget reads the agency and quarter of the route.
func entryTarget(c *gin.Context) (string, kpi.Period, error) {
	p, err := parsePeriodParams(c.Param("year"), c.Param("quarter"))
	return c.Param("agency"), p, err
}
