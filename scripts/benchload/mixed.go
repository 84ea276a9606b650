package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// mixedLoad runs wrk at 64 connections on the overview JSON for
// c.wrkSeconds (over both instances when there are two) while savers
// commit in this process (another process on the same database, as another
// instance would): continuously with c.clients savers, c.mixedRounds times,
// then at about 10 commits a second. After each load the overview must show
// every save on every instance (compared with a sum from scratch).
//
// One 20-second run's p99 on two shared cores swings by half between runs
// of the same build, so the continuous load runs several times: every
// run is printed, and the table takes the middle one by p99.
func mixedLoad(ctx context.Context, c config, cl *http.Client, db *store.DB, year int) error {
	per := kpi.Period{Year: year, Quarter: 4}
	jobs, err := saveJobs(ctx, db, per, c.clients*c.txPerClient)
	if err != nil {
		return err
	}
	for _, run := range []mixedRun{{"mixed_", 0, c.clients, max(1, c.mixedRounds)}, {"mixed10_", 100 * time.Millisecond, 1, 1}} {
		var results []mixedResult
		for round := range run.rounds {
			r, err := run.once(ctx, c, cl, db, per, jobs, year)
			if err != nil {
				return err
			}
			if run.rounds > 1 {
				report(fmt.Sprintf("%sround%d", run.prefix, round+1), fmt.Sprintf("%s req/s, p99 %s, %d errors, %s commits/s", r.rps, r.p99, r.errors, r.commits))
			}
			results = append(results, r)
		}
		slices.SortStableFunc(results, func(a, b mixedResult) int { return cmp.Compare(wrkDuration(a.p99), wrkDuration(b.p99)) })
		r := results[len(results)/2]
		if run.rounds > 1 {
			report(run.prefix+"rounds", run.rounds)
		}
		report(run.prefix+"rps", r.rps)
		report(run.prefix+"p50_ms", r.p50)
		report(run.prefix+"p99_ms", r.p99)
		report(run.prefix+"errors", r.errors)
		report(run.prefix+"commits_per_s", r.commits)
		report(run.prefix+"save_errors", r.saveErrors)
		if err := dashboardShowsAs(ctx, c, cl, db, per, run.prefix+"dashboard_shows"); err != nil {
			return err
		}
	}
	return nil
}

// mixedRun is one kind of mixed load: its report keys' prefix, the pause
// between one saver's commits (0: as fast as it can), the savers, and how
// many times it runs.
type mixedRun struct {
	prefix string
	every  time.Duration
	savers int
	rounds int
}

// mixedResult is one run of a mixed load.
type mixedResult struct {
	wrkResult
	commits    string // a second
	saveErrors int64
}

// once runs wrk while the savers commit, and stops them.
func (run mixedRun) once(ctx context.Context, c config, cl *http.Client, db *store.DB, per kpi.Period, jobs []saveJob, year int) (mixedResult, error) {
	stop := make(chan struct{})
	var commits, errs atomic.Int64
	var wg sync.WaitGroup
	for i := range run.savers {
		wg.Go(func() { saveUntil(ctx, db, per, jobs, i, run.savers, run.every, stop, &commits, &errs) })
	}
	start := time.Now()
	w, err := runWrk(c, cl, fmt.Sprintf("/api/v1/overview?year=%d", year))
	close(stop)
	wg.Wait()
	if err != nil {
		return mixedResult{}, err
	}
	elapsed := time.Since(start)
	return mixedResult{wrkResult: w, commits: fmt.Sprintf("%.0f", float64(commits.Load())/elapsed.Seconds()), saveErrors: errs.Load()}, nil
}

// saveUntil saves the forms k, k+n, ... again and again until stop.
func saveUntil(ctx context.Context, db *store.DB, per kpi.Period, jobs []saveJob, k, n int, every time.Duration, stop chan struct{}, commits, errs *atomic.Int64) {
	for round := 0; ; round++ {
		for j := k; j < len(jobs); j += n {
			select {
			case <-stop:
				return
			default:
			}
			v := float64(round%50 + 1)
			vals := map[string]*float64{"hours_cut": &v}
			if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: jobs[j].agency, Period: per, Values: vals, Version: -1, Actor: "bench", Source: "bench"}); err != nil {
				errs.Add(1)
			} else {
				commits.Add(1)
			}
			if every > 0 {
				time.Sleep(every)
			}
		}
	}
}

// dashboardShowsAs is dashboardShows under another report key.
func dashboardShowsAs(ctx context.Context, c config, cl *http.Client, db *store.DB, per kpi.Period, key string) error {
	var want float64
	if err := db.Reader().GetContext(ctx, &want, db.Reader().Rebind(`SELECT COALESCE(SUM(v.value), 0) FROM kpi_values v
		JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'hours_cut' AND v.year = ? AND v.period = ?`), per.Year, per.Code()); err != nil {
		return err
	}
	// A server deployment's overview may lag behind the saves by its
	// totals lag (1 s on PostgreSQL): each instance is asked again until it
	// shows them, for at most showWithin, and the time it took is reported.
	// The embedded engine's must show them on the first request.
	within := time.Duration(0)
	if db.Engine() == "postgres" {
		within = showWithin
	}
	shows, start := true, time.Now()
	for _, base := range c.instances() {
		for {
			got, err := overviewFigure(cl, base, per.Year, per.Quarter, "hours_cut")
			if err != nil {
				return err
			}
			if math.Abs(got-want) < 1e-6 {
				break
			}
			if time.Since(start) >= within {
				shows = false
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	report(key, shows)
	report(key+"_after_ms", ms(time.Since(start)))
	return nil
}

// showWithin is how long after the last save every instance's overview
// must show it: the totals lag a server deployment allows, and a margin.
const showWithin = 1500 * time.Millisecond

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
