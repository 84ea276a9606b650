package config

import (
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"time"

	"parkpi/internal/kpi"
)

// Mail is the SMTP server reminders go through; an empty Host sends no
// email (notices still show in the application).
type Mail struct {
	Host     string
	Port     int
	User     string
	Password string
	From     string // the sender address, e.g. parkpi@ninhbinh.gov.vn
	TLS      string // "starttls" (default), "tls" (implicit, port 465) or "none" (a relay on loopback)
}

// Reminders say how often the server looks for reminders to send (0: never;
// `parkpi remind` still works) and the address links in emails point to.
type Reminders struct {
	Every   time.Duration
	BaseURL string
}

// mailFromEnv reads PARKPI_SMTP_*, PARKPI_REMIND_EVERY and PARKPI_BASE_URL.
func (c *Config) mailFromEnv(getenv func(string) string) error {
	for name, dst := range map[string]*string{"PARKPI_SMTP_HOST": &c.Mail.Host, "PARKPI_SMTP_USER": &c.Mail.User,
		"PARKPI_SMTP_PASSWORD": &c.Mail.Password, "PARKPI_SMTP_FROM": &c.Mail.From, "PARKPI_SMTP_TLS": &c.Mail.TLS,
		"PARKPI_BASE_URL": &c.Reminders.BaseURL} {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	if v := getenv("PARKPI_SMTP_PORT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			return kpi.Errorf(kpi.EINVALID, "PARKPI_SMTP_PORT=%q: cần một cổng từ 1 đến 65535.", "PARKPI_SMTP_PORT=%q: want a port from 1 to 65535.", v)
		}
		c.Mail.Port = n
	}
	if v := getenv("PARKPI_REMIND_EVERY"); v != "" {
		d, err := time.ParseDuration(v)
		if v == "0" {
			d, err = 0, nil
		}
		if err != nil || d < 0 {
			return kpi.Errorf(kpi.EINVALID, "PARKPI_REMIND_EVERY=%q: cần một khoảng thời gian như 1h hoặc 30m (0: tắt).",
				"PARKPI_REMIND_EVERY=%q: want a duration such as 1h or 30m (0: off).", v)
		}
		c.Reminders.Every = d
	}
	return nil
}

func (c Config) validateMail() error {
	if c.Mail.Host != "" {
		if a, err := mail.ParseAddress(c.Mail.From); err != nil || a.Address != c.Mail.From {
			return kpi.Errorf(kpi.EINVALID, "PARKPI_SMTP_FROM=%q: cần địa chỉ người gửi, ví dụ parkpi@ninhbinh.gov.vn.",
				"PARKPI_SMTP_FROM=%q: want the sender's address, e.g. parkpi@ninhbinh.gov.vn.", c.Mail.From)
		}
	}
	switch c.Mail.TLS {
	case "starttls", "tls", "none":
	default:
		return kpi.Errorf(kpi.EINVALID, "PARKPI_SMTP_TLS=%q: cần starttls, tls hoặc none.", "PARKPI_SMTP_TLS=%q: want starttls, tls or none.", c.Mail.TLS)
	}
	if c.Mail.TLS == "none" && c.Mail.User != "" && !loopback(c.Mail.Host) {
		return kpi.Errorf(kpi.EINVALID, "PARKPI_SMTP_TLS=none gửi mật khẩu SMTP không mã hóa: chỉ dùng với máy chủ trên chính máy này (localhost).",
			"PARKPI_SMTP_TLS=none would send the SMTP password unencrypted: only for a server on this machine (localhost).")
	}
	if u, err := url.Parse(c.Reminders.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return kpi.Errorf(kpi.EINVALID, "PARKPI_BASE_URL=%q: cần địa chỉ của ứng dụng, ví dụ https://parkpi.ninhbinh.gov.vn.",
			"PARKPI_BASE_URL=%q: want the application's address, e.g. https://parkpi.ninhbinh.gov.vn.", c.Reminders.BaseURL)
	}
	return nil
}

// loopback reports whether host names this machine.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
