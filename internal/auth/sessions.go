package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// touchEvery limits writes: a session's last use is recorded at most once
// a minute, which is plenty for an idle timeout counted in hours.
const touchEvery = time.Minute

// LoginRequest is one login attempt.
type LoginRequest struct {
	Username string
	Password string
	Address  string // the client's address, for throttling and the audit trail
	Route    string // the route asked, for the audit trail ("POST /login")
	OldToken string // the session the browser had, ended on login (rotation)
}

// newToken returns a random session token and the hash that is stored.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

// hashToken is what the database keeps of a token: a leaked table lets
// nobody log in.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// errBadLogin is the one answer to a wrong username or a wrong password, so
// the answer tells nothing about which accounts exist.
func errBadLogin() error {
	return kpi.Errorf(kpi.EUNAUTHORIZED, "Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password.")
}

// Login checks the password and, when it matches an enabled account that
// is not locked out, starts a new session and returns its token. The old
// session of the browser, if any, ends: a session id never survives a login.
//
// Every outcome that reaches the database is an audit row (success,
// failure, lockout); an oversized username or password is refused before
// anything is read or written.
func (s *Service) Login(ctx context.Context, in LoginRequest) (*User, string, error) {
	if err := checkLoginInput(in); err != nil {
		return nil, "", err
	}
	name := NormalizeUsername(in.Username)
	at := Where{Address: in.Address, Route: in.Route}
	keys := s.throttleKeys(name, in.Address)
	if err := s.checkThrottle(ctx, keys); err != nil {
		return nil, "", err
	}
	row, err := s.db.UserByName(ctx, name)
	if err != nil && kpi.ErrorCode(err) != kpi.ENOTFOUND {
		return nil, "", err
	}
	if !passwordMatches(row.Hash, in.Password) {
		if err := s.recordFailure(ctx, keys, Access{Action: ActLoginFailed, Username: name, AgencyID: row.AgencyID, Where: at}); err != nil {
			return nil, "", err
		}
		return nil, "", errBadLogin()
	}
	if row.Disabled {
		if err := s.RecordAccess(ctx, Access{Action: ActLoginFailed, Username: name, AgencyID: row.AgencyID, Where: at, Detail: "disabled"}); err != nil {
			return nil, "", err
		}
		// Said only to whoever knows the password.
		return nil, "", kpi.Errorf(kpi.EFORBIDDEN, "Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên.",
			"This account is disabled. Please contact an administrator.")
	}
	token, hash, err := newToken()
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	if err := s.db.StartSession(ctx, store.SessionStart{UserID: row.ID, Hash: hash, OldHash: hashToken(in.OldToken),
		ClearKey: keys[0].key, Now: now, IdleBefore: now.Add(-s.cfg.IdleTimeout), AgeBefore: now.Add(-s.cfg.AbsoluteTimeout),
		Audit: Access{Action: ActLogin, Username: row.Username, AgencyID: row.AgencyID, Where: at}.entry()}); err != nil {
		return nil, "", err
	}
	return userOf(row), token, nil
}

// Authenticate returns the user of a session token, or nil when the token
// is unknown, expired (idle or absolute timeout) or its user disabled.
func (s *Service) Authenticate(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, nil
	}
	hash := hashToken(token)
	r, ok, cached, err := s.session(ctx, hash)
	if err != nil || !ok {
		return nil, err
	}
	now := s.now()
	if cached && s.idle(r, hash, now) {
		// Another instance may have seen it used since: its record decides.
		if r, ok, err = s.readSession(ctx, hash); err != nil || !ok {
			return nil, err
		}
	}
	if r.Disabled || s.idle(r, hash, now) || now.Sub(r.CreatedAt) > s.cfg.AbsoluteTimeout {
		s.sessions.drop(hash)
		return nil, s.db.EndSession(ctx, hash)
	}
	if now.Sub(s.lastSeen(r, hash)) >= touchEvery {
		s.touches.later(s, hash, now)
		s.sessions.used(hash, now)
	}
	return userOf(r.UserRecord), nil
}

// lastSeen is a session's last use: as recorded, or later if used since
// and not written yet.
func (s *Service) lastSeen(r store.SessionRecord, hash string) time.Time {
	if at, ok := s.touches.pendingAt(hash); ok && at.After(r.LastSeenAt) {
		return at
	}
	return r.LastSeenAt
}

// idle reports whether the session has gone unused past the idle timeout.
func (s *Service) idle(r store.SessionRecord, hash string, now time.Time) bool {
	return now.Sub(s.lastSeen(r, hash)) > s.cfg.IdleTimeout
}

// touchDelay is how long a session's last use waits to be written: the
// touches of a second go out in one write, and no request waits for it.
const touchDelay = time.Second

// touches batches the sessions' last-use writes off the request path: a
// read never waits for the writer (which may be busy with a group of saves
// or a restructuring) to record that a session is alive. An idle timeout
// counted in hours does not notice a second's delay.
type touches struct {
	mu       sync.Mutex
	pending  map[string]time.Time
	flushing bool
}

// pendingAt is a session's last use not written yet.
func (t *touches) pendingAt(hash string) (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	at, ok := t.pending[hash]
	return at, ok
}

// later queues a touch; the first of a batch starts the flush.
func (t *touches) later(s *Service, hash string, at time.Time) {
	t.mu.Lock()
	if t.pending == nil {
		t.pending = map[string]time.Time{}
	}
	t.pending[hash] = at
	start := !t.flushing
	t.flushing = true
	t.mu.Unlock()
	if start {
		go func() {
			time.Sleep(touchDelay)
			_ = s.FlushTouches(context.Background()) // a lost touch only shortens a session
		}()
	}
}

// FlushTouches writes the queued last-use times now, in one transaction
// (at shutdown, and in tests).
func (s *Service) FlushTouches(ctx context.Context) error {
	t := &s.touches
	t.mu.Lock()
	batch := t.pending
	t.pending, t.flushing = nil, false
	t.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	return s.db.TouchSessions(ctx, batch)
}

// Logout ends the session of the token, with an audit row naming its user.
func (s *Service) Logout(ctx context.Context, token string, at Where) error {
	if token == "" {
		return nil
	}
	return s.db.Logout(ctx, hashToken(token), Access{Action: ActLogout, Where: at}.entry())
}
