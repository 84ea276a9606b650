package notify

import (
	"context"
	"time"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Notice kinds.
const (
	KindDeadline = "deadline" // an officer: reports of the scope not yet submitted, before or after the deadline
	KindDigest   = "digest"   // a leader: what is late and what waits for approval in the scope
	KindReturned = "returned" // an officer: a report of the scope was sent back
)

// returnedWindow is how far back a returned report is still news.
const returnedWindow = 30 * 24 * time.Hour

// Options say for which day notices are planned, with which calendar, and
// where the links in them point.
type Options struct {
	Today time.Time
	// Deadlines is the calendar; without a cut-off, the catalogue's.
	Deadlines kpi.Deadlines
	BaseURL   string
}

// Planned is one notice for one user, with how the user is reached.
type Planned struct {
	User    auth.User
	Contact store.Contact
	Kind    string
	Key     string // once per user and key
	Subject string
	Text    string
}

// planner holds what one planning reads once: the tree, the users, their
// contacts.
type planner struct {
	o        Options
	tree     *kpi.Tree
	users    []auth.User
	contacts map[int64]store.Contact
	out      []Planned
}

// Plan lists every notice due on o.Today, whether or not it was already
// recorded: the deadline reminders and digests of the quarter being
// reported at the day's reminder stage (and of the month being reported,
// for the agencies of a data set entered by month), and the reports
// returned in the last 30 days. Admins and staff get none; disabled users none.
func Plan(ctx context.Context, db *store.DB, o Options) ([]Planned, error) {
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	users, err := auth.New(db).Users(ctx)
	if err != nil {
		return nil, err
	}
	contacts, err := db.Contacts(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	if o.Deadlines.CutOff.Code == "" { // the catalogue's cut-off, as the pages count it
		o.Deadlines.CutOff = cat.Calendar("", 0).CutOff
	}
	pl := &planner{o: o, tree: tree, users: users, contacts: contacts}
	if p, stage, ok := o.Deadlines.ReminderStage(o.Today); ok {
		var rows []store.AgencyState
		for _, root := range tree.Roots() {
			r, err := db.Completeness(ctx, store.CompletenessFilter{Scope: store.Scope{Agency: root.Code, Year: p.Year, Quarter: p.Quarter}})
			if err != nil {
				return nil, err
			}
			for _, a := range r { // a monthly agency is reminded of its months
				if !cat.DataSetFor(a.Kind).MonthlyIn(p.Year) {
					rows = append(rows, a)
				}
			}
		}
		pl.deadlines(p, stage, rows, o.Deadlines)
	}
	if err := pl.months(ctx, db, cat); err != nil {
		return nil, err
	}
	returned, err := db.ReturnedSince(ctx, o.Today.Add(-returnedWindow))
	if err != nil {
		return nil, err
	}
	pl.returned(returned)
	return pl.out, nil
}

// recipients are the enabled users of role whose scope holds agency.
func (pl *planner) recipients(role auth.Role, agency string) []auth.User {
	var out []auth.User
	for _, u := range pl.users {
		if u.Role == role && !u.Disabled && pl.tree.InSubtree(u.AgencyCode, agency) {
			out = append(out, u)
		}
	}
	return out
}

func (pl *planner) add(u auth.User, kind, key string, m text) {
	pl.out = append(pl.out, Planned{User: u, Contact: pl.contacts[u.ID], Kind: kind, Key: key,
		Subject: m.subject(), Text: m.body(pl.o.BaseURL)})
}

// months plans the reminders of each data set entered by month: its
// agencies' reports of the month being collected, on its calendar (the
// month's cut-off and the data set's deadline).
func (pl *planner) months(ctx context.Context, db *store.DB, cat *kpi.Catalogue) error {
	for _, d := range cat.DataSets() {
		if d.PeriodType != kpi.PeriodMonth || len(d.Kinds) == 0 {
			continue
		}
		cal := cat.Calendar(d.Kinds[0], pl.o.Deadlines.Days)
		p, stage, ok := cal.ReminderStage(pl.o.Today)
		if !ok || !d.MonthlyIn(p.Year) {
			continue
		}
		var rows []store.AgencyState
		for _, a := range pl.tree.All() {
			if ds := cat.DataSetFor(a.Kind); ds == nil || ds.Code != d.Code {
				continue
			}
			sub, err := db.Submission(ctx, a.Code, p)
			if err != nil {
				return err
			}
			rows = append(rows, store.AgencyState{Code: a.Code, Name: a.Name, Kind: a.Kind, ParentCode: a.ParentCode, State: sub.State})
		}
		pl.deadlines(p, stage, rows, cal)
	}
	return nil
}

// deadlines plans each officer's reminder and each leader's digest of
// period p on calendar cal.
func (pl *planner) deadlines(p kpi.Period, stage int, rows []store.AgencyState, cal kpi.Deadlines) {
	late := stage > 0
	for _, u := range pl.users {
		if u.Disabled || (u.Role != auth.RoleOfficer && u.Role != auth.RoleLeader) {
			continue
		}
		var missing, waiting []store.AgencyState
		for _, r := range rows {
			if !pl.tree.InSubtree(u.AgencyCode, r.Code) {
				continue
			}
			if kpi.Editable(r.State) {
				missing = append(missing, r)
			} else if r.State == kpi.StateSubmitted {
				waiting = append(waiting, r)
			}
		}
		d := deadlineText{user: u, period: p, due: cal.Due(p), daysLeft: cal.DaysLeft(p, pl.o.Today), late: late}
		stageKey := p.String() + ":" + itoa(stage)
		switch {
		case u.Role == auth.RoleOfficer && len(missing) > 0:
			d.missing = missing
			pl.add(u, KindDeadline, "deadline:"+stageKey, d)
		case u.Role == auth.RoleLeader && (len(missing) > 0 || len(waiting) > 0):
			d.missing, d.waiting, d.digest = missing, waiting, true
			pl.add(u, KindDigest, "digest:"+stageKey, d)
		}
	}
}

// returned plans a notice to every officer whose scope holds a returned
// report, once per return (the key names the report's version).
func (pl *planner) returned(reports []store.ReturnedReport) {
	for _, r := range reports {
		for _, u := range pl.recipients(auth.RoleOfficer, r.Agency.Code) {
			key := "returned:" + r.Agency.Code + ":" + r.Period.String() + ":v" + itoa(r.Version)
			pl.add(u, KindReturned, key, returnedText{user: u, report: r})
		}
	}
}
