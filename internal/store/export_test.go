package store

import (
	"context"
	"errors"
)

// What the store's tests (package store_test, which reaches the engines
// through storetest) need of the store's insides.

// SaveGroup runs the writes as one group of the group writer, as if they
// had been queued together: each in its own savepoint. The write at
// index fail (if any) fails after its values and audit rows are written,
// as a refused row would. It returns each write's error.
func SaveGroup(db *DB, writes []ValueWrite, fail int) []error {
	return saveGroup(db, writes, fail, func(int) bool { return false })
}

// SaveGroupBatched is SaveGroup with the writes batched as SaveValues
// queues them (own_batch.go), but the one at index plain, which runs in a
// savepoint of its own; the write at fail fails after its rows are queued.
func SaveGroupBatched(db *DB, writes []ValueWrite, fail, plain int) []error {
	return saveGroup(db, writes, fail, func(i int) bool { return i != plain })
}

func saveGroup(db *DB, writes []ValueWrite, fail int, batched func(int) bool) []error {
	var group []*writeJob
	for i, w := range writes {
		codes, err := db.sortedCodes(context.Background(), w.Values)
		if err != nil {
			panic(err)
		}
		group = append(group, &writeJob{done: make(chan struct{}), keys: []LockKey{yearKey(w.Agency, w.Period.Year)}, batched: batched(i),
			run: func(ctx context.Context, t *writeTx) error {
				if _, err := t.saveQuarter(ctx, w, codes, formErrors); err != nil {
					return err
				}
				if i == fail {
					return errors.New("refused")
				}
				return nil
			}})
	}
	db.commitGroup(group)
	out := make([]error, len(group))
	for i, j := range group {
		<-j.done
		out[i] = j.err
	}
	return out
}

// PreparedSave is a save worked out before it reaches the writer.
type PreparedSave = *savePrep

// PrepareSave works a save out on a read connection, as SaveValues does.
func PrepareSave(ctx context.Context, db *DB, w ValueWrite) PreparedSave {
	codes, err := db.sortedCodes(context.Background(), w.Values)
	if err != nil {
		panic(err)
	}
	return db.prepareSave(ctx, w, codes)
}

// PreparedHolds reports whether the prepared save still describes the
// agency-year it was worked out on.
func PreparedHolds(ctx context.Context, db *DB, prep PreparedSave, agency string, year int) bool {
	a, err := db.Agency(ctx, agency)
	if err != nil {
		panic(err)
	}
	v, err := catalogueVersion(ctx, db.r)
	if err != nil {
		panic(err)
	}
	_, versions, err := yearReportsTx(ctx, db.r, a.ID, year)
	return err == nil && prep.holdsAt(a, year, v, versions)
}

// SavePrepared writes w through the group writer with the prepared save.
func SavePrepared(ctx context.Context, db *DB, w ValueWrite, prep PreparedSave) error {
	codes, err := db.sortedCodes(context.Background(), w.Values)
	if err != nil {
		return err
	}
	return db.write(ctx, []LockKey{yearKey(w.Agency, w.Period.Year)}, func(ctx context.Context, x *writeTx) error {
		_, err := x.saveQuarterPrepared(ctx, w, codes, formErrors, prep)
		return err
	})
}

// WriteRaw runs fn as one write of the group writer: statements of the
// test's own inside the write path's transaction.
func WriteRaw(ctx context.Context, db *DB, fn func(ctx context.Context, x Execer) error) error {
	return db.write(ctx, nil, func(ctx context.Context, w *writeTx) error { return fn(ctx, w) })
}

// SetYearBatch makes a rebuild read n agencies per statement until the
// returned function restores the batch.
func SetYearBatch(n int) (restore func()) {
	old := yearBatch
	yearBatch = n
	return func() { yearBatch = old }
}

// LeavePending saves w in a transaction of its own whose shared deltas, on
// an engine that defers them, are appended to pending_sums and left there
// unfolded, as an instance that stopped between its commit and its fold
// leaves them.
func LeavePending(db *DB, w ValueWrite) error {
	ctx := context.Background()
	codes, err := db.sortedCodes(ctx, w.Values)
	if err != nil {
		return err
	}
	return db.inStmtTx(ctx, Locks{Tree: TreeShared, Years: []LockKey{yearKey(w.Agency, w.Period.Year)}}, func(t *stmtTx) error {
		x := newWriteTx(db, t)
		if _, err := x.saveQuarter(ctx, w, codes, formErrors); err != nil {
			return err
		}
		return x.finish(ctx)
	})
}

// GroupCatalogueVersion is the version of the catalogue a group of the
// group writer works with, as the group reads it at its start.
func GroupCatalogueVersion(db *DB) (int64, error) {
	ctx := context.Background()
	var v int64
	err := db.inStmtTx(ctx, Locks{Tree: TreeShared}, func(t *stmtTx) error {
		w := newWriteTx(db, t)
		if err := w.prepareGroup(ctx); err != nil {
			return err
		}
		v = w.cat.Version
		return nil
	})
	return v, err
}
