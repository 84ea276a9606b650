package store

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// Group commit. SQLite has one writer, so concurrent saves run one after
// another whatever we do; what we choose is how much each one costs. A
// commit writes every page the transaction dirtied to the WAL, and every
// save dirties the same national and provincial rollup pages, the tails of
// the audit log and of the indexes. So one goroutine takes every save
// queued at that moment and runs them in one transaction, each inside its
// own SAVEPOINT: a save that fails (stale version, locked quarter, unknown
// agency) is rolled back to its savepoint alone and gets its own error,
// the others go on. The rollup deltas of the saves that succeeded are
// merged and written once, then the group commits and every caller gets
// its answer. A caller returns only after its group committed, so a save
// is as durable as before and shows on the next read.
//
// Each save is checked against the state left by the saves before it in
// the group (they are in the same transaction), so two saves of the same
// quarter with the same version give one success and one ECONFLICT, as
// they would one transaction after the other.

// maxGroup bounds a group: larger groups commit less often, but each
// caller waits for the whole group.
const maxGroup = 64

// saveReq is one queued SaveValues call and, once done is closed, its
// answer.
type saveReq struct {
	w       ValueWrite
	codes   []string
	state   atomic.Int32 // reqQueued, then reqTaken by the writer or reqAbandoned by the caller
	done    chan struct{}
	version int
	err     error
}

const (
	reqQueued int32 = iota
	reqTaken
	reqAbandoned
)

// groupWriter is the goroutine that commits queued saves in groups.
type groupWriter struct {
	db   *DB
	reqs chan *saveReq // unbuffered: a request is queued while its caller waits to send
	quit chan struct{}
	done chan struct{}
	stop sync.Once
}

func startGroupWriter(db *DB) *groupWriter {
	g := &groupWriter{db: db, reqs: make(chan *saveReq), quit: make(chan struct{}), done: make(chan struct{})}
	go g.run()
	return g
}

// close stops taking saves and waits for the group being written.
func (g *groupWriter) close() {
	g.stop.Do(func() { close(g.quit) })
	<-g.done
}

// save queues r and waits for its answer. A caller whose context ends
// while its save is still queued gets the context's error and the save is
// never run; once the writer has taken it, the caller waits for the
// commit, so an answer is never "cancelled" for a save that was stored.
func (g *groupWriter) save(ctx context.Context, r *saveReq) (int, error) {
	select {
	case g.reqs <- r:
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-g.quit:
		return 0, errClosed()
	}
	select {
	case <-r.done:
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqQueued, reqAbandoned) {
			return 0, ctx.Err()
		}
		<-r.done
	}
	return r.version, r.err
}

func errClosed() error {
	return kpi.Errorf(kpi.EINVALID, "Cơ sở dữ liệu đã đóng.", "The database is closed.")
}

func (g *groupWriter) run() {
	defer close(g.done)
	for {
		var first *saveReq
		select {
		case first = <-g.reqs:
		case <-g.quit:
			return
		}
		group := []*saveReq{first}
	more:
		for len(group) < maxGroup {
			select {
			case r := <-g.reqs:
				group = append(group, r)
			default:
				break more
			}
		}
		g.db.commitGroup(group)
	}
}

// commitGroup runs the group's saves in one transaction and answers them.
// If the transaction itself fails (not one save: the commit, a savepoint
// that cannot be rolled back), each save is run again in a transaction of
// its own, so no caller is answered with another save's failure.
func (db *DB) commitGroup(group []*saveReq) {
	live := make([]*saveReq, 0, len(group))
	for _, r := range group {
		if r.state.CompareAndSwap(reqQueued, reqTaken) {
			live = append(live, r)
		}
	}
	switch len(live) {
	case 0:
		return
	case 1: // alone: no savepoint needed, the transaction is the save's
		r := live[0]
		r.version, r.err = db.saveAlone(context.Background(), r)
		close(r.done)
		return
	}
	// The callers' contexts may end while the group runs; the group must
	// not be interrupted for one of them (sqlite3_interrupt would roll the
	// whole transaction back).
	ctx := context.Background()
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		t, acc := newStmtTx(tx), rollupAcc{}
		for _, r := range live {
			if err := db.saveInSavepoint(ctx, t, acc, r); err != nil {
				return err
			}
		}
		return acc.flush(ctx, t)
	})
	if err != nil {
		for _, r := range live {
			r.version, r.err = db.saveAlone(ctx, r)
		}
	}
	for _, r := range live {
		close(r.done)
	}
}

// saveInSavepoint runs one save of a group in its own savepoint and keeps
// its answer in r. The error returned is the transaction's, not the save's.
func (db *DB) saveInSavepoint(ctx context.Context, t *stmtTx, acc rollupAcc, r *saveReq) error {
	if _, err := t.ExecContext(ctx, "SAVEPOINT group_save"); err != nil {
		return err
	}
	own := rollupAcc{}
	r.version, r.err = db.saveTx(ctx, t, own, r.w, r.codes, formErrors)
	if r.err != nil {
		r.version = 0
		if _, err := t.ExecContext(ctx, "ROLLBACK TO SAVEPOINT group_save"); err != nil {
			return err
		}
	}
	if _, err := t.ExecContext(ctx, "RELEASE SAVEPOINT group_save"); err != nil {
		return err
	}
	if r.err == nil {
		acc.merge(own)
	}
	return nil
}

// saveAlone is one save in a transaction of its own.
func (db *DB) saveAlone(ctx context.Context, r *saveReq) (int, error) {
	var version int
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		t, acc := newStmtTx(tx), rollupAcc{}
		v, err := db.saveTx(ctx, t, acc, r.w, r.codes, formErrors)
		if err != nil {
			return err
		}
		version = v
		return acc.flush(ctx, t)
	})
	return version, err
}
