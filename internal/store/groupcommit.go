package store

import (
	"context"
	"sync"
	"sync/atomic"

	"parkpi/internal/kpi"
)

// Group commit: the one write path. Every write of figures or of the tree
// (a form save, save-and-submit, a workflow move, an upload, an agency move
// or change of kind, targets) is a job for one goroutine, which takes every
// job queued at that moment and runs them in one transaction, each inside
// its own SAVEPOINT: a job that fails (stale version, locked quarter,
// unknown agency) is rolled back to its savepoint alone and gets its own
// error, the others go on. The deltas the jobs that succeeded make to
// shared rows (sums and report counts of the scopes above them) are merged
// and written once, last, in key order; the changes are logged for other
// processes, the group commits, the listeners of OnChange are told, and
// then every caller gets its answer. A caller returns only after its group
// committed, so a write is as durable as before and shows on the next read.
//
// Each job sees the state the jobs before it left (same transaction), so
// two saves of the same quarter with the same version give one success and
// one ECONFLICT, as they would one transaction after the other. A job that
// reads the shared rows (a move of agencies) is marked exclusive: the
// deltas merged so far are written before it runs.

// maxGroup bounds a group: larger groups commit less often, but each
// caller waits for the whole group.
const maxGroup = 64

// writeJob is one queued write and, once done is closed, its answer.
type writeJob struct {
	run       func(ctx context.Context, w *writeTx) error
	exclusive bool
	state     atomic.Int32 // reqQueued, then reqTaken by the writer or reqAbandoned by the caller
	done      chan struct{}
	err       error
}

const (
	reqQueued int32 = iota
	reqTaken
	reqAbandoned
)

// groupWriter is the goroutine that commits queued writes in groups.
type groupWriter struct {
	db   *DB
	reqs chan *writeJob // unbuffered: a job is queued while its caller waits to send
	quit chan struct{}
	done chan struct{}
	stop sync.Once
}

func startGroupWriter(db *DB) *groupWriter {
	g := &groupWriter{db: db, reqs: make(chan *writeJob), quit: make(chan struct{}), done: make(chan struct{})}
	go g.run()
	return g
}

// close stops taking writes and waits for the group being written.
func (g *groupWriter) close() {
	g.stop.Do(func() { close(g.quit) })
	<-g.done
}

// write runs fn as one job of the group writer and returns its error once
// its group committed (or its savepoint was rolled back).
func (db *DB) write(ctx context.Context, exclusive bool, fn func(ctx context.Context, w *writeTx) error) error {
	return db.group.submit(ctx, &writeJob{run: fn, exclusive: exclusive, done: make(chan struct{})})
}

// submit queues j and waits for its answer. A caller whose context ends
// while its job is still queued gets the context's error and the job is
// never run; once the writer has taken it, the caller waits for the
// commit, so an answer is never "cancelled" for a write that was stored.
func (g *groupWriter) submit(ctx context.Context, j *writeJob) error {
	select {
	case g.reqs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-g.quit:
		return errClosed()
	}
	select {
	case <-j.done:
	case <-ctx.Done():
		if j.state.CompareAndSwap(reqQueued, reqAbandoned) {
			return ctx.Err()
		}
		<-j.done
	}
	return j.err
}

func errClosed() error {
	return kpi.Errorf(kpi.EINVALID, "Cơ sở dữ liệu đã đóng.", "The database is closed.")
}

func (g *groupWriter) run() {
	defer close(g.done)
	for {
		var first *writeJob
		select {
		case first = <-g.reqs:
		case <-g.quit:
			return
		}
		group := []*writeJob{first}
	more:
		for len(group) < maxGroup {
			select {
			case j := <-g.reqs:
				group = append(group, j)
			default:
				break more
			}
		}
		g.db.commitGroup(group)
	}
}

// commitGroup runs the group's jobs in one transaction and answers them.
// If the transaction itself fails (not one job: the commit, a savepoint
// that cannot be rolled back), each job is run again in a transaction of
// its own, so no caller is answered with another job's failure.
func (db *DB) commitGroup(group []*writeJob) {
	live := make([]*writeJob, 0, len(group))
	for _, j := range group {
		if j.state.CompareAndSwap(reqQueued, reqTaken) {
			live = append(live, j)
		}
	}
	defer func() {
		for _, j := range live {
			close(j.done)
		}
	}()
	// The callers' contexts may end while the group runs; the group must
	// not be interrupted for one of them (sqlite3_interrupt would roll the
	// whole transaction back).
	ctx := context.Background()
	if len(live) == 1 { // alone: no savepoint needed, the transaction is the job's
		live[0].err = db.runAlone(ctx, live[0])
		return
	}
	var done *writeTx
	err := db.inStmtTx(ctx, func(t *stmtTx) error {
		g := newWriteTx(db, t)
		for _, j := range live {
			if j.exclusive {
				if err := g.flushShared(ctx); err != nil {
					return err
				}
			}
			if err := runInSavepoint(ctx, g, j); err != nil {
				return err
			}
		}
		done = g
		return g.finish(ctx)
	})
	if err != nil {
		for _, j := range live {
			j.err = db.runAlone(ctx, j)
		}
		return
	}
	db.changes.notify(done.change())
}

// runInSavepoint runs one job of a group in its own savepoint and keeps
// its answer in j. The error returned is the transaction's, not the job's.
func runInSavepoint(ctx context.Context, g *writeTx, j *writeJob) error {
	if _, err := g.ExecContext(ctx, "SAVEPOINT group_write"); err != nil {
		return err
	}
	own := g.child()
	j.err = j.run(ctx, own)
	if j.err != nil {
		if _, err := g.ExecContext(ctx, "ROLLBACK TO SAVEPOINT group_write"); err != nil {
			return err
		}
	}
	if _, err := g.ExecContext(ctx, "RELEASE SAVEPOINT group_write"); err != nil {
		return err
	}
	if j.err == nil {
		g.merge(own)
	}
	return nil
}

// runAlone is one job in a transaction of its own.
func (db *DB) runAlone(ctx context.Context, j *writeJob) error {
	var done *writeTx
	err := db.inStmtTx(ctx, func(t *stmtTx) error {
		w := newWriteTx(db, t)
		if err := j.run(ctx, w); err != nil {
			return err
		}
		done = w
		return w.finish(ctx)
	})
	if err == nil {
		db.changes.notify(done.change())
	}
	return err
}
