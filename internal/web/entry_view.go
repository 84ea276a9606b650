package web

import (
	"net/url"
	"strconv"
	"strings"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Form field keys of the entry form besides the indicator codes, which are
// the keys of the value fields (each indicator code is its own constant in
// the catalogue, so a message can only land where its field is).
const (
	fieldVersion = "version" // the quarter's version the form was built from
	fieldAction  = "action"  // which button: actionSave or actionSubmit
	fieldComment = "comment" // the officer's comment on warnings
	fieldReason  = "reason"  // a leader's reason to return or reopen

	actionSave   = "save"
	actionSubmit = "submit"
)

// EntryView is the entry form of one agency's quarter.
type EntryView struct {
	Page
	EntryScreen
	Title       string
	Agency      kpi.Agency
	Period      kpi.Period
	PeriodLabel string
	URL         string // the form's own address
	State       string
	StateLabel  string
	Deadline    string
	Overdue     bool
	Version     int
	Reason      string // the leader's reason, when returned
	Comment     string // the officer's comment (kept on a failed post)
	CommentErr  string

	Editable   bool // the user may enter, and the state allows it
	CanSubmit  bool
	CanApprove bool // the user may approve, return or reopen here
	ShowReason bool // a return or reopen is possible in this state
	ReadOnly   string
	Locked     string

	Notice      string   // what the last action did
	Alerts      []string // form-level problems
	Conflict    string   // the other person's change, on a 409
	Errors      int
	Warnings    int
	Groups      []EntryGroup
	BackURL     string
	ReasonErr   string
	ReasonInput string // the reason typed, on a refused return or reopen
}

// EntryGroup is one indicator group of the form.
type EntryGroup struct {
	Code   string
	Name   string
	Fields []EntryField
}

// EntryField is one value field with what is shown beside it.
type EntryField struct {
	Code      string
	Name      string
	Unit      string
	Input     string // what the box holds: the stored value, or what was typed
	InputMode string // "numeric" for whole numbers, "decimal" otherwise
	Prev      string
	LastYear  string
	Theirs    string // on a conflict: the value saved meanwhile, when it differs
	Conflict  bool
	Errors    []string
	Warnings  []string
}

// entryForm is what one rendering of the form is built from.
type entryForm struct {
	lang    string
	entry   store.Entry
	inputs  map[string]string // typed text per field; nil = show stored values
	check   kpi.Check
	theirs  map[string]float64 // on a conflict, the stored values now
	version int
}

// buildEntryView lays the catalogue's entered indicators out by group, with
// the inputs, the neighbouring quarters and the messages of each field.
func (s *Server) buildEntryView(f entryForm) EntryView {
	e, lang := f.entry, f.lang
	v := EntryView{Agency: e.Agency, Period: e.Submission.Period, State: e.Submission.State,
		StateLabel: wfStateLabel(lang, e.Submission.State), Version: f.version, Reason: e.Submission.Reason,
		Comment: e.Submission.Comment, BackURL: "/entry"}
	p := e.Submission.Period
	v.PeriodLabel = i18n.Tf(lang, "wf.quarter", p.Quarter, p.Year)
	v.Title = i18n.Tf(lang, "entry.title", p.Quarter, p.Year) + " — " + e.Agency.Name
	v.URL = entryURL(e.Agency.Code, p)
	v.Deadline = dateLabel(lang, p.Deadline(s.deadlineDays()))
	v.Overdue = kpi.Overdue(p, v.State, s.deadlineDays(), s.today())
	cat := s.db.Catalogue()
	byGroup := map[string]*EntryGroup{}
	for _, g := range cat.Groups() {
		v.Groups = append(v.Groups, EntryGroup{Code: g, Name: i18n.T(lang, "group."+g)})
	}
	for i := range v.Groups {
		byGroup[v.Groups[i].Code] = &v.Groups[i]
	}
	for _, ind := range cat.Entered() {
		byGroup[ind.Group].Fields = append(byGroup[ind.Group].Fields, buildField(lang, ind, f))
	}
	groups := v.Groups[:0]
	for _, g := range v.Groups {
		if len(g.Fields) > 0 {
			groups = append(groups, g)
		}
	}
	v.Groups = groups
	for _, fe := range f.check.Errors {
		if fe.Field == "" {
			v.Alerts = append(v.Alerts, fe.Message(lang))
		}
	}
	v.Errors, v.Warnings = len(f.check.Errors), len(f.check.Warnings)
	return v
}

func buildField(lang string, ind kpi.Indicator, f entryForm) EntryField {
	fv := EntryField{Code: ind.Code, Name: ind.Name(lang), Unit: ind.Unit(lang), InputMode: "decimal",
		Prev: valueLabel(lang, ind, f.entry.Previous), LastYear: valueLabel(lang, ind, f.entry.LastYear)}
	if ind.Whole() {
		fv.InputMode = "numeric"
	}
	if f.inputs != nil {
		fv.Input = f.inputs[ind.Code]
	} else if x, ok := f.entry.Values[ind.Code]; ok {
		fv.Input = kpi.FormatNumber(lang, x)
	}
	if f.theirs != nil {
		theirs, ok := f.theirs[ind.Code]
		mine, err := kpi.ParseNumber(lang, fv.Input)
		if ok != (err == nil) || (ok && mine != theirs) {
			fv.Conflict, fv.Theirs = true, "—"
			if ok {
				fv.Theirs = kpi.FormatNumber(lang, theirs)
			}
		}
	}
	errs, warns := f.check.For(ind.Code)
	for _, e := range errs {
		fv.Errors = append(fv.Errors, e.Message(lang))
	}
	for _, w := range warns {
		fv.Warnings = append(fv.Warnings, w.Message(lang))
	}
	return fv
}

// valueLabel shows a neighbouring quarter's value, or — when it has none.
func valueLabel(lang string, ind kpi.Indicator, vals map[string]float64) string {
	x, ok := vals[ind.Code]
	if !ok {
		return "—"
	}
	return i18n.Number(lang, x, ind.Decimals)
}

// wfStateLabel names a submission state.
func wfStateLabel(lang, state string) string {
	if state == kpi.StateNotStarted {
		state = "not_started"
	}
	return i18n.T(lang, "wf.state."+state)
}

// entryURL is the address of an agency's quarter form.
func entryURL(agency string, p kpi.Period) string {
	return "/entry/" + url.PathEscape(agency) + "/" + strconv.Itoa(p.Year) + "/q" + strconv.Itoa(p.Quarter)
}

// parsePeriodParams reads the :year and :quarter route parameters; the
// quarter may be written "q2" or "2".
func parsePeriodParams(year, quarter string) (kpi.Period, error) {
	y, err1 := strconv.Atoi(year)
	q, err2 := strconv.Atoi(strings.TrimPrefix(strings.ToLower(quarter), "q"))
	if err1 != nil || err2 != nil {
		return kpi.Period{}, kpi.Errorf(kpi.ENOTFOUND, "Không có kỳ báo cáo %s/%s.", "There is no period %s/%s.", year, quarter)
	}
	p := kpi.Period{Year: y, Quarter: q}
	if err := p.Validate(); err != nil {
		return kpi.Period{}, kpi.Errorf(kpi.ENOTFOUND, "Không có kỳ báo cáo %s/%s.", "There is no period %s/%s.", year, quarter)
	}
	return p, nil
}
