package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"parkpi/internal/web"
)

// scrape reads /metrics with an optional bearer token and parses the
// Prometheus text format.
func scrape(t *testing.T, base, token string) (int, map[string]*dto.MetricFamily) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(ct, "version=0.0.4") {
		t.Fatalf("Content-Type %q is not the Prometheus text format", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("not the Prometheus text format: %v", err)
	}
	return resp.StatusCode, fams
}

// value finds the sample of family name whose labels include want.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
	for _, m := range f.Metric {
		match := true
		for k, v := range want {
			found := false
			for _, l := range m.Label {
				found = found || (l.GetName() == k && l.GetValue() == v)
			}
			match = match && found
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// TestMetrics: /metrics answers loopback in the Prometheus text format with
// requests and latency by route pattern, saves and validation failures by
// source, exports, uploads, jobs, the database pools and the WAL size.
func TestMetrics(t *testing.T) {
	ts := newServer(t)
	officer, leader := loginAs(t, ts, "officer.yenhoa"), loginAs(t, ts, "leader")
	getWith(t, leader, ts.URL+"/api/v1/overview?year=2021")
	if st, _ := postForm(t, officer, ts.URL+"/entry/14722/2022/q2", url.Values{"version": {"0"}, "action": {"save"}, "vc_endpoints": {"7"}}); st != http.StatusSeeOther {
		t.Fatalf("save: %d", st)
	}
	if st, _ := postForm(t, officer, ts.URL+"/entry/14722/2022/q2", url.Values{"version": {"1"}, "action": {"save"}, "vc_endpoints": {"bảy"}}); st != http.StatusUnprocessableEntity {
		t.Fatalf("bad save: %d", st)
	}
	if st, _ := getWith(t, leader, ts.URL+"/export/agency/14722.xlsx?year=2021"); st != http.StatusOK {
		t.Fatalf("export: %d", st)
	}
	if st, _ := postForm(t, officer, ts.URL+"/upload", url.Values{}); st != http.StatusUnprocessableEntity {
		t.Fatalf("empty upload: %d", st)
	}
	status, fams := scrape(t, ts.URL, "")
	if status != http.StatusOK {
		t.Fatalf("/metrics from loopback: %d", status)
	}
	checks := []struct {
		name   string
		labels map[string]string
		min    float64
	}{
		{"parkpi_http_requests_total", map[string]string{"method": "GET", "route": "/api/v1/overview", "status": "200"}, 1},
		{"parkpi_http_requests_total", map[string]string{"method": "POST", "route": "/entry/:agency/:year/:quarter", "status": "422"}, 1},
		{"parkpi_http_request_duration_seconds", map[string]string{"route": "/api/v1/overview"}, 1},
		{"parkpi_saves_total", map[string]string{"source": "form"}, 1},
		{"parkpi_validation_failures_total", map[string]string{"source": "form"}, 1},
		{"parkpi_validation_failures_total", map[string]string{"source": "upload"}, 1},
		{"parkpi_uploads_total", map[string]string{"result": "refused"}, 1},
		{"parkpi_exports_total", map[string]string{"report": "agency"}, 1},
		{"parkpi_jobs", map[string]string{"state": "running"}, 0},
		{"go_sql_open_connections", map[string]string{"db_name": "writer"}, 1},
		{"go_sql_max_open_connections", map[string]string{"db_name": "reader"}, 1},
		{"parkpi_sqlite_wal_bytes", nil, 1},
	}
	for _, ck := range checks {
		v, ok := value(fams, ck.name, ck.labels)
		if !ok || v < ck.min {
			t.Errorf("%s%v = %v (present %v), want at least %v", ck.name, ck.labels, v, ok, ck.min)
		}
	}
	if v, _ := value(fams, "parkpi_saves_total", map[string]string{"source": "form"}); v != 1 {
		t.Errorf("saves{form} = %v, want exactly the one save (the refused one is a validation failure)", v)
	}
	for name, f := range fams {
		for _, m := range f.Metric {
			for _, l := range m.Label {
				if l.GetName() == "route" && strings.Contains(l.GetValue(), "14722") {
					t.Errorf("%s has a raw path as route: %q (one series per agency)", name, l.GetValue())
				}
			}
		}
	}
}

// TestMetricsAccess: outside the allowed networks only the scrape token
// opens /metrics; a session does not.
func TestMetricsAccess(t *testing.T) {
	s, err := web.New(demoDB(t), slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{Metrics: web.MetricsAccess{
		Allow: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, Token: "scrape-token-for-tests"}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	if st, _ := scrape(t, ts.URL, ""); st != http.StatusForbidden {
		t.Fatalf("loopback outside the allowed networks: %d, want 403", st)
	}
	if st, _ := scrape(t, ts.URL, "wrong-token"); st != http.StatusForbidden {
		t.Fatalf("wrong token: %d, want 403", st)
	}
	if st, fams := scrape(t, ts.URL, "scrape-token-for-tests"); st != http.StatusOK || fams["parkpi_http_requests_total"] == nil && fams["go_goroutines"] == nil {
		t.Fatalf("with the token: %d", st)
	}
}
