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
	Now        time.Time // the login's time (the caller's clock)
	IdleBefore time.Time // sessions last seen before this have idled out
	AgeBefore  time.Time // sessions made before this are too old
}

// StartSession records a new session in one transaction with the cleaning
// up a login does.
func (db *DB) StartSession(ctx context.Context, s SessionStart) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM login_attempts WHERE key = ?"), s.ClearKey); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE token_hash = ? OR last_seen_at < ? OR created_at < ?"),
			s.OldHash, unix(s.IdleBefore), unix(s.AgeBefore)); err != nil {
			return err
		}
		now := unix(s.Now)
		_, err := tx.ExecContext(ctx, tx.Rebind("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)"),
			s.Hash, s.UserID, now, now)
		return err
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
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE token_hash = ?"), hash)
		return err
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

// RecordLoginFailures counts a failure on every key, each in one statement,
// so that failures at the same moment on several instances all count: a
// key whose window is over (or whose lock has passed) starts again at one;
// a key reaching its Max is locked until now + LockFor.
func (db *DB) RecordLoginFailures(ctx context.Context, now time.Time, failures []LoginFailure) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, f := range failures {
			restart := `(login_attempts.first_at < ? OR (login_attempts.locked_until IS NOT NULL AND login_attempts.locked_until <= ?))`
			failuresAfter := `CASE WHEN ` + restart + ` THEN 1 ELSE login_attempts.failures + 1 END`
			windowStart, until := unix(now.Add(-f.Window)), unix(now.Add(f.LockFor))
			_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO login_attempts (key, failures, first_at, locked_until)
				VALUES (?, 1, ?, CASE WHEN 1 >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT) END)
				ON CONFLICT (key) DO UPDATE SET
					failures = `+failuresAfter+`,
					first_at = CASE WHEN `+restart+` THEN excluded.first_at ELSE login_attempts.first_at END,
					locked_until = CASE WHEN `+failuresAfter+` >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT) END`),
				f.Key, unix(now), f.Max, until,
				windowStart, unix(now),
				windowStart, unix(now),
				windowStart, unix(now), f.Max, until)
			if err != nil {
				return err
			}
		}
		return nil
	})
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
