package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Cockpit lists: which agencies to show.
const (
	showMissing   = "missing"   // not started, draft or returned: "who has not submitted yet"
	showOverdue   = "overdue"   // missing and past the deadline
	showSubmitted = "submitted" // awaiting approval
	showApproved  = "approved"
	showAll       = "all"
)

var cockpitShows = []string{showMissing, showOverdue, showSubmitted, showApproved, showAll}

// CockpitView is the completeness cockpit of one quarter: counts by kind of
// agency and the list asked for.
type CockpitView struct {
	Page
	Title     string
	Scope     string
	Choice    periodChoice
	Deadline  string
	Counts    []CockpitCount
	Total     CockpitCount
	Show      string
	Kind      string
	Asked     string // ?scope= as asked, kept by the links
	Filters   []CockpitFilter
	ListTitle string
	List      []CockpitRow
	Paging    *Paging // the list, a page at a time
}

// cockpitPerPage is how many agencies a page of the cockpit's list shows.
const cockpitPerPage = 50

// CockpitCount counts one kind's agencies by where their report stands.
type CockpitCount struct {
	Kind                                  string
	Label                                 string
	Agencies, NotStarted, Draft, Returned int
	Submitted, Approved, Missing, Overdue int
	MissingURL, OverdueURL, SubmittedURL  string
}

// CockpitFilter is a link to one list.
type CockpitFilter struct {
	Label  string
	URL    string
	Active bool
}

// CockpitRow is one agency of the list.
type CockpitRow struct {
	Code, Name, Kind, Parent string
	State, StateLabel        string
	Reason, UpdatedBy        string
	URL                      string
	Overdue                  bool
	Late                     bool // submitted after its due day
}

// showCockpit renders /cockpit?year=&quarter=&show=&kind= for leaders,
// staff and admins, over the user's scope.
func (s *Server) showCockpit(c *gin.Context) error {
	scope, err := s.readScope(c, auth.ActMonitor)
	if err != nil {
		return err
	}
	p, err := s.reportingPeriod(c)
	if err != nil {
		return err
	}
	ctx, lang := c.Request.Context(), langOf(c)
	counts, err := s.db.CompletenessCounts(ctx, store.Scope{Agency: scope.Code, Year: p.Year, Quarter: p.Quarter})
	if err != nil {
		return err
	}
	page, err := positive(c.Query("page"), 1, "Trang %q không hợp lệ (từ 1 trở lên).", "Page %q is not valid (1 or more).")
	if err != nil {
		return err
	}
	v := CockpitView{Page: s.page(c), Title: i18n.Tf(lang, "cockpit.title", p.Quarter, p.Year), Scope: i18n.Tf(lang, "home.scope", scope.Name),
		Show: cockpitShow(c.Query("show"), c.Query("state")), Kind: c.Query("kind"), Asked: askedScope(c)}
	if v.Choice, err = s.choices(ctx, "/cockpit", p); err != nil {
		return err
	}
	v.Choice.Scope = v.Asked
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return err
	}
	cal := s.calendar(cat, "")
	deadline := cal.Due(p)
	passed := i18n.T(lang, "cockpit.open")
	late := cal.Overdue(p, kpi.StateNotStarted, s.today())
	if late {
		passed = i18n.T(lang, "cockpit.passed")
	}
	v.Deadline = i18n.Tf(lang, "cockpit.deadline", dateLabel(lang, deadline), passed)
	s.countCockpit(&v, lang, p, counts, late)
	if err := s.listCockpit(ctx, &v, lang, listRequest{scope: scope.Code, period: p, late: late, page: page, query: c.Request.URL.Query()}, counts); err != nil {
		return err
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "cockpit", v)
}

// cockpitShow is the list asked for: ?show=, or the dashboards' ?state=
// (approved, submitted: those reports; all: every agency), else who has
// not submitted yet.
func cockpitShow(show, state string) string {
	if show != "" {
		return show
	}
	switch state {
	case kpi.LevelApproved.String():
		return showApproved
	case kpi.LevelSubmitted.String():
		return showSubmitted
	case kpi.LevelAll.String():
		return showAll
	}
	return showMissing
}

