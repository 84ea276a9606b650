package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// moveCommune times moving a commune to another province and back at
// national scale while savers commit in the same process: how long the
// move takes, how long any save waited meanwhile, and whether anything was
// refused with "database is locked".
func moveCommune(ctx context.Context, c config, db *store.DB, year int) error {
	tree, err := db.Tree(ctx)
	if err != nil {
		return err
	}
	var commune, from, to string
	for _, p := range tree.Children(tree.Roots()[0].Code) {
		for _, ch := range tree.Children(p.Code) {
			if ch.Kind == kpi.KindCommune && commune == "" {
				commune, from = ch.Code, p.Code
			}
		}
		if from != "" && p.Code != from && to == "" {
			to = p.Code
		}
	}
	if commune == "" || to == "" {
		return fmt.Errorf("no commune to move")
	}
	per := kpi.Period{Year: year, Quarter: 4}
	jobs, err := saveJobs(ctx, db, per, 200)
	if err != nil {
		return err
	}
	stop := make(chan struct{})
	var mu sync.Mutex
	var worst time.Duration
	var locked, other int
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			for k := i; ; k = (k + 10) % len(jobs) {
				select {
				case <-stop:
					return
				default:
				}
				v := float64(k%7 + 1)
				start := time.Now()
				_, err := db.SaveValues(ctx, store.ValueWrite{Agency: jobs[k].agency, Period: per, Values: map[string]*float64{"hours_cut": &v},
					Version: -1, Actor: "bench", Source: "bench"})
				took := time.Since(start)
				mu.Lock()
				worst = max(worst, took)
				switch {
				case err != nil && strings.Contains(err.Error(), "locked"):
					locked++
				case err != nil:
					other++
				}
				mu.Unlock()
			}
		})
	}
	time.Sleep(200 * time.Millisecond) // the savers are going
	var took [2]time.Duration
	for i, parent := range []string{to, from} {
		start := time.Now()
		if err := db.MoveAgency(ctx, store.AgencyMove{Code: commune, NewParent: parent, Actor: "bench", Source: "bench"}); err != nil {
			close(stop)
			wg.Wait()
			return err
		}
		took[i] = time.Since(start)
	}
	close(stop)
	wg.Wait()
	report("move_commune", commune)
	report("move_ms", ms(took[0]))
	report("move_back_ms", ms(took[1]))
	report("move_saves_worst_ms", ms(worst))
	report("move_locked_errors", locked)
	report("move_other_errors", other)
	return nil
}

// cockpitLoad measures the cockpit page of the whole country: its size and
// latency, one request at a time (it is computed on every request).
func cockpitLoad(c config, cl *http.Client, year int) error {
	u := fmt.Sprintf("%s/cockpit?year=%d&quarter=4", c.base, year)
	body, err := get(cl, u)
	if err != nil {
		return err
	}
	report("cockpit_bytes", len(body))
	var lat []time.Duration
	for range c.samples {
		start := time.Now()
		if _, err := get(cl, u); err != nil {
			return err
		}
		lat = append(lat, time.Since(start))
	}
	report("cockpit_p50_ms", ms(percentile(lat, 50)))
	report("cockpit_p99_ms", ms(percentile(lat, 99)))
	return nil
}
