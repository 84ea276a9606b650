package web

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// MetricsAccess says who may read /metrics: clients from the Allow
// networks (loopback when empty), or any client that sends the Token as
// "Authorization: Bearer …" (none when empty). The client is the TCP peer:
// X-Forwarded-For is not believed, since anyone can send it.
type MetricsAccess struct {
	Allow []netip.Prefix
	Token string
}

// DefaultMetricsAllow is loopback, IPv4 and IPv6.
var DefaultMetricsAllow = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// allowed reports whether r may read the metrics.
func (a MetricsAccess) allowed(r *http.Request) bool {
	if a.Token != "" {
		scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(a.Token)) == 1 {
			return true
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	allow := a.Allow
	if len(allow) == 0 {
		allow = DefaultMetricsAllow
	}
	for _, p := range allow {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}

// metricsHandler serves the Prometheus text format to allowed clients and
// a plain 403 to others; it sits beside the application's router, so a
// scrape needs no session and writes no request log line.
func (s *Server) metricsHandler() http.Handler {
	serve := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.opts.Metrics.allowed(r) {
			http.Error(w, "Không được đọc số đo từ địa chỉ này. / Metrics are not readable from this address.", http.StatusForbidden)
			return
		}
		serve.ServeHTTP(w, r)
	})
}

// withOperatorRoutes puts /metrics beside the application.
func (s *Server) withOperatorRoutes(app http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", s.metricsHandler())
	mux.Handle("/", app)
	return mux
}
