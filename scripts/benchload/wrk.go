package main

import (
	"fmt"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// wrkConnections is the connections of a wrk run, split evenly over the
// instances.
const wrkConnections = 64

// wrkResult is what bench.sh's table needs of a wrk run: over two
// instances, the requests per second and errors summed and the worse of
// the two latencies.
type wrkResult struct {
	rps, p50, p99 string
	errors        int
}

// cachedLoad runs wrk on the cached overview JSON with no commits
// meanwhile (step "cached"), over every instance.
func cachedLoad(c config, cl *http.Client, year int) error {
	w, err := runWrk(c, cl, fmt.Sprintf("/api/v1/overview?year=%d", year))
	if err != nil {
		return err
	}
	report("cached_rps", w.rps)
	report("cached_wrk_p50_ms", w.p50)
	report("cached_wrk_p99_ms", w.p99)
	report("cached_errors", w.errors)
	report("instances", len(c.instances()))
	return nil
}

// runWrk runs wrk with the session cookie on path of every instance at
// once, wrkConnections split among them, and reads their reports. It asks
// for gzip, as browsers and Go's and curl's clients do.
func runWrk(c config, cl *http.Client, path string) (wrkResult, error) {
	cookie := ""
	for _, ck := range cl.Jar.Cookies(mustURL(c.base)) {
		cookie += ck.Name + "=" + ck.Value + "; "
	}
	bases := c.instances()
	outs := make([]wrkResult, len(bases))
	errs := make([]error, len(bases))
	var wg sync.WaitGroup
	for i, base := range bases {
		wg.Go(func() {
			conns := strconv.Itoa(wrkConnections / len(bases))
			out, err := exec.Command("wrk", "-t2", "-c"+conns, "-d"+strconv.Itoa(c.wrkSeconds)+"s", "--latency",
				"-H", "Cookie: "+cookie, "-H", "Accept-Encoding: gzip", base+path).CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("wrk: %v: %s", err, out)
				return
			}
			outs[i] = readWrk(string(out))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return wrkResult{}, err
		}
	}
	return combineWrk(outs), nil
}

// readWrk reads one wrk report.
func readWrk(text string) wrkResult {
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
	return r
}

// combineWrk sums the rates and errors of runs side by side and keeps the
// worse latencies.
func combineWrk(runs []wrkResult) wrkResult {
	if len(runs) == 1 {
		return runs[0]
	}
	var out wrkResult
	var rps float64
	var p50, p99 time.Duration
	for _, r := range runs {
		v, _ := strconv.ParseFloat(r.rps, 64)
		rps += v
		out.errors += r.errors
		if d := wrkDuration(r.p50); d > p50 {
			p50, out.p50 = d, r.p50
		}
		if d := wrkDuration(r.p99); d > p99 {
			p99, out.p99 = d, r.p99
		}
	}
	out.rps = fmt.Sprintf("%.2f", rps)
	return out
}

// wrkDuration reads wrk's latency ("812.00us", "3.21ms", "1.02s").
func wrkDuration(s string) time.Duration {
	for _, unit := range []struct {
		suffix string
		scale  time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}} {
		if len(s) > len(unit.suffix) && s[len(s)-len(unit.suffix):] == unit.suffix {
			v, err := strconv.ParseFloat(s[:len(s)-len(unit.suffix)], 64)
			if err == nil {
				return time.Duration(v * float64(unit.scale))
			}
		}
	}
	return 0
}
