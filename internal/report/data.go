package report

import (
	"context"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// reportData is everything the report shows, read once through the
// store's query functions (the dashboards' own).
type reportData struct {
	req                 Request
	scope, parent, root kpi.Agency
	level               kpi.Level
	date                time.Time
	cat                 *kpi.Catalogue
	cur, prev           map[string]kpi.Figure
	targets             map[string]float64
	complete            bool // the year is over: a shortfall is "missed", not "at risk"
	coverage            kpi.Coverage
	comments            map[string][]kpi.Comment // by subject (kpi.Comment.Subject)
	// trend holds the quarters of the year and of the year before, for
	// the charts.
	trend map[kpi.Period]map[string]kpi.Figure
}

func load(ctx context.Context, db *store.DB, req Request, opt Options) (*reportData, error) {
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	d := &reportData{req: req, level: opt.level(), date: opt.date(), cat: cat}
	if d.scope, err = db.Agency(ctx, req.Scope); err != nil {
		return nil, err
	}
	if d.scope.ParentCode != "" {
		if d.parent, err = db.Agency(ctx, d.scope.ParentCode); err != nil {
			return nil, err
		}
	}
	if d.root, err = db.RootAgency(ctx); err != nil {
		return nil, err
	}
	s := store.Scope{Agency: req.Scope, Year: req.Year, Quarter: req.Quarter, Level: d.level}
	if d.cur, err = db.Figures(ctx, s); err != nil {
		return nil, err
	}
	prev := s
	prev.Year--
	if d.prev, err = db.Figures(ctx, prev); err != nil {
		return nil, err
	}
	if d.targets, err = db.Targets(ctx, req.Scope, req.Year); err != nil {
		return nil, err
	}
	if d.coverage, _, err = db.Coverage(ctx, s); err != nil {
		return nil, err
	}
	if d.complete, err = yearComplete(ctx, db, req.Year); err != nil {
		return nil, err
	}
	if err := d.loadComments(ctx, db); err != nil {
		return nil, err
	}
	var periods []kpi.Period
	for _, y := range []int{req.Year - 1, req.Year} {
		for q := 1; q <= 4; q++ {
			periods = append(periods, kpi.Period{Year: y, Quarter: q})
		}
	}
	d.trend, err = db.PeriodFigures(ctx, s, periods)
	return d, err
}

// yearComplete: the year has all four quarters, or a later year has data.
func yearComplete(ctx context.Context, db *store.DB, year int) (bool, error) {
	years, err := db.Years(ctx)
	if err != nil {
		return false, err
	}
	qs, err := db.Quarters(ctx, year)
	return len(qs) == 4 || (len(years) > 0 && year < years[0]), err
}

func (d *reportData) loadComments(ctx context.Context, db *store.DB) error {
	list, err := db.Commentary(ctx, store.CommentFilter{Agency: d.req.Scope, Period: kpi.Period{Year: d.req.Year, Quarter: d.req.Quarter}})
	if err != nil {
		return err
	}
	d.comments = map[string][]kpi.Comment{}
	for _, c := range list {
		d.comments[c.Subject()] = append(d.comments[c.Subject()], c)
	}
	return nil
}

// status is where a figure stands against its target, as the dashboards
// decide it: a quarter holds only rates against the year's target, and
// never as missed while the year runs.
func (d *reportData) status(ind kpi.Indicator) (target float64, has bool, status string) {
	target, has = d.targets[ind.Code]
	if !has || (d.req.Quarter != 0 && !ind.IsDerived()) {
		return target, has, kpi.StatusNone
	}
	return target, has, kpi.TargetStatus(ind, d.cur[ind.Code], target, true, d.complete && d.req.Quarter == 0)
}

// groupIndicators are the indicators of group g in catalogue order.
func (d *reportData) groupIndicators(g string) []kpi.Indicator {
	var out []kpi.Indicator
	for _, ind := range d.cat.All() {
		if ind.Group == g {
			out = append(out, ind)
		}
	}
	return out
}

// hasData tells whether any indicator of the group has a figure.
func (d *reportData) hasData(inds []kpi.Indicator) bool {
	for _, ind := range inds {
		if d.cur[ind.Code].OK || d.prev[ind.Code].OK {
			return true
		}
	}
	return false
}
