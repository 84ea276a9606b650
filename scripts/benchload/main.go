// Command benchload is the load part of `make bench` (scripts/bench.sh):
// against a running `parkpi serve` on loopback and the same database file,
// it measures the overview JSON uncached (each request right after a
// commit, so the server's cache is cold) and cached, runs 50 concurrent
// clients saving 20-value forms through store.SaveValues and checks that
// nothing was lost and that the next dashboard request shows the saves,
// and times the import of a province's quarter template. It prints
// key=value lines for bench.sh's table.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"time"

	"parkpi/data"
	"parkpi/internal/store"
	"parkpi/internal/store/engines"
)

type config struct {
	db, base, user, password string
	base2                    string // a second instance on the same database (wrk splits its connections)
	samples                  int
	steps                    string // comma-separated steps to run
	minimal                  string // serve the store-only overview on this address instead
	minimalURL               string // measure that server's latency too
	clients, txPerClient     int
	cpuProfile               string // write a CPU profile of the steps run here
	memProfile               string // write an allocation profile of the steps run here
	importAgencies           int    // the import's own dataset: agencies ...
	importProvinces          int    // ... split among this many provinces
	wrkSeconds               int    // length of each wrk run of the mixed load
	mixedRounds              int    // runs of the mixed load with continuous savers
	saveRounds               int    // runs of the concurrent saves
	token                    string // an API token with the upload right on the whole tree (apiimport)
	apiQuarters              int    // agency-quarters of the API import
	serverPID                int    // a database server's process on this machine, whose CPU a save is measured in too
}

func main() {
	var c config
	flag.StringVar(&c.db, "db", "bench/work.db", "the database the server runs on")
	flag.StringVar(&c.base, "url", "http://127.0.0.1:18080", "the server's base URL (loopback)")
	flag.StringVar(&c.base2, "url2", "", "a second instance's base URL on the same database: wrk runs on both, half the connections each")
	flag.StringVar(&c.user, "user", "bench", "a leader's username")
	flag.StringVar(&c.password, "password", "", "the leader's password")
	flag.IntVar(&c.samples, "samples", 200, "requests per latency measurement")
	flag.IntVar(&c.clients, "clients", 50, "concurrent savers")
	flag.IntVar(&c.txPerClient, "tx", 40, "saves per client")
	flag.StringVar(&c.steps, "steps", "app,approved,store,saves,import,apiimport", "steps to run: app, approved (overview latency, state all and approved), store, saves, import, apiimport, mixed, cached (wrk, no commits), move, cockpit, xlsx")
	flag.IntVar(&c.wrkSeconds, "wrk-seconds", 20, "length of each wrk run of the mixed load")
	flag.IntVar(&c.saveRounds, "save-rounds", 3, "runs of the concurrent saves, each of new values (the middle one by rate is reported)")
	flag.IntVar(&c.mixedRounds, "mixed-rounds", 3, "runs of the mixed load with continuous savers (the middle one by p99 is reported)")
	flag.StringVar(&c.token, "token", "", "an API token for the apiimport step")
	flag.IntVar(&c.apiQuarters, "api-quarters", 1000, "agency-quarters of the API import")
	flag.IntVar(&c.serverPID, "server-pid", 0, "the database server's main process (PostgreSQL's postmaster) on this machine: the saves report its CPU a save, its backends' included")
	flag.StringVar(&c.minimal, "serve-minimal", "", "serve the store-only overview on this loopback address until killed")
	flag.StringVar(&c.minimalURL, "minimal-url", "", "base URL of a running -serve-minimal, to measure too")
	flag.IntVar(&c.importAgencies, "import-agencies", 640, "agencies of the import's generated dataset")
	flag.IntVar(&c.importProvinces, "import-provinces", 2, "provinces of the import's dataset (640 in 2: a 10,208-row template)")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the steps to this file")
	flag.StringVar(&c.memProfile, "memprofile", "", "write an allocation profile of the steps to this file (go tool pprof -sample_index=alloc_space)")
	flag.Parse()
	stop, err := startProfiles(c)
	if err == nil {
		err = run(context.Background(), c)
		err = errors.Join(err, stop())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchload:", err)
		os.Exit(1)
	}
}

// startProfiles starts the CPU profile asked for; stop ends it and writes
// the allocation profile asked for.
func startProfiles(c config) (stop func() error, err error) {
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			return nil, err
		}
	}
	return func() error {
		pprof.StopCPUProfile()
		if c.memProfile == "" {
			return nil
		}
		f, err := os.Create(c.memProfile)
		if err != nil {
			return err
		}
		return errors.Join(pprof.Lookup("allocs").WriteTo(f, 0), f.Close())
	}, nil
}

func run(ctx context.Context, c config) error {
	cat, err := data.Catalogue()
	if err != nil {
		return err
	}
	db, err := engines.Open(ctx, c.db, cat)
	if err != nil {
		return err
	}
	defer db.Close()
	if c.minimal != "" {
		return serveMinimal(ctx, db, c.minimal)
	}
	// The summary's step reads the database only: asked alone, it needs no
	// server to log in to.
	var cl *http.Client
	if c.steps != "xlsx" {
		if cl, err = login(c); err != nil {
			return err
		}
	}
	year, err := latestYear(ctx, db)
	if err != nil {
		return err
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"app", func() error {
			return overviewLatency(ctx, c, cl, db, latencyTarget{prefix: "", url: fmt.Sprintf("%s/api/v1/overview?year=%d", c.base, year), year: year})
		}},
		{"approved", func() error {
			return overviewLatency(ctx, c, cl, db, latencyTarget{prefix: "approved_", url: fmt.Sprintf("%s/api/v1/overview?year=%d&state=approved", c.base, year), year: year})
		}},
		{"store", func() error {
			if c.minimalURL == "" {
				return nil
			}
			return overviewLatency(ctx, c, http.DefaultClient, db, latencyTarget{prefix: "minimal_", url: fmt.Sprintf("%s/overview?year=%d", c.minimalURL, year), year: year})
		}},
		{"saves", func() error { return concurrentSaves(ctx, c, cl, db, year) }},
		{"import", func() error { return importTemplate(ctx, c, db, year) }},
		{"apiimport", func() error { return apiImport(ctx, c, db, year) }},
		{"mixed", func() error { return mixedLoad(ctx, c, cl, db, year) }},
		{"cached", func() error { return cachedLoad(c, cl, year) }},
		{"move", func() error { return moveCommune(ctx, c, db, year) }},
		{"cockpit", func() error { return cockpitLoad(c, cl, year) }},
		{"xlsx", func() error { return summaryVersusBare(ctx, db, year) }},
	}
	for _, step := range steps {
		if !slices.Contains(strings.Split(c.steps, ","), step.name) {
			continue
		}
		if err := step.run(); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

// instances are the base URLs of the instances under load.
func (c config) instances() []string {
	if c.base2 == "" {
		return []string{c.base}
	}
	return []string{c.base, c.base2}
}

func latestYear(ctx context.Context, db *store.DB) (int, error) {
	years, err := db.Years(ctx)
	if err != nil || len(years) == 0 {
		return 0, fmt.Errorf("no years in the dataset (%v)", err)
	}
	return years[0], nil
}

// percentile returns the p-th percentile (0–100) of ds, nearest rank.
func percentile(ds []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }

func report(key string, v any) { fmt.Printf("%s=%v\n", key, v) }
