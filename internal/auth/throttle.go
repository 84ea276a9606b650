package auth

import (
	"context"
	"errors"
	"math"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
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

// checkThrottle refuses while any key is locked; the password is not even
// compared then, so a locked account is no oracle.
func (s *Service) checkThrottle(ctx context.Context, keys []throttleKey) error {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.key
	}
	until, locked, err := s.db.LockedUntil(ctx, s.now(), names)
	if err != nil {
		return err
	}
	if locked {
		return s.errThrottled(until)
	}
	return nil
}

// recordFailure counts a failure on every key; a key reaching its limit
// within the window is locked for LockFor. An old window starts afresh.
// Each count is one statement in the database, so failures tried at the
// same moment through several instances all count. The failure, and a lock
// it sets, are audit rows in the same transaction; counters whose window
// and lock are over are purged, so names tried once do not pile up.
func (s *Service) recordFailure(ctx context.Context, keys []throttleKey, a Access) error {
	counters := make([]store.LoginFailure, len(keys))
	for i, k := range keys {
		counters[i] = store.LoginFailure{Key: k.key, Max: k.max, Window: s.cfg.LockFor, LockFor: s.cfg.LockFor}
	}
	lock := a
	lock.Action = ActLockout
	return s.db.RecordLoginFailures(ctx, store.FailedLogin{Now: s.now(), Purge: s.cfg.LockFor, Counters: counters,
		Audit: a.entry(), Lockout: lock.entry()})
}
