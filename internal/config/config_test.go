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
		"metrics networks":   {map[string]string{"PARKPI_METRICS_ALLOW": "10.0.0.0/8, 192.168.1.7,::1", "PARKPI_METRICS_TOKEN": "a-long-scrape-token"}, ""},
		"bad network":        {map[string]string{"PARKPI_METRICS_ALLOW": "10.0.0.0/8,intranet"}, "không phải là địa chỉ"},
		"short scrape token": {map[string]string{"PARKPI_METRICS_TOKEN": "short"}, "quá ngắn"},
		"smtp":               {map[string]string{"PARKPI_SMTP_HOST": "mail.ninhbinh.gov.vn", "PARKPI_SMTP_PORT": "465", "PARKPI_SMTP_TLS": "tls", "PARKPI_SMTP_FROM": "parkpi@ninhbinh.gov.vn", "PARKPI_REMIND_EVERY": "30m", "PARKPI_BASE_URL": "https://parkpi.ninhbinh.gov.vn"}, ""},
		"smtp without from":  {map[string]string{"PARKPI_SMTP_HOST": "mail.ninhbinh.gov.vn"}, "PARKPI_SMTP_FROM"},
		"bad smtp port":      {map[string]string{"PARKPI_SMTP_PORT": "smtp"}, "cổng từ 1 đến 65535"},
		"bad smtp tls":       {map[string]string{"PARKPI_SMTP_TLS": "ssl3"}, "starttls, tls hoặc none"},
		"password in clear":  {map[string]string{"PARKPI_SMTP_HOST": "mail.ninhbinh.gov.vn", "PARKPI_SMTP_FROM": "a@b.vn", "PARKPI_SMTP_TLS": "none", "PARKPI_SMTP_USER": "u"}, "không mã hóa"},
		"relay on loopback":  {map[string]string{"PARKPI_SMTP_HOST": "127.0.0.1", "PARKPI_SMTP_FROM": "a@b.vn", "PARKPI_SMTP_TLS": "none", "PARKPI_SMTP_USER": "u"}, ""},
		"bad remind every":   {map[string]string{"PARKPI_REMIND_EVERY": "daily"}, "khoảng thời gian"},
		"reminders off":      {map[string]string{"PARKPI_REMIND_EVERY": "0"}, ""},
		"bad base url":       {map[string]string{"PARKPI_BASE_URL": "parkpi.local"}, "PARKPI_BASE_URL"},
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
