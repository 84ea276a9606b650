package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// login signs in through the login form and keeps the session cookie.
func login(c config) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"username": {c.user}, "password": {c.password}, "next": {"/"}}
	resp, err := cl.PostForm(c.base+"/login", form)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("login as %s: status %d", c.user, resp.StatusCode)
	}
	return cl, nil
}

// get fetches one URL, checks for 200 and returns the body.
func get(cl *http.Client, u string) ([]byte, error) {
	resp, err := cl.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: status %d: %.200s", u, resp.StatusCode, body)
	}
	return body, err
}

// overviewLatency measures the overview JSON one request at a time: uncached
// (a commit just before each request makes the server's cache stale, as a
// saved figure does) and cached (the same URL again and again).
func overviewLatency(ctx context.Context, c config, cl *http.Client, db *store.DB, t latencyTarget) error {
	u, year := t.url, t.year
	body, err := get(cl, u)
	if err != nil {
		return err
	}
	report(t.prefix+"overview_bytes", len(body))
	agency, err := someDraftAgency(ctx, db)
	if err != nil {
		return err
	}
	var cold, warm []time.Duration
	for i := range c.samples {
		v := float64(i)
		w := store.ValueWrite{Agency: agency, Period: kpi.Period{Year: year, Quarter: 4}, Values: map[string]*float64{"div_cut": &v}, Version: -1, Actor: "bench", Source: "bench"}
		if _, err := db.SaveValues(ctx, w); err != nil {
			return err
		}
		start := time.Now()
		if _, err := get(cl, fmt.Sprintf("%s&quarter=%d", u, i%5)); err != nil {
			return err
		}
		cold = append(cold, time.Since(start))
	}
	for range c.samples * 5 {
		start := time.Now()
		if _, err := get(cl, u); err != nil {
			return err
		}
		warm = append(warm, time.Since(start))
	}
	report(t.prefix+"uncached_p50_ms", ms(percentile(cold, 50)))
	report(t.prefix+"uncached_p99_ms", ms(percentile(cold, 99)))
	report(t.prefix+"cached_p50_ms", ms(percentile(warm, 50)))
	report(t.prefix+"cached_p99_ms", ms(percentile(warm, 99)))
	return nil
}

// latencyTarget is the URL whose latency is measured and the prefix of
// its report keys.
type latencyTarget struct {
	prefix string
	url    string
	year   int
}

// someDraftAgency is an agency whose last quarter is still editable.
func someDraftAgency(ctx context.Context, db *store.DB) (string, error) {
	var code string
	err := db.Reader().GetContext(ctx, &code, db.Reader().Rebind(`SELECT a.code FROM agencies a JOIN submissions s ON s.agency_id = a.id
		WHERE s.state = 'draft' AND s.period LIKE 'Q%' ORDER BY s.year DESC, s.period DESC, a.id LIMIT 1`))
	return code, err
}

// overviewFigure reads one indicator's figure from the overview JSON.
func overviewFigure(cl *http.Client, base string, year, quarter int, code string) (float64, error) {
	body, err := get(cl, fmt.Sprintf("%s/api/v1/overview?year=%d&quarter=%d", base, year, quarter))
	if err != nil {
		return 0, err
	}
	var v struct {
		Groups []struct {
			Rows []struct {
				Code  string  `json:"code"`
				Value float64 `json:"value"`
			} `json:"rows"`
		} `json:"groups"`
	}
	if err := json.NewDecoder(strings.NewReader(string(body))).Decode(&v); err != nil {
		return 0, err
	}
	for _, g := range v.Groups {
		for _, r := range g.Rows {
			if r.Code == code {
				return r.Value, nil
			}
		}
	}
	return 0, fmt.Errorf("the overview has no %s", code)
}
