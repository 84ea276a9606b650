package auth

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// throttleKey is one counter of failed logins and its limit.
type throttleKey struct {
	key string
	max int
}

// throttleKeys are the account's counter (first) and the address's. An
// unknown username gets a counter like any other, so locking behaves the
// same whether or not the account exists.
func (s *Service) throttleKeys(username, addr string) []throttleKey {
	keys := []throttleKey{{"user:" + username, s.cfg.MaxFailures}}
	if addr != "" {
		keys = append(keys, throttleKey{"addr:" + addr, s.cfg.MaxFailuresPerAddress})
	}
	return keys
}

// throttledError is a refused login attempt: too many failures.
type throttledError struct{ e *kpi.Error }

func (t throttledError) Error() string { return t.e.Error() }
func (t throttledError) Unwrap() error { return t.e }

// IsThrottled reports whether err refused a login because of too many
// failed attempts.
func IsThrottled(err error) bool {
	var t throttledError
	return errors.As(err, &t)
}

func (s *Service) errThrottled(until time.Time) error {
	mins := int(math.Ceil(until.Sub(s.now()).Minutes()))
	return throttledError{kpi.Errorf(kpi.EFORBIDDEN,
		"Đăng nhập sai quá nhiều lần nên tạm bị khóa. Vui lòng thử lại sau %d phút.",
		"Too many failed logins: logging in is locked. Please try again in %d minutes.", mins)}
}

type attemptRow struct {
	Failures    int          `db:"failures"`
	FirstAt     time.Time    `db:"first_at"`
	LockedUntil sql.NullTime `db:"locked_until"`
}

func getAttempt(ctx context.Context, q queryer, key string) (attemptRow, bool, error) {
	var r attemptRow
	err := sqlx.GetContext(ctx, q, &r, q.Rebind("SELECT failures, first_at, locked_until FROM login_attempts WHERE key = ?"), key)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// checkThrottle refuses while any key is locked; the password is not even
// compared then, so a locked account is no oracle.
func (s *Service) checkThrottle(ctx context.Context, keys []throttleKey) error {
	now := s.now()
	for _, k := range keys {
		r, ok, err := getAttempt(ctx, s.db.Reader(), k.key)
		if err != nil {
			return err
		}
		if ok && r.LockedUntil.Valid && r.LockedUntil.Time.After(now) {
			return s.errThrottled(r.LockedUntil.Time)
		}
	}
	return nil
}

// recordFailure counts a failure on every key; a key reaching its limit
// within the window is locked for LockFor. An old window starts afresh.
// The failure, and a lock it sets, are audit rows in the same transaction;
// counters whose window and lock are over are purged, so names tried once
// do not pile up.
func (s *Service) recordFailure(ctx context.Context, keys []throttleKey, a Access) error {
	return s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM login_attempts
			WHERE (locked_until IS NULL AND first_at < ?) OR locked_until < ?`), now.Add(-s.cfg.LockFor), now); err != nil {
			return err
		}
		if err := s.recordAccess(ctx, tx, a); err != nil {
			return err
		}
		for _, k := range keys {
			r, ok, err := getAttempt(ctx, tx, k.key)
			if err != nil {
				return err
			}
			if !ok || now.Sub(r.FirstAt) > s.cfg.LockFor || (r.LockedUntil.Valid && !r.LockedUntil.Time.After(now)) {
				r = attemptRow{FirstAt: now}
			}
			r.Failures++
			var locked any
			if r.Failures >= k.max {
				locked = now.Add(s.cfg.LockFor)
				lock := a
				lock.Action, lock.Detail = ActLockout, k.key
				if err := s.recordAccess(ctx, tx, lock); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO login_attempts (key, failures, first_at, locked_until)
				VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
				first_at = excluded.first_at, locked_until = excluded.locked_until`),
				k.key, r.Failures, r.FirstAt, locked); err != nil {
				return err
			}
		}
		return nil
	})
}

// clearFailures forgets an account's failures after a successful login.
// The address's counter is kept: one good password must not reset the
// count of someone guessing others from the same address.
func (s *Service) clearFailures(ctx context.Context, tx *sqlx.Tx, k throttleKey) error {
	_, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM login_attempts WHERE key = ?"), k.key)
	return err
}
