package main

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"parkpi/internal/gen"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// saveJob is one form: an agency's last quarter and its 20 values.
type saveJob struct {
	agency string
	values map[string]*float64
}

// concurrentSaves runs c.clients goroutines, each saving c.txPerClient
// 20-value forms (each on its own agency's last quarter, with the version
// the form was loaded with), then checks every saved value is there and
// that the overview JSON shows the new totals. A run lasts about two
// seconds, and on two shared cores its rate swings by a quarter between
// runs of the same build, so it runs c.saveRounds times (new values each
// time): every run is printed, the rate and latencies are the middle run's
// by rate, and errors and lost writes count every run.
func concurrentSaves(ctx context.Context, c config, cl *http.Client, db *store.DB, year int) error {
	per := kpi.Period{Year: year, Quarter: 4}
	var runs []savesRun
	var total savesRun
	for round := range max(1, c.saveRounds) {
		r, err := savesOnce(ctx, c, db, per)
		if err != nil {
			return err
		}
		if c.saveRounds > 1 {
			report(fmt.Sprintf("saves_round%d", round+1), fmt.Sprintf("%.0f tx/s, %.2f ms of CPU a save, p99 %s ms", r.rate, r.cpuMS, ms(r.p99)))
		}
		runs = append(runs, r)
		total.done += r.done
		total.busy += r.busy
		total.other += r.other
		total.lost += r.lost
	}
	slices.SortStableFunc(runs, func(a, b savesRun) int { return cmp.Compare(a.rate, b.rate) })
	mid := runs[len(runs)/2]
	if c.saveRounds > 1 {
		report("saves_rounds", len(runs))
	}
	report("saves", total.done)
	report("saves_tx_per_s", fmt.Sprintf("%.0f", mid.rate))
	// This process's CPU while the saves ran, per save: the savers and the
	// store's writer (on SQLite everything a save costs but the server's
	// hearing of it; on PostgreSQL the server's share is not in it).
	report("saves_cpu_ms_per_save", fmt.Sprintf("%.2f", mid.cpuMS))
	if c.serverPID != 0 {
		// The database server's CPU in the same window, its backends'
		// included (the saves' only; the check of lost writes comes after).
		report("saves_server_cpu_ms_per_save", fmt.Sprintf("%.2f", mid.serverMS))
	}
	report("saves_busy_errors", total.busy)
	report("saves_other_errors", total.other)
	report("saves_p50_ms", ms(mid.p50))
	report("saves_p99_ms", ms(mid.p99))
	report("saves_lost", total.lost)
	// Transactions run again after a serialization failure or a deadlock
	// (PostgreSQL; SQLite has one writer and none).
	report("saves_retries", db.Retries())
	return dashboardShows(ctx, c, cl, db, per)
}

// savesRun is one run of the concurrent saves.
type savesRun struct {
	done, busy, other int64
	lost              int
	rate, cpuMS       float64
	serverMS          float64 // the database server's CPU a save (-server-pid)
	p50, p99          time.Duration
}

