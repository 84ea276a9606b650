package auth

import (
	"time"

	"parkpi/internal/store"
)

// Config holds the session and throttling policy.
type Config struct {
	IdleTimeout     time.Duration // a session unused this long ends
	AbsoluteTimeout time.Duration // a session this old ends, used or not
	// MaxFailures failed logins to one account within LockFor lock it for
	// LockFor. MaxFailuresPerAddress does the same per client address; it
	// is higher because a whole office often shares one address.
	MaxFailures           int
	MaxFailuresPerAddress int
	LockFor               time.Duration
}

// DefaultConfig is the policy used unless a test says otherwise.
func DefaultConfig() Config {
	return Config{IdleTimeout: 2 * time.Hour, AbsoluteTimeout: 12 * time.Hour,
		MaxFailures: 5, MaxFailuresPerAddress: 20, LockFor: 15 * time.Minute}
}

// Actor is who makes a change, for the audit log.
type Actor struct {
	Username string
	Source   string // "web", "cli", "seed"
}

// Service manages users and sessions in the application's database. Every
// write is one transaction with its audit rows.
type Service struct {
	db       *store.DB
	cfg      Config
	now      func() time.Time
	touches  touches      // sessions' last use, written off the request path
	sessions sessionCache // sessions read, until sessions change anywhere
}

// New returns the service with the default policy and the real clock.
func New(db *store.DB) *Service {
	s := &Service{db: db, cfg: DefaultConfig(), now: func() time.Time { return time.Now().UTC() }}
	db.OnChange(s.sessions.changed)
	return s
}

// SetClock replaces the clock, so tests can pass hours without sleeping.
func (s *Service) SetClock(now func() time.Time) { s.now = func() time.Time { return now().UTC() } }

// SetConfig replaces the session and throttling policy.
func (s *Service) SetConfig(cfg Config) { s.cfg = cfg }

// Config returns the session and throttling policy.
func (s *Service) Config() Config { return s.cfg }
