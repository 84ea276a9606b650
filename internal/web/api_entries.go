package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// EntryJSON is an agency's quarter as the API shows it: its state, the
// version a write must name, and its values by indicator code.
type EntryJSON struct {
	Agency   string             `json:"agency"`
	Name     string             `json:"name"`
	Year     int                `json:"year"`
	Period   string             `json:"period"` // as in the entry form's address: "q2", or "m07" for a month
	State    string             `json:"state"`  // "" (not started), draft, submitted, approved, returned
	Version  int                `json:"version"`
	Reason   string             `json:"reason,omitempty"`
	Comment  string             `json:"comment,omitempty"`
	Deadline string             `json:"deadline"` // the last day to report, YYYY-MM-DD
	Overdue  bool               `json:"overdue"`
	Late     bool               `json:"late"` // submitted after the deadline (kept once approved)
	Values   map[string]float64 `json:"values"`
	// Breakdown is the values by option (option code → indicator code →
	// value) of the indicators broken down, with ?breakdown=1.
	Breakdown map[string]map[string]float64 `json:"breakdown,omitempty"`
	Warnings  []kpi.FieldError              `json:"warnings"` // saved, but a submission needs a comment
	URL       string                        `json:"url"`      // the entry form of the quarter
}

// entryJSON lays out a stored entry.
func (s *Server) entryJSON(cat *kpi.Catalogue, e store.Entry) EntryJSON {
	p := e.Submission.Period
	check := kpi.ValidateEntry(cat, e.Input(e.Values))
	warnings := check.Warnings
	if warnings == nil {
		warnings = []kpi.FieldError{}
	}
	return EntryJSON{Agency: e.Agency.Code, Name: e.Agency.Name, Year: p.Year, Period: p.Address(),
		State: e.Submission.State, Version: e.Submission.Version, Reason: e.Submission.Reason, Comment: e.Submission.Comment,
		Deadline: s.calendar(cat, e.Agency.Kind).Due(p).Format("2006-01-02"), Overdue: s.calendar(cat, e.Agency.Kind).Overdue(p, e.Submission.State, s.today()),
		Late:   e.Submission.Late,
		Values: e.Values, Warnings: warnings, URL: entryURL(e.Agency.Code, p)}
}

