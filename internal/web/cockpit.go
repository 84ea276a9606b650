package web

import (
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
}

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
}

// showCockpit renders /cockpit?year=&quarter=&show=&kind= for leaders,
// staff and admins, over the user's scope.
func (s *Server) showCockpit(c *gin.Context) error {
	u := currentUser(c)
	if u == nil {
		return errLogin()
	}
	if u.Role != auth.RoleLeader && u.Role != auth.RoleAdmin && u.Role != auth.RoleStaff {
		return errForbidden("")
	}
	scope, err := s.readScope(c, auth.ActView)
	if err != nil {
		return err
	}
	p, err := s.reportingPeriod(c)
	if err != nil {
		return err
	}
	rows, err := s.db.Completeness(c.Request.Context(), store.Scope{Agency: scope.Code, Year: p.Year, Quarter: p.Quarter})
	if err != nil {
		return err
	}
	lang := langOf(c)
	v := CockpitView{Page: s.page(c), Title: i18n.Tf(lang, "cockpit.title", p.Quarter, p.Year), Scope: i18n.Tf(lang, "home.scope", scope.Name),
		Show: c.DefaultQuery("show", showMissing), Kind: c.Query("kind"), Asked: askedScope(c)}
	if v.Choice, err = s.choices(c.Request.Context(), "/cockpit", p); err != nil {
		return err
	}
	v.Choice.Scope = v.Asked
	deadline := p.Deadline(s.deadlineDays())
	passed := i18n.T(lang, "cockpit.open")
	if kpi.Overdue(p, kpi.StateNotStarted, s.deadlineDays(), s.today()) {
		passed = i18n.T(lang, "cockpit.passed")
	}
	v.Deadline = i18n.Tf(lang, "cockpit.deadline", dateLabel(lang, deadline), passed)
	s.countCockpit(&v, lang, p, rows)
	s.listCockpit(&v, lang, p, rows)
	return s.tmpl.render(c.Writer, http.StatusOK, "cockpit", v)
}

// countCockpit tallies the states by kind with store.StateCounts, and the
// overdue ones beside them.
func (s *Server) countCockpit(v *CockpitView, lang string, p kpi.Period, rows []store.AgencyState) {
	counts := store.StateCounts(rows)
	overdue := map[kpi.Kind]int{}
	for _, r := range rows {
		if kpi.Overdue(p, r.State, s.deadlineDays(), s.today()) {
			overdue[r.Kind]++
		}
	}
	v.Total = CockpitCount{Label: i18n.T(lang, "cockpit.sum")}
	add := func(c *CockpitCount, states map[string]int, late int) {
		c.NotStarted += states[kpi.StateNotStarted]
		c.Draft += states[kpi.StateDraft]
		c.Returned += states[kpi.StateReturned]
		c.Submitted += states[kpi.StateSubmitted]
		c.Approved += states[kpi.StateApproved]
		c.Missing = c.NotStarted + c.Draft + c.Returned
		c.Agencies = c.Missing + c.Submitted + c.Approved
		c.Overdue += late
	}
	for _, k := range kpi.Kinds {
		states, ok := counts[k]
		if !ok {
			continue
		}
		c := CockpitCount{Kind: string(k), Label: i18n.T(lang, "kind."+string(k))}
		add(&c, states, overdue[k])
		add(&v.Total, states, overdue[k])
		c.MissingURL = v.url(p, showMissing, c.Kind)
		c.OverdueURL = v.url(p, showOverdue, c.Kind)
		c.SubmittedURL = v.url(p, showSubmitted, c.Kind)
		v.Counts = append(v.Counts, c)
	}
	v.Total.MissingURL = v.url(p, showMissing, "")
	v.Total.OverdueURL = v.url(p, showOverdue, "")
	v.Total.SubmittedURL = v.url(p, showSubmitted, "")
}

// listCockpit lists the agencies the filter asks for, in tree order.
func (s *Server) listCockpit(v *CockpitView, lang string, p kpi.Period, rows []store.AgencyState) {
	names := map[string]string{}
	for _, r := range rows {
		names[r.Code] = r.Name
	}
	label := map[string]string{showMissing: i18n.T(lang, "cockpit.missing"), showOverdue: i18n.T(lang, "cockpit.overdue"),
		showSubmitted: i18n.T(lang, "wf.state.submitted"), showApproved: i18n.T(lang, "wf.state.approved"), showAll: i18n.T(lang, "cockpit.all")}
	if _, ok := label[v.Show]; !ok {
		v.Show = showMissing
	}
	for _, sh := range cockpitShows {
		v.Filters = append(v.Filters, CockpitFilter{Label: label[sh], URL: v.url(p, sh, v.Kind), Active: sh == v.Show})
	}
	for _, r := range rows {
		late := kpi.Overdue(p, r.State, s.deadlineDays(), s.today())
		if (v.Kind != "" && string(r.Kind) != v.Kind) || !cockpitKeeps(v.Show, r.State, late) {
			continue
		}
		v.List = append(v.List, CockpitRow{Code: r.Code, Name: r.Name, Kind: i18n.T(lang, "kind."+string(r.Kind)),
			Parent: names[r.ParentCode], State: r.State, StateLabel: wfStateLabel(lang, r.State), Reason: r.Reason,
			UpdatedBy: r.UpdatedBy, URL: entryURL(r.Code, p), Overdue: late})
	}
	v.ListTitle = i18n.Tf(lang, "cockpit.list", label[v.Show], len(v.List))
}

func cockpitKeeps(show, state string, late bool) bool {
	switch show {
	case showMissing:
		return kpi.Editable(state)
	case showOverdue:
		return late
	case showSubmitted, showApproved:
		return state == show
	}
	return true
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
