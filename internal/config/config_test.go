package config

import (
	"strings"
	"testing"

	"parkpi/internal/kpi"
)

func TestFromEnvAndValidate(t *testing.T) {
	tests := map[string]struct {
		env     map[string]string
		wantErr string
	}{
		"defaults":           {nil, ""},
		"all set":            {map[string]string{"PARKPI_DB": "x.db", "PARKPI_ADDR": ":9", "PARKPI_SECURE_COOKIES": "true", "PARKPI_DEADLINE_DAYS": "20", "PARKPI_LOG_FORMAT": "json"}, ""},
		"bad bool":           {map[string]string{"PARKPI_SECURE_COOKIES": "maybe"}, "cần true hoặc false"},
		"bad days":           {map[string]string{"PARKPI_DEADLINE_DAYS": "soon"}, "số ngày nguyên"},
		"days out of range":  {map[string]string{"PARKPI_DEADLINE_DAYS": "400"}, "từ 0 đến 365"},
		"unknown log format": {map[string]string{"PARKPI_LOG_FORMAT": "xml"}, "text hoặc json"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c := Default()
			err := c.FromEnv(func(k string) string { return tc.env[k] })
			if err == nil {
				err = c.Validate()
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if kpi.ErrorCode(err) != kpi.EINVALID || !strings.Contains(kpi.ErrorMessage(err, "vi"), tc.wantErr) {
				t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
	c := Default()
	_ = c.FromEnv(func(k string) string { return map[string]string{"PARKPI_DB": "env.db"}[k] })
	if c.DB != "env.db" || c.Addr != "127.0.0.1:8080" {
		t.Fatalf("config = %+v", c)
	}
}
