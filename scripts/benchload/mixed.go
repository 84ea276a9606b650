package main

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// mixedLoad runs wrk at 64 connections on the overview JSON for
// c.wrkSeconds while savers commit in this process (another process on the
// same file, as a second instance would): continuously with c.clients
// savers, then at about 10 commits a second. After each run the overview
// must show every save (compared with a sum from scratch).
func mixedLoad(ctx context.Context, c config, cl *http.Client, db *store.DB, year int) error {
	per := kpi.Period{Year: year, Quarter: 4}
	jobs, err := saveJobs(ctx, db, per, c.clients*c.txPerClient)
	if err != nil {
		return err
	}
	for _, run := range []struct {
		prefix string
		every  time.Duration // between commits of one saver; 0: as fast as it can
		savers int
	}{{"mixed_", 0, c.clients}, {"mixed10_", 100 * time.Millisecond, 1}} {
		stop := make(chan struct{})
		var commits, errs atomic.Int64
		var wg sync.WaitGroup
		for i := range run.savers {
			wg.Go(func() { saveUntil(ctx, db, per, jobs, i, run.savers, run.every, stop, &commits, &errs) })
		}
		start := time.Now()
		w, err := runWrk(c, cl, fmt.Sprintf("%s/api/v1/overview?year=%d", c.base, year))
		close(stop)
		wg.Wait()
		if err != nil {
			return err
		}
		elapsed := time.Since(start)
		report(run.prefix+"rps", w.rps)
		report(run.prefix+"p50_ms", w.p50)
		report(run.prefix+"p99_ms", w.p99)
		report(run.prefix+"errors", w.errors)
		report(run.prefix+"commits_per_s", fmt.Sprintf("%.0f", float64(commits.Load())/elapsed.Seconds()))
		report(run.prefix+"save_errors", errs.Load())
		if err := dashboardShowsAs(ctx, c, cl, db, per, run.prefix+"dashboard_shows"); err != nil {
			return err
		}
	}
	return nil
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

// wrkResult is what bench.sh's table needs of a wrk run.
type wrkResult struct {
	rps, p50, p99 string
	errors        int
}

// runWrk runs wrk with the session cookie and reads its report.
func runWrk(c config, cl *http.Client, u string) (wrkResult, error) {
	cookie := ""
	for _, ck := range cl.Jar.Cookies(mustURL(c.base)) {
		cookie += ck.Name + "=" + ck.Value + "; "
	}
	out, err := exec.Command("wrk", "-t2", "-c64", "-d"+strconv.Itoa(c.wrkSeconds)+"s", "--latency", "-H", "Cookie: "+cookie, u).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	text := string(out)
	find := func(re string) string {
		if m := regexp.MustCompile(re).FindStringSubmatch(text); m != nil {
			return m[1]
		}
		return ""
	}
	r := wrkResult{rps: find(`Requests/sec:\s+([\d.]+)`), p50: find(`\s50%\s+(\S+)`), p99: find(`\s99%\s+(\S+)`)}
	for _, re := range []string{`Non-2xx or 3xx responses: (\d+)`, `connect (\d+)`, `read (\d+)`, `write (\d+)`, `timeout (\d+)`} {
		n, _ := strconv.Atoi(find(re))
		r.errors += n
	}
	return r, nil
}

// dashboardShowsAs is dashboardShows under another report key.
func dashboardShowsAs(ctx context.Context, c config, cl *http.Client, db *store.DB, per kpi.Period, key string) error {
	var want float64
	if err := db.Reader().GetContext(ctx, &want, `SELECT COALESCE(SUM(v.value), 0) FROM kpi_values v
		JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'hours_cut' AND v.year = ? AND v.period = ?`, per.Year, per.Code()); err != nil {
		return err
	}
	got, err := overviewFigure(cl, c.base, per.Year, per.Quarter, "hours_cut")
	if err != nil {
		return err
	}
	report(key, math.Abs(got-want) < 1e-6)
	return nil
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
