package config

import (
	"net/netip"
	"strings"

	"parkpi/internal/kpi"
)

// Metrics says who may read /metrics: networks (comma-separated CIDR or
// single addresses; empty means loopback) and a bearer token (empty: none).
type Metrics struct {
	Allow string
	Token string
}

// Networks parses Allow.
func (m Metrics) Networks() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(m.Allow, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, kpi.Errorf(kpi.EINVALID, "PARKPI_METRICS_ALLOW: “%s” không phải là địa chỉ hay dải mạng (ví dụ 10.0.0.0/8).",
				"PARKPI_METRICS_ALLOW: “%s” is neither an address nor a network (e.g. 10.0.0.0/8).", s)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// fromEnv reads PARKPI_METRICS_*.
func (m *Metrics) fromEnv(getenv func(string) string) {
	if v := getenv("PARKPI_METRICS_ALLOW"); v != "" {
		m.Allow = v
	}
	if v := getenv("PARKPI_METRICS_TOKEN"); v != "" {
		m.Token = v
	}
}

func (m Metrics) validate() error {
	if _, err := m.Networks(); err != nil {
		return err
	}
	if m.Token != "" && len(m.Token) < 16 {
		return kpi.Errorf(kpi.EINVALID, "PARKPI_METRICS_TOKEN quá ngắn: cần ít nhất 16 ký tự.", "PARKPI_METRICS_TOKEN is too short: at least 16 characters.")
	}
	return nil
}