// countCockpit tallies the maintained counts by kind; every agency still
// missing its report is overdue once the deadline (the same for all) has
// passed.
func (s *Server) countCockpit(v *CockpitView, lang string, p kpi.Period, counts map[kpi.Kind]map[string]int, late bool) {
	v.Total = CockpitCount{Label: i18n.T(lang, "cockpit.sum")}
	add := func(c *CockpitCount, states map[string]int) {
		c.NotStarted += states[kpi.StateNotStarted]
		c.Draft += states[kpi.StateDraft]
		c.Returned += states[kpi.StateReturned]
		c.Submitted += states[kpi.StateSubmitted]
		c.Approved += states[kpi.StateApproved]
		c.Missing = c.NotStarted + c.Draft + c.Returned
		c.Agencies = c.Missing + c.Submitted + c.Approved
		if late {
			c.Overdue = c.Missing
		}
	}
	for _, k := range kpi.Kinds {
		states, ok := counts[k]
		if !ok {
			continue
		}
		c := CockpitCount{Kind: string(k), Label: i18n.T(lang, "kind."+string(k))}
		add(&c, states)
		add(&v.Total, states)
		c.MissingURL = v.url(p, showMissing, c.Kind)
		c.OverdueURL = v.url(p, showOverdue, c.Kind)
		c.SubmittedURL = v.url(p, showSubmitted, c.Kind)
		v.Counts = append(v.Counts, c)
	}
	v.Total.MissingURL = v.url(p, showMissing, "")
	v.Total.OverdueURL = v.url(p, showOverdue, "")
	v.Total.SubmittedURL = v.url(p, showSubmitted, "")
}

// listRequest is the cockpit list asked for.
type listRequest struct {
	scope  string
	period kpi.Period
	late   bool
	page   int
	query  url.Values
}

// cockpitStates are the report states each list shows.
var cockpitStates = map[string][]string{
	showMissing: {kpi.StateNotStarted, kpi.StateDraft, kpi.StateReturned}, showOverdue: {kpi.StateNotStarted, kpi.StateDraft, kpi.StateReturned},
	showSubmitted: {kpi.StateSubmitted}, showApproved: {kpi.StateApproved}, showAll: nil,
}

// listCockpit lists one page of the agencies the filter asks for, in tree
// order; the count of the whole list comes from the maintained counts.
func (s *Server) listCockpit(ctx context.Context, v *CockpitView, lang string, r listRequest, counts map[kpi.Kind]map[string]int) error {
	label := map[string]string{showMissing: i18n.T(lang, "cockpit.missing"), showOverdue: i18n.T(lang, "cockpit.overdue"),
		showSubmitted: i18n.T(lang, "wf.state.submitted"), showApproved: i18n.T(lang, "wf.state.approved"), showAll: i18n.T(lang, "cockpit.all")}
	if _, ok := label[v.Show]; !ok {
		v.Show = showMissing
	}
	p := r.period
	for _, sh := range cockpitShows {
		v.Filters = append(v.Filters, CockpitFilter{Label: label[sh], URL: v.url(p, sh, v.Kind), Active: sh == v.Show})
	}
	states := cockpitStates[v.Show]
	total := 0
	for kind, byState := range counts {
		if v.Kind != "" && string(kind) != v.Kind {
			continue
		}
		for state, n := range byState {
			if states == nil || contains(states, state) {
				total += n
			}
		}
	}
	if v.Show == showOverdue && !r.late {
		total, states = 0, []string{"-"} // nothing is late before the deadline
	}
	rows, err := s.db.Completeness(ctx, store.CompletenessFilter{Scope: store.Scope{Agency: r.scope, Year: p.Year, Quarter: p.Quarter},
		Kind: kpi.Kind(v.Kind), States: states, Offset: (r.page - 1) * cockpitPerPage, Limit: cockpitPerPage})
	if err != nil {
		return err
	}
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return err
	}
	from := "/cockpit?" + r.query.Encode() // the list's page, for the way back from a quarter
	for _, a := range rows {
		parent := "" // a parent outside the scope is not the reader's to see
		if pa := tree.Get(a.ParentCode); pa != nil && tree.InSubtree(r.scope, pa.Code) {
			parent = pa.Name
		}
		v.List = append(v.List, CockpitRow{Code: a.Code, Name: a.Name, Kind: i18n.T(lang, "kind."+string(a.Kind)),
			Parent: parent, State: a.State, StateLabel: wfStateLabel(lang, a.State), Reason: a.Reason,
			UpdatedBy: actorLabel(lang, a.UpdatedBy), URL: withFrom(entryURL(a.Code, p), from), Overdue: r.late && kpi.Editable(a.State), Late: a.Late})
	}
	v.ListTitle = i18n.Tf(lang, "cockpit.list", label[v.Show], total)
	v.Paging = listPaging(lang, "/cockpit", r.query, r.page, cockpitPerPage, total)
	return nil
}

// url links a list of the cockpit, in the scope the page shows.
func (v *CockpitView) url(p kpi.Period, show, kind string) string {
	q := url.Values{}
	if v.Asked != "" {
		q.Set(scopeParam, v.Asked)
	}
	q.Set("year", strconv.Itoa(p.Year))
	q.Set("quarter", strconv.Itoa(p.Quarter))
	q.Set("show", show)
	if kind != "" {
		q.Set("kind", kind)
	}
	return "/cockpit?" + q.Encode()
}
