package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Sessions live in the database, so they survive restarts and every
// instance on the database knows them. A session is stored by the hash of
// its token, never the token.

// SessionStart is a login that succeeded: the new session, the browser's
// old one to end (rotation), the account's failed-login counter to clear,
// and the bounds before which sessions have expired (removed on the way).
type SessionStart struct {
	UserID     int64
	Hash       string
	OldHash    string
	ClearKey   string
	Now        time.Time  // the login's time (the caller's clock)
	IdleBefore time.Time  // sessions last seen before this have idled out
	AgeBefore  time.Time  // sessions made before this are too old
	Audit      AuditEntry // the login's access event
}

// sessionsTx runs fn in one transaction. When fn ended sessions or changed
// an account (its answer), the other processes are told so in the
// transaction and this one's listeners after the commit (Change.Sessions):
// a cache of sessions never outlives one ended anywhere.
func (db *DB) sessionsTx(ctx context.Context, fn func(tx *sqlx.Tx) (ended bool, err error)) error {
	ended := false
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if ended, err = fn(tx); err != nil || !ended {
			return err
		}
		return db.publish(ctx, tx, Change{Sessions: true})
	})
	if err == nil && ended {
		db.changes.notify(Change{Sessions: true})
	}
	return err
}

// deleteSessions runs a DELETE of sessions and says whether it removed any.
func deleteSessions(ctx context.Context, tx *sqlx.Tx, where string, args ...any) (bool, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE "+where), args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// StartSession records a new session in one transaction with the cleaning
// up a login does.
func (db *DB) StartSession(ctx context.Context, s SessionStart) error {
	return db.sessionsTx(ctx, func(tx *sqlx.Tx) (bool, error) {
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM login_attempts WHERE key = ?"), s.ClearKey); err != nil {
			return false, err
		}
		ended, err := deleteSessions(ctx, tx, "token_hash = ? OR last_seen_at < ? OR created_at < ?",
			s.OldHash, unix(s.IdleBefore), unix(s.AgeBefore))
		if err != nil {
			return false, err
		}
		now := unix(s.Now)
		if _, err := tx.ExecContext(ctx, tx.Rebind("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)"),
			s.Hash, s.UserID, now, now); err != nil {
			return false, err
		}
		return ended, db.audit(ctx, tx, s.Audit)
	})
}

// SessionRecord is a session with its account.
type SessionRecord struct {
	UserRecord
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// Session returns the session stored under hash, and false when there is
// none.
func (db *DB) Session(ctx context.Context, hash string) (SessionRecord, bool, error) {
	var r struct {
		UserRecord
		Created int64 `db:"created_at"`
		Seen    int64 `db:"last_seen_at"`
	}
	err := db.r.GetContext(ctx, &r, db.r.Rebind(`SELECT u.id, u.username, u.full_name, u.role, u.agency_id,
		a.code AS agency_code, u.disabled, '' AS password_hash, s.created_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id
		WHERE s.token_hash = ?`), hash)
	if isNoRows(err) {
		return SessionRecord{}, false, nil
	}
	if err != nil {
		return SessionRecord{}, false, err
	}
	return SessionRecord{UserRecord: r.UserRecord, CreatedAt: fromUnix(r.Created), LastSeenAt: fromUnix(r.Seen)}, true, nil
}

// TouchSessions records when sessions were last used, in one transaction.
func (db *DB) TouchSessions(ctx context.Context, seen map[string]time.Time) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		for hash, at := range seen {
			if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"), unix(at), hash); err != nil {
				return err
			}
		}
		return nil
	})
}

// EndSession removes the session stored under hash.
func (db *DB) EndSession(ctx context.Context, hash string) error {
	return db.sessionsTx(ctx, func(tx *sqlx.Tx) (bool, error) {
		return deleteSessions(ctx, tx, "token_hash = ?", hash)
	})
}

