package web

import (
	"context"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are what an operator scrapes from /metrics: requests by route,
// the application's own events (saves, validation failures, uploads,
// exports), the job queue, the database pools, retried transactions and
// (on SQLite) the write-ahead log. One
// registry per server, so tests (and two servers in one process) never
// share counters.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	saves    *prometheus.CounterVec
	invalids *prometheus.CounterVec
	uploads  *prometheus.CounterVec
	exports  *prometheus.CounterVec
}

func counter(reg *prometheus.Registry, name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	reg.MustRegister(c)
	return c
}

// newMetrics registers every metric of s.
func newMetrics(s *Server) *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{reg: reg,
		requests: counter(reg, "parkpi_http_requests_total", "HTTP requests by method, route pattern and status.", "method", "route", "status"),
		saves:    counter(reg, "parkpi_saves_total", "Agency-quarters saved, by source (form, api, import, upload).", "source"),
		invalids: counter(reg, "parkpi_validation_failures_total", "Writes refused by validation, by source.", "source"),
		uploads:  counter(reg, "parkpi_uploads_total", "Excel uploads by outcome (previewed, refused, confirmed).", "result"),
		exports:  counter(reg, "parkpi_exports_total", "Excel reports and templates sent, by report.", "report"),
	}
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "parkpi_http_request_duration_seconds",
		Help: "HTTP request latency by method and route pattern.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}},
		[]string{"method", "route"})
	reg.MustRegister(m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for name, pool := range s.db.Pools() {
		reg.MustRegister(collectors.NewDBStatsCollector(pool, name))
	}
	if s.db.Engine() == "sqlite" {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "parkpi_sqlite_wal_bytes",
			Help: "Size of the SQLite write-ahead log."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			n, _ := s.db.WALBytes(ctx)
			return float64(n)
		}))
	}
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "parkpi_db_retries_total",
		Help: "Transactions run again after a conflict with another (a serialization failure, a deadlock, a busy file)."},
		func() float64 { return float64(s.db.Retries()) }))
	reg.MustRegister(jobsCollector{s: s, desc: prometheus.NewDesc("parkpi_jobs", "Background export jobs by state.", []string{"state"}, nil)})
	return m
}

// saved counts an agency-quarter saved from source; nil-safe like the others.
func (m *metrics) saved(source string) {
	if m != nil {
		m.saves.WithLabelValues(source).Inc()
	}
}

// savedN counts n agency-quarters saved together from source.
func (m *metrics) savedN(source string, n int) {
	if m != nil {
		m.saves.WithLabelValues(source).Add(float64(n))
	}
}

// invalid counts a write refused by validation.
func (m *metrics) invalid(source string) {
	if m != nil {
		m.invalids.WithLabelValues(source).Inc()
	}
}

// countRequests observes every request by its route pattern (never the
// raw path: agency codes would make a series per agency).
func (s *Server) countRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		s.metrics.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Inc()
		s.metrics.latency.WithLabelValues(c.Request.Method, route).Observe(time.Since(start).Seconds())
	}
}

// outcome counts what a route did, from its status: ok (2xx, 3xx)
// increments onOK, a 422 increments onInvalid; either may be nil.
func (s *Server) outcome(onOK, onInvalid func()) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		switch st := c.Writer.Status(); {
		case st < 400 && onOK != nil:
			onOK()
		case st == 422 && onInvalid != nil:
			onInvalid()
		}
	}
}

// counted counts a route's outcome: a save from source (its 422s as
// validation failures), or an export of report; "" leaves either out.
func (s *Server) counted(source, report string) gin.HandlerFunc {
	m := s.metrics
	var onOK, onInvalid func()
	if source != "" {
		onOK, onInvalid = func() { m.saved(source) }, func() { m.invalid(source) }
	}
	if report != "" {
		onOK = func() { m.exports.WithLabelValues(report).Inc() }
	}
	return s.outcome(onOK, onInvalid)
}

// countedUpload counts an upload step: done (previewed or confirmed), or
// refused by its checks (422, counted as a validation failure too).
func (s *Server) countedUpload(done string) gin.HandlerFunc {
	m := s.metrics
	return s.outcome(func() { m.uploads.WithLabelValues(done).Inc() }, func() {
		m.uploads.WithLabelValues("refused").Inc()
		m.invalid("upload")
	})
}

// jobsCollector reports the jobs by state at scrape time (every instance's:
// they are rows of the database).
type jobsCollector struct {
	s    *Server
	desc *prometheus.Desc
}

func (j jobsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- j.desc }

func (j jobsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	counts, err := j.s.db.JobCounts(ctx)
	if err != nil {
		return
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(j.desc, prometheus.GaugeValue, float64(n), state)
	}
}
