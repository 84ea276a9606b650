package store

import (
	"context"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"
)

// inTx runs fn in one write transaction: committed when fn returns nil,
// rolled back otherwise, so a write happens whole or not at all. A
// transaction the engine may refuse for a conflict with another one (a
// serialization failure, a deadlock) is run again from the start, after a
// short wait; its errors reach the caller as the domain's (violations).
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	return db.inLockedTx(ctx, Locks{}, fn)
}

// inLockedTx is inTx with the engine's locks taken first.
func (db *DB) inLockedTx(ctx context.Context, l Locks, fn func(tx *sqlx.Tx) error) error {
	err := db.retry(ctx, func() error {
		tx, err := db.w.BeginTxx(ctx, nil)
		if err != nil {
			return err
		}
		folded, err := db.lockTx(ctx, tx, l)
		if err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := fn(tx); err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		db.eng.Committed()
		db.changes.notify(folded)
		return nil
	})
	return db.domainError(err)
}

// lockTx takes the engine's locks. A transaction that holds the tree
// exclusive on an engine that defers sums also takes the fold's lock and
// folds what is pending first: every group that appended a row has
// committed (it held the tree shared), so it works on whole sums.
// It returns what the fold changed, for this process's listeners once the
// transaction commits.
func (db *DB) lockTx(ctx context.Context, tx *sqlx.Tx, l Locks) (Change, error) {
	fold := l.Tree == TreeExclusive && db.defersSums()
	l.Fold = l.Fold || fold
	if err := db.eng.Lock(ctx, tx, l); err != nil || !fold {
		return Change{}, err
	}
	t := db.newStmtTx(tx)
	return db.foldTx(ctx, t)
}

// inStmtTx is inLockedTx on the write path's transaction type.
func (db *DB) inStmtTx(ctx context.Context, l Locks, fn func(t *stmtTx) error) error {
	return db.inLockedTx(ctx, l, func(tx *sqlx.Tx) error {
		t := db.newStmtTx(tx)
		return fn(t)
	})
}

// maxAttempts bounds how often a transaction is tried: conflicts between
// writers are brief, so a few tries with a growing wait are plenty.
const maxAttempts = 8

// Retries is how many times a transaction of this store was run again
// after a conflict with another one, for the operators' metrics.
func (db *DB) Retries() int64 { return db.retries.Load() }

// retry runs fn until it succeeds, fails for a reason that another try
// would not change, or has been tried maxAttempts times; between tries it
// waits 2 ms, 4 ms, 8 ms … with jitter, so that writers that collided do
// not collide again.
func (db *DB) retry(ctx context.Context, fn func() error) error {
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || attempt == maxAttempts || !db.eng.Retryable(err) {
			return err
		}
		db.retries.Add(1)
		wait := time.Duration(1<<attempt) * time.Millisecond
		wait += rand.N(wait)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return err
		}
	}
}

// yearKey is the lock of one agency-year: a hash of the agency's code (the
// code is what a write names before it reads anything) and the year.
func yearKey(code string, year int) LockKey {
	h := fnv.New32a()
	_, _ = h.Write([]byte(code))
	return LockKey{Agency: int32(h.Sum32()), Year: int32(year)}
}

// sortedKeys is keys in one order, without repeats: every transaction takes
// its locks in this order, so two never wait for each other in a circle.
func sortedKeys(keys []LockKey) []LockKey {
	out := append([]LockKey(nil), keys...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Agency != out[j].Agency {
			return out[i].Agency < out[j].Agency
		}
		return out[i].Year < out[j].Year
	})
	n := 0
	for i, k := range out {
		if i == 0 || k != out[n-1] {
			out[n] = k
			n++
		}
	}
	return out[:n]
}
