// Package config gathers parkpi's settings in one struct: defaults, then
// PARKPI_* environment variables, then command-line flags (a flag given on
// the command line wins). It is read once in main and passed down.
package config

import (
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"parkpi/internal/kpi"
)

// DefaultAddr is where serve listens unless told: this machine only.
const DefaultAddr = "127.0.0.1:8080"

// Config is every setting of parkpi.
type Config struct {
	DB            string // a SQLite file, or a postgres:// URL
	Addr          string // listen address of serve (DefaultAddr: loopback only)
	SecureCookies bool   // cookies only over HTTPS (set behind TLS)
	DeadlineDays  int    // days after a period's data cut-off before its report is overdue (data sets may set their own)
	TotalsLag     string // how far the overview's totals may lag behind saves below its scope: a duration, or "auto"
	LogFormat     string // "text" or "json"
	Metrics       Metrics
	Mail          Mail
	Reminders     Reminders
}

// Default returns the settings used when nothing else is said.
func Default() Config {
	// Loopback unless an address is given: a first start (with the demo's
	// published password) is not reachable from the network.
	return Config{DB: "data/parkpi.db", Addr: DefaultAddr, DeadlineDays: 15, TotalsLag: "auto", LogFormat: "text",
		Mail: Mail{Port: 587, TLS: "starttls"}, Reminders: Reminders{Every: time.Hour, BaseURL: "http://localhost:8080"}}
}

// Env lists the environment variables, for the README and --help.
var Env = []struct{ Name, Help string }{
	{"PARKPI_DB", "the database: a SQLite file, or a postgres:// URL"},
	{"PARKPI_ADDR", "listen address of serve"},
	{"PARKPI_SECURE_COOKIES", "true behind HTTPS: cookies get the Secure flag"},
	{"PARKPI_DEADLINE_DAYS", "days after quarter end until a report is overdue"},
	{"PARKPI_TOTALS_LAG", "how long the overview's totals may lag behind saves below its scope (auto: 1s on PostgreSQL, 0 on SQLite)"},
	{"PARKPI_LOG_FORMAT", "text or json"},
	{"PARKPI_METRICS_ALLOW", "networks that may read /metrics (CIDR, comma-separated; default loopback)"},
	{"PARKPI_METRICS_TOKEN", "a bearer token that may read /metrics from anywhere"},
	{"PARKPI_SMTP_HOST", "SMTP server for reminder emails (empty: no email)"},
	{"PARKPI_SMTP_PORT", "its port (587)"},
	{"PARKPI_SMTP_USER", "SMTP login"},
	{"PARKPI_SMTP_PASSWORD", "SMTP password"},
	{"PARKPI_SMTP_FROM", "sender address of reminders"},
	{"PARKPI_SMTP_TLS", "starttls, tls or none"},
	{"PARKPI_REMIND_EVERY", "how often serve looks for reminders to send (1h; 0: off)"},
	{"PARKPI_BASE_URL", "the application's address, for links in emails"},
}

// FromEnv applies PARKPI_* variables read through getenv.
func (c *Config) FromEnv(getenv func(string) string) error {
	if v := getenv("PARKPI_DB"); v != "" {
		c.DB = v
	}
	if v := getenv("PARKPI_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("PARKPI_SECURE_COOKIES"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return kpi.Errorf(kpi.EINVALID, "PARKPI_SECURE_COOKIES=%q: cần true hoặc false.", "PARKPI_SECURE_COOKIES=%q: want true or false.", v)
		}
		c.SecureCookies = b
	}
	if v := getenv("PARKPI_DEADLINE_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return kpi.Errorf(kpi.EINVALID, "PARKPI_DEADLINE_DAYS=%q: cần một số ngày nguyên.", "PARKPI_DEADLINE_DAYS=%q: want a whole number of days.", v)
		}
		c.DeadlineDays = n
	}
	if v := getenv("PARKPI_TOTALS_LAG"); v != "" {
		c.TotalsLag = v
	}
	if v := getenv("PARKPI_LOG_FORMAT"); v != "" {
		c.LogFormat = v
	}
	c.Metrics.fromEnv(getenv)
	return c.mailFromEnv(getenv)
}

// BindCommon binds the flags every command takes.
func (c *Config) BindCommon(fs *pflag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "the database: a SQLite file, or a postgres://user:password@host/db URL (PARKPI_DB)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (PARKPI_LOG_FORMAT)")
}

// BindServe binds the flags of the serve command.
func (c *Config) BindServe(fs *pflag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (PARKPI_ADDR)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "mark cookies Secure, when served over HTTPS (PARKPI_SECURE_COOKIES)")
	fs.IntVar(&c.DeadlineDays, "deadline-days", c.DeadlineDays, "days after a period's data cut-off until a report is overdue, for data sets that set none (PARKPI_DEADLINE_DAYS)")
	fs.StringVar(&c.TotalsLag, "totals-lag", c.TotalsLag, "how long the overview's totals may lag behind saves below its scope, e.g. 1s; 0: exact; auto: 1s on PostgreSQL, 0 on SQLite (PARKPI_TOTALS_LAG)")
}

// MaxTotalsLag bounds the lag of the overview's totals: the issue of a
// server deployment is a stream of saves, not a dashboard minutes old.
const MaxTotalsLag = 10 * time.Second

// Lag is the overview's totals lag on engine ("sqlite" or "postgres"):
// the configured duration, or for auto 1s on PostgreSQL, where many
// instances save at once, and 0 (every save on the next request) on the
// embedded engine.
func (c Config) Lag(engine string) (time.Duration, error) {
	if c.TotalsLag == "auto" {
		if engine == "postgres" {
			return time.Second, nil
		}
		return 0, nil
	}
	d, err := time.ParseDuration(c.TotalsLag)
	if err != nil || d < 0 || d > MaxTotalsLag {
		return 0, kpi.Errorf(kpi.EINVALID, "Độ trễ tổng hợp %q: cần auto hoặc một khoảng từ 0 đến 10s (ví dụ 1s, 500ms).",
			"Totals lag %q: want auto or a duration from 0 to 10s (e.g. 1s, 500ms).", c.TotalsLag)
	}
	return d, nil
}

// Validate checks the settings once they are all read.
func (c Config) Validate() error {
	if c.DB == "" {
		return kpi.Errorf(kpi.EINVALID, "Chưa có đường dẫn cơ sở dữ liệu: đặt --db hoặc PARKPI_DB.", "The database path is empty: set --db or PARKPI_DB.")
	}
	if c.DeadlineDays < 0 || c.DeadlineDays > 365 {
		return kpi.Errorf(kpi.EINVALID, "Số ngày hạn nộp %d: cần từ 0 đến 365.", "Deadline days %d: want 0 to 365.", c.DeadlineDays)
	}
	if _, err := c.Lag(""); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return kpi.Errorf(kpi.EINVALID, "Định dạng nhật ký %q: cần text hoặc json.", "Log format %q: want text or json.", c.LogFormat)
	}
	if err := c.Metrics.validate(); err != nil {
		return err
	}
	return c.validateMail()
}
