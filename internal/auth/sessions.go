package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
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
	row, err := getUser(ctx, s.db.Reader(), "u.username = ?", name)
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
	err = s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		now := s.now()
		if err := s.clearFailures(ctx, tx, keys[0]); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE token_hash = ? OR last_seen_at < ? OR created_at < ?"),
			hashToken(in.OldToken), now.Add(-s.cfg.IdleTimeout), now.Add(-s.cfg.AbsoluteTimeout)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)"),
			hash, row.ID, now, now); err != nil {
			return err
		}
		return s.recordAccess(ctx, tx, Access{Action: ActLogin, Username: row.Username, AgencyID: row.AgencyID, Where: at})
	})
	if err != nil {
		return nil, "", err
	}
	return row.user(), token, nil
}

// sessionRow is a session with its user.
type sessionRow struct {
	userRow
	CreatedAt  time.Time `db:"created_at"`
	LastSeenAt time.Time `db:"last_seen_at"`
}

// Authenticate returns the user of a session token, or nil when the token
// is unknown, expired (idle or absolute timeout) or its user disabled.
func (s *Service) Authenticate(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, nil
	}
	hash := hashToken(token)
	var r sessionRow
	err := s.db.Reader().GetContext(ctx, &r, s.db.Reader().Rebind(`SELECT u.id, u.username, u.full_name, u.role, u.agency_id,
		a.code AS agency_code, u.disabled, '' AS password_hash, s.created_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id
		WHERE s.token_hash = ?`), hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	if r.Disabled || now.Sub(r.LastSeenAt) > s.cfg.IdleTimeout || now.Sub(r.CreatedAt) > s.cfg.AbsoluteTimeout {
		return nil, s.endSession(ctx, hash)
	}
	if now.Sub(r.LastSeenAt) >= touchEvery {
		// The touch only keeps the idle timeout honest; when the disk is
		// full or read-only it fails, and the reader still gets the page
		// (the session just looks idle since the last touch that worked).
		_ = s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
			_, err := tx.ExecContext(ctx, tx.Rebind("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"), now, hash)
			return err
		})
	}
	return r.user(), nil
}

// Logout ends the session of the token, with an audit row naming its user.
func (s *Service) Logout(ctx context.Context, token string, at Where) error {
	if token == "" {
		return nil
	}
	hash := hashToken(token)
	return s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		var u struct {
			Username string `db:"username"`
			AgencyID int64  `db:"agency_id"`
		}
		err := tx.GetContext(ctx, &u, tx.Rebind(`SELECT u.username, u.agency_id FROM sessions s
			JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`), hash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already ended: nothing to record
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE token_hash = ?"), hash); err != nil {
			return err
		}
		return s.recordAccess(ctx, tx, Access{Action: ActLogout, Username: u.Username, AgencyID: u.AgencyID, Where: at})
	})
}

func (s *Service) endSession(ctx context.Context, hash string) error {
	return s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE token_hash = ?"), hash)
		return err
	})
}
