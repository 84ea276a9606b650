package web

import (
	"net/url"
	"strconv"

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
	Late        bool // submitted after its due day
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
	Months     []EntryMonth // the months a quarter of a monthly data set is worked out from

	Notice      string   // what the last action did
	Alerts      []string // form-level problems
	Conflict    string   // the other person's change, on a 409
	Errors      int
	Warnings    int
	DataSet     string // the name of the agency's data set (form)
	Groups      []EntryGroup
	BackURL     string
	ReasonErr   string
	ReasonInput string // the reason typed, on a refused return or reopen
}

// EntryMonth links one month's form from the quarter it lies in.
type EntryMonth struct{ Label, URL string }

// EntryGroup is one indicator group of the form.
type EntryGroup struct {
	Code   string
	Name   string
	Fields []EntryField
	Grid   *EntryGrid // the breakdown of its fields, when broken down
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
	lang   string
	cat    *kpi.Catalogue
	entry  store.Entry
	inputs map[string]string // typed text per field; nil = show stored values
	// optInputs is the typed text per grid cell (code@option); nil: stored.
	optInputs map[string]string
	check     kpi.Check
	theirs    map[string]float64 // on a conflict, the stored values now
	version   int
}

// buildEntryView lays the agency's data set out by section, with the
// inputs, the neighbouring quarters and the messages of each field.
func (s *Server) buildEntryView(f entryForm) EntryView {
	e, lang := f.entry, f.lang
	v := EntryView{Agency: e.Agency, Period: e.Submission.Period, State: e.Submission.State,
		StateLabel: wfStateLabel(lang, e.Submission.State), Version: f.version, Reason: e.Submission.Reason,
		Comment: e.Submission.Comment, BackURL: "/entry"}
	p := e.Submission.Period
	v.PeriodLabel = i18n.Tf(lang, "wf.quarter", p.Quarter, p.Year)
	v.Title = i18n.Tf(lang, "entry.title", p.Quarter, p.Year) + " — " + e.Agency.Name
	if p.Month > 0 {
		v.PeriodLabel = i18n.Tf(lang, "wf.month", p.Month, p.Year)
		v.Title = i18n.Tf(lang, "entry.title.month", p.Month, p.Year) + " — " + e.Agency.Name
	}
	v.URL = entryURL(e.Agency.Code, p)
	cal := s.calendar(f.cat, e.Agency.Kind)
	v.Deadline = dateLabel(lang, cal.Due(p))
	v.Overdue = cal.Overdue(p, v.State, s.today())
	v.Late = e.Submission.Late
	// The form is the agency's data set: its fields, in its sections.
	if ds := f.cat.DataSetFor(e.Agency.Kind); ds != nil {
		v.DataSet = ds.Name(lang)
		for _, sec := range f.cat.Sections(ds, p.Year) {
			g := EntryGroup{Code: sec.Group.Code, Name: sec.Group.Name(lang)}
			for _, ind := range sec.Fields {
				g.Fields = append(g.Fields, buildField(lang, ind, f))
			}
			if g.Grid = buildGrid(lang, sec.Fields, f); g.Grid != nil {
				g.Grid.Code = sec.Group.Code
			}
			v.Groups = append(v.Groups, g)
		}
	} else {
		v.Alerts = append(v.Alerts, i18n.T(lang, "entry.nodataset"))
	}
	// A message of no field, or of a field not on this form, goes on top:
	// every error the count names is shown somewhere.
	shown := map[string]bool{}
	for _, g := range v.Groups {
		for _, fv := range g.Fields {
			shown[fv.Code] = true
		}
		if g.Grid != nil {
			for _, r := range g.Grid.Rows {
				for _, cell := range r.Cells {
					shown[cell.Key] = true
				}
			}
		}
	}
	for _, fe := range f.check.Errors {
		if !shown[fe.Field] {
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

// entryURL is the address of an agency's quarter (or month) form.
func entryURL(agency string, p kpi.Period) string {
	if p.Month > 0 {
		return "/entry/" + url.PathEscape(agency) + "/" + strconv.Itoa(p.Year) + "/m" + strconv.Itoa(p.Month)
	}
	return "/entry/" + url.PathEscape(agency) + "/" + strconv.Itoa(p.Year) + "/q" + strconv.Itoa(p.Quarter)
}

// parsePeriodParams reads the :year and :quarter route parameters; the
// quarter may be written "q2" or "2", a month (of a monthly data set)
// "m7" or "m07".
func parsePeriodParams(year, quarter string) (kpi.Period, error) {
	y, err := strconv.Atoi(year)
	p, ok := kpi.ParsePeriod(y, quarter)
	if err != nil || !ok {
		return kpi.Period{}, kpi.Errorf(kpi.ENOTFOUND, "Không có kỳ báo cáo %s/%s.", "There is no period %s/%s.", year, quarter)
	}
	return p, nil
}