// apiEntry is GET /api/v1/entries/:agency/:year/:quarter.
func (s *Server) apiEntry(c *gin.Context) error {
	agency, p, err := entryTarget(c)
	if err != nil {
		return err
	}
	e, err := s.db.Entry(c.Request.Context(), agency, p)
	if err != nil {
		return err
	}
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	out := s.entryJSON(cat, e)
	if c.Query("breakdown") == "1" {
		out.Breakdown = map[string]map[string]float64{}
		for id, vals := range e.Options {
			if o, ok := cat.Option(id); ok {
				out.Breakdown[o.Code] = vals
			}
		}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// entryWrite is the body of PUT: the version the client read and the
// values to set (null clears one; indicators not named keep their value).
type entryWrite struct {
	Version *int                `json:"version"`
	Values  map[string]*float64 `json:"values"`
	Comment string              `json:"comment"` // submit only
}

// readEntryWrite decodes a write's body strictly: unknown fields, wrong
// types and a missing version are refused with the field they concern.
func readEntryWrite(c *gin.Context, needValues bool) (entryWrite, error) {
	var w entryWrite
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(&w)
	var te *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return w, kpi.Errorf(kpi.EINVALID, "Dữ liệu gửi lên quá lớn (tối đa %d KiB).", "The request is too large (at most %d KiB).", tooBig.Limit>>10)
	case errors.As(err, &te):
		return w, bodyFieldError(te.Field, "Sai kiểu dữ liệu: cần "+te.Type.String()+".", "Wrong type: want "+te.Type.String()+".")
	case errors.Is(err, io.EOF):
		return w, kpi.Errorf(kpi.EINVALID, "Thiếu nội dung JSON.", "The JSON body is missing.")
	case err != nil:
		return w, kpi.Errorf(kpi.EINVALID, "Không đọc được dữ liệu JSON: %v.", "The JSON body cannot be read: %v.", err)
	case w.Version == nil:
		return w, bodyFieldError("version", "Cần gửi kèm phiên bản (version) của quý đã đọc.", "The version of the quarter you read is required.")
	case needValues && w.Values == nil:
		return w, bodyFieldError("values", "Cần có “values”: các chỉ tiêu và giá trị.", "“values” is required: indicator codes and numbers.")
	}
	return w, nil
}

// bodyFieldError is a 422 on one field of the body.
func bodyFieldError(field, vi, en string) error {
	return fieldErrors{err: &kpi.Error{Code: kpi.EINVALID, MessageVI: vi, MessageEN: en},
		fields: []kpi.FieldError{{Field: field, MessageVI: vi, MessageEN: en}}}
}

// errStale is the 409 of a write that names an old version.
func errStale(current int) error {
	return kpi.Errorf(kpi.ECONFLICT, "Số liệu quý này vừa được người khác thay đổi (phiên bản hiện tại: %d); hãy đọc lại rồi gửi.",
		"Someone else changed this quarter meanwhile (current version: %d); read it again, then write.", current)
}

// apiSaveEntry is PUT /api/v1/entries/:agency/:year/:quarter: the same
// checks as the entry form — the one validation over the quarter as it
// would be, a stale version (409), a locked quarter (409) — then one save
// through the store's write path. Per-field errors answer 422 and nothing
// is written.
func (s *Server) apiSaveEntry(c *gin.Context) error {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	w, e, err := s.apiEntryWrite(c, auth.ActEnter, true)
	if err != nil {
		return err
	}
	if !kpi.Editable(e.Submission.State) {
		return &kpi.Error{Code: kpi.ECONFLICT,
			MessageVI: "Quý này đang ở trạng thái “" + kpi.StateName("vi", e.Submission.State) + "”, không sửa được.",
			MessageEN: "This quarter is " + kpi.StateName("en", e.Submission.State) + " and cannot be changed."}
	}
	after := make(map[string]float64, len(e.Values)+len(w.Values))
	for k, v := range e.Values {
		after[k] = v
	}
	for k, v := range w.Values {
		if v == nil {
			delete(after, k)
		} else {
			after[k] = *v
		}
	}
	codes := make([]string, 0, len(w.Values))
	for k := range w.Values {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	check := kpi.ValidateEntry(cat, e.Input(after))
	check.Errors = append(kpi.CheckWritable(cat, e.Agency.Kind, e.Period.Year, codes), check.Errors...)
	if err := checkErrors(check); err != nil {
		s.metrics.invalid("api")
		return err
	}
	agency, p := e.Agency.Code, e.Submission.Period
	if _, err := s.db.SaveValues(c.Request.Context(), store.ValueWrite{Agency: agency, Period: p, Values: w.Values, Version: *w.Version,
		Actor: currentUser(c).Username, Source: apiSource(c)}); err != nil {
		return err
	}
	s.metrics.saved("api")
	return s.answerEntry(c, agency, p)
}

// apiSubmitEntry is POST /api/v1/entries/:agency/:year/:quarter/submit with
// {"version", "comment"}: the stored figures must pass the submission's
// validation (422, per field) and warnings need a comment.
func (s *Server) apiSubmitEntry(c *gin.Context) error {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	w, e, err := s.apiEntryWrite(c, auth.ActSubmit, false)
	if err != nil {
		return err
	}
	if _, err := kpi.Next(e.Submission.State, kpi.MoveSubmit, ""); err != nil {
		return err
	}
	check := kpi.ValidateSubmission(cat, e.Input(e.Values))
	if err := checkErrors(check); err != nil {
		s.metrics.invalid("api")
		return err
	}
	if len(check.Warnings) > 0 && w.Comment == "" {
		return fieldErrors{err: kpi.Errorf(kpi.EINVALID, "Số liệu có %d cảnh báo: cần “comment” giải trình trước khi gửi.",
			"The figures have %d warnings: a “comment” explaining them is required to submit.", len(check.Warnings)), fields: check.Warnings}
	}
	agency, p := e.Agency.Code, e.Submission.Period
	if _, err := s.db.Submit(c.Request.Context(), store.Transition{Agency: agency, Period: p, Actor: currentUser(c).Username,
		Comment: w.Comment, Version: *w.Version, Source: apiSource(c)}); err != nil {
		return err
	}
	return s.answerEntry(c, agency, p)
}

// apiEntryWrite is what both writes do first: the route's quarter, the
// right act on its agency, the body (values required when needValues),
// the stored quarter, and a stale version refused (409).
func (s *Server) apiEntryWrite(c *gin.Context, act auth.Action, needValues bool) (entryWrite, store.Entry, error) {
	agency, p, err := entryTarget(c)
	if err != nil {
		return entryWrite{}, store.Entry{}, err
	}
	if err := s.authorize(c, act, agency); err != nil {
		return entryWrite{}, store.Entry{}, err
	}
	w, err := readEntryWrite(c, needValues)
	if err != nil {
		s.metrics.invalid("api")
		return w, store.Entry{}, err
	}
	e, err := s.db.Entry(c.Request.Context(), agency, p)
	if err != nil {
		return w, e, err
	}
	if e.Submission.Version != *w.Version {
		return w, e, errStale(e.Submission.Version)
	}
	return w, e, nil
}

// answerEntry answers a write with the quarter as it is now stored.
func (s *Server) answerEntry(c *gin.Context, agency string, p kpi.Period) error {
	e, err := s.db.Entry(c.Request.Context(), agency, p)
	if err != nil {
		return err
	}
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.entryJSON(cat, e))
	return nil
}