// savesOnce saves every form of a new set once, from c.clients goroutines,
// and counts the forms not stored as saved.
func savesOnce(ctx context.Context, c config, db *store.DB, per kpi.Period) (savesRun, error) {
	jobs, err := saveJobs(ctx, db, per, c.clients*c.txPerClient)
	if err != nil {
		return savesRun{}, err
	}
	// The window below measures saves only: the pools' connections are
	// open before it, as a running server's are, and the lost writes are
	// counted after it.
	if err := warmPools(ctx, db); err != nil {
		return savesRun{}, err
	}
	var r savesRun
	var mu sync.Mutex
	lat := make([]time.Duration, 0, len(jobs))
	var wg sync.WaitGroup
	cpu0 := processCPU()
	server0, err := serverCPU(c.serverPID)
	if err != nil {
		return savesRun{}, err
	}
	start := time.Now()
	for i := range c.clients {
		wg.Go(func() {
			for k := i; k < len(jobs); k += c.clients {
				took, err := saveForm(ctx, db, per, jobs[k])
				mu.Lock()
				lat = append(lat, took)
				switch {
				case err == nil:
					r.done++
				case strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy"):
					r.busy++
				default:
					r.other++
					fmt.Println("save_error=", err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := processCPU() - cpu0
	server1, err := serverCPU(c.serverPID)
	if err != nil {
		return savesRun{}, err
	}
	r.rate = float64(r.done) / elapsed.Seconds()
	r.cpuMS = float64(cpu.Microseconds()) / 1000 / float64(max(r.done, 1))
	r.serverMS = float64((server1 - server0).Microseconds()) / 1000 / float64(max(r.done, 1))
	r.p50, r.p99 = percentile(lat, 50), percentile(lat, 99)
	r.lost, err = lostWrites(ctx, db, per, jobs)
	return r, err
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// saveForm loads the form's version and saves it, as the form's POST
// does: in one request's context (store.DB.Synced, which the web's session
// middleware runs first), so the save trusts the cached tree and catalogue
// as a request's does instead of reading their versions again for each
// look-up. The time is the SaveValues call's, queueing included.
func saveForm(ctx context.Context, db *store.DB, per kpi.Period, j saveJob) (time.Duration, error) {
	if synced, err := db.Synced(ctx); err == nil { // if not, it reads as without, as a request does
		ctx = synced
	}
	sub, err := db.Submission(ctx, j.agency, per)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	_, err = db.SaveValues(ctx, store.ValueWrite{Agency: j.agency, Period: per, Values: j.values, Version: sub.Version, Actor: "bench", Source: "bench"})
	return time.Since(start), err
}

// jobSets counts the sets of forms made in this process.
var jobSets atomic.Int64

// saveJobs makes n forms on n different agencies whose quarter is editable.
func saveJobs(ctx context.Context, db *store.DB, per kpi.Period, n int) ([]saveJob, error) {
	var drafts []struct {
		Code string `db:"code"`
		Kind string `db:"kind"`
	}
	err := db.Reader().SelectContext(ctx, &drafts, db.Reader().Rebind(`SELECT a.code, a.kind FROM agencies a JOIN submissions s ON s.agency_id = a.id
		WHERE s.year = ? AND s.period = ? AND s.state = 'draft' ORDER BY a.id`), per.Year, per.Code())
	if err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	var agencies []string
	for _, d := range drafts { // an agency entered by month saves months, not this quarter
		if !cat.DataSetFor(kpi.Kind(d.Kind)).MonthlyIn(per.Year) && len(agencies) < n {
			agencies = append(agencies, d.Code)
		}
	}
	if len(agencies) < n {
		return nil, fmt.Errorf("%d editable agency-quarters, %d forms wanted", len(agencies), n)
	}
	jobs := make([]saveJob, n)
	// Every run changes the values, those of runs in one process too.
	salt := int(time.Now().UnixNano()%997) + 1000*int(jobSets.Add(1))
	for k, a := range agencies {
		jobs[k] = saveJob{agency: a, values: gen.Form(k + salt)}
	}
	return jobs, nil
}

// lostWrites counts forms of which some value is not in the database.
func lostWrites(ctx context.Context, db *store.DB, per kpi.Period, jobs []saveJob) (int, error) {
	lost := 0
	for _, j := range jobs {
		got, err := db.QuarterValues(ctx, j.agency, per)
		if err != nil {
			return 0, err
		}
		for code, v := range j.values {
			if g, ok := got[code]; !ok || g != *v {
				lost++
				break
			}
		}
	}
	return lost, nil
}

// dashboardShows compares the overview JSON's quarter total of hours_cut,
// served by the other process right after the saves, with a sum from
// scratch over the entered values.
func dashboardShows(ctx context.Context, c config, cl *http.Client, db *store.DB, per kpi.Period) error {
	return dashboardShowsAs(ctx, c, cl, db, per, "saves_dashboard_shows")
}