// Logout removes the session stored under hash with an audit row e that
// names its user (actor and agency filled in here); a session already
// ended records nothing.
func (db *DB) Logout(ctx context.Context, hash string, e AuditEntry) error {
	return db.sessionsTx(ctx, func(tx *sqlx.Tx) (bool, error) {
		var rows []struct {
			Username string `db:"username"`
			AgencyID int64  `db:"agency_id"`
		}
		if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT u.username, u.agency_id FROM sessions s
			JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`), hash); err != nil || len(rows) == 0 {
			return false, err
		}
		if _, err := deleteSessions(ctx, tx, "token_hash = ?", hash); err != nil {
			return false, err
		}
		e.Actor, e.AgencyID = rows[0].Username, rows[0].AgencyID
		return true, db.audit(ctx, tx, e)
	})
}

// LoginFailure counts one failed login on a key ("user:<name>" or
// "addr:<address>") that locks at Max failures within Window, for LockFor.
type LoginFailure struct {
	Key     string
	Max     int
	Window  time.Duration
	LockFor time.Duration
}

// FailedLogin is one refused login: its counters and its audit row, and
// the audit row of a lockout it causes (Detail: the key).
type FailedLogin struct {
	Now      time.Time     // the caller's clock
	Purge    time.Duration // counters not locked and older than this go
	Counters []LoginFailure
	Audit    AuditEntry
	Lockout  AuditEntry
}

// RecordLoginFailures counts a failure on every key, each in one statement,
// so that failures at the same moment on several instances all count: a
// key whose window is over (or whose lock has passed) starts again at one;
// a key reaching its Max is locked until now + LockFor, with a lockout row
// in the audit log. Counters whose window and lock are over are purged in
// the same transaction, so names tried once do not pile up.
func (db *DB) RecordLoginFailures(ctx context.Context, f FailedLogin) error {
	now := f.Now
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM login_attempts
			WHERE (locked_until IS NULL AND first_at < ?) OR locked_until < ?`), unix(now.Add(-f.Purge)), unix(now)); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, f.Audit); err != nil {
			return err
		}
		for _, c := range f.Counters {
			failures, err := countFailure(ctx, tx, c, now)
			if err != nil {
				return err
			}
			if failures >= c.Max {
				lock := f.Lockout
				lock.New = c.Key
				if err := db.audit(ctx, tx, lock); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// countFailure adds one failure to a key's counter and returns the count.
func countFailure(ctx context.Context, tx *sqlx.Tx, c LoginFailure, now time.Time) (int, error) {
	restart := `(login_attempts.first_at < ? OR (login_attempts.locked_until IS NOT NULL AND login_attempts.locked_until <= ?))`
	failuresAfter := `CASE WHEN ` + restart + ` THEN 1 ELSE login_attempts.failures + 1 END`
	windowStart, until := unix(now.Add(-c.Window)), unix(now.Add(c.LockFor))
	var failures int
	err := tx.GetContext(ctx, &failures, tx.Rebind(`INSERT INTO login_attempts (key, failures, first_at, locked_until)
		VALUES (?, 1, ?, CASE WHEN 1 >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT) END)
		ON CONFLICT (key) DO UPDATE SET
			failures = `+failuresAfter+`,
			first_at = CASE WHEN `+restart+` THEN excluded.first_at ELSE login_attempts.first_at END,
			locked_until = CASE WHEN `+failuresAfter+` >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT) END
		RETURNING failures`),
		c.Key, unix(now), c.Max, until,
		windowStart, unix(now),
		windowStart, unix(now),
		windowStart, unix(now), c.Max, until)
	return failures, err
}

// LockedUntil is when the first of the keys that is locked at now stops
// being locked, and false when none is.
func (db *DB) LockedUntil(ctx context.Context, now time.Time, keys []string) (time.Time, bool, error) {
	for _, k := range keys {
		var rows []int64
		if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT locked_until FROM login_attempts
			WHERE key = ? AND locked_until IS NOT NULL AND locked_until > ?`), k, unix(now)); err != nil {
			return time.Time{}, false, err
		}
		if len(rows) > 0 {
			return fromUnix(rows[0]), true, nil
		}
	}
	return time.Time{}, false, nil
}
