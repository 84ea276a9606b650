package store

import (
	"context"
	"sync"
	"sync/atomic"

	"parkpi/internal/kpi"
)

// Group commit: the one write path. Every write of figures or of the tree
// (a form save, save-and-submit, a workflow move, an upload, an agency move
// or change of kind, targets) is a job for a group writer, which takes every
// job queued at that moment and runs them in one transaction, each inside
// its own SAVEPOINT: a job that fails (stale version, locked quarter,
// unknown agency) is rolled back to its savepoint alone and gets its own
// error, the others go on. The deltas the jobs that succeeded make to
// shared rows (sums and report counts of the scopes above them) are merged
// and written once, last, in key order; the changes are published for other
// processes, the group commits, the listeners of OnChange are told, and
// then every caller gets its answer. A caller returns only after its group
// committed, so a write is durable and shows on the next read.
//
// SQLite has one group writer; a server has a bounded pool of them
// (Engine.Writers), each with a connection, so that the server's cores work
// on several groups at once. A group's transaction first takes the engine's
// locks: the tree shared, then the agency-years its jobs write, in one
// order (on SQLite the file's write lock does all this). So two writes of
// the same agency-year — in this process or another instance — run one
// after the other and each sees what the other left: two saves of the same
// quarter with the same version give one success and one ECONFLICT. The
// shared rows are locked only by the merged upsert at the end, always in
// key order, for the moment until the commit: writers never wait for each
// other in a circle, and a conflict the engine still reports (a
// serialization failure, a deadlock) makes the group run again. A change of
// the tree (a move, a new agency, a change of kind) runs alone, holding the
// tree exclusive, so it never runs beside a write whose placement it
// changes.

// maxGroup bounds a group: larger groups commit less often, but each
// caller waits for the whole group.
const maxGroup = 64

// writeJob is one queued write and, once done is closed, its answer.
type writeJob struct {
	run  func(ctx context.Context, w *writeTx) error
	tree bool      // changes the tree: runs alone, the tree held exclusive
	keys []LockKey // the agency-years it writes
	// batched says the job writes only through its batch (own_batch.go):
	// in a group it runs without a savepoint of its own.
	batched bool
	state   atomic.Int32
	done    chan struct{}
	err     error
}

const (
	reqQueued int32 = iota
	reqTaken
	reqAbandoned
)

// groupWriter is the goroutines that commit queued writes in groups.
type groupWriter struct {
	db      *DB
	reqs    chan *writeJob // unbuffered: a job is queued while its caller waits to send
	quit    chan struct{}
	running sync.WaitGroup
	stop    sync.Once
}

func startGroupWriter(db *DB, writers int) *groupWriter {
	g := &groupWriter{db: db, reqs: make(chan *writeJob), quit: make(chan struct{})}
	for range max(writers, 1) {
		g.running.Add(1)
		go g.run()
	}
	return g
}

// close stops taking writes and waits for the groups being written.
func (g *groupWriter) close() {
	g.stop.Do(func() { close(g.quit) })
	g.running.Wait()
}

// write runs fn as one job of the group writer, a write of the figures of
// the agency-years keys, and returns its error once its group committed
// (or its savepoint was rolled back).
func (db *DB) write(ctx context.Context, keys []LockKey, fn func(ctx context.Context, w *writeTx) error) error {
	return db.group.submit(ctx, &writeJob{run: fn, keys: keys, done: make(chan struct{})})
}

// writeBatched is write for a job whose writes all go through its batch
// (a form save): nothing is written until its group flushes, so a failure
// leaves nothing to roll back.
func (db *DB) writeBatched(ctx context.Context, keys []LockKey, fn func(ctx context.Context, w *writeTx) error) error {
	return db.group.submit(ctx, &writeJob{run: fn, keys: keys, batched: true, done: make(chan struct{})})
}

// writeTree runs fn as a change of the tree: alone, the tree held
// exclusive.
func (db *DB) writeTree(ctx context.Context, fn func(ctx context.Context, w *writeTx) error) error {
	return db.group.submit(ctx, &writeJob{run: fn, tree: true, done: make(chan struct{})})
}

// submit queues j and waits for its answer. A caller whose context ends
// while its job is still queued gets the context's error and the job is
// never run; once a writer has taken it, the caller waits for the
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

// run is one group writer: it takes a job, gathers the jobs queued behind
// it and commits them. A change of the tree met while gathering is kept
// for the next round, alone.
func (g *groupWriter) run() {
	defer g.running.Done()
	var next *writeJob
	for {
		first := next
		next = nil
		if first == nil {
			select {
			case first = <-g.reqs:
			case <-g.quit:
				return
			}
		}
		group := []*writeJob{first}
	more:
		for len(group) < maxGroup && !first.tree {
			select {
			case j := <-g.reqs:
				if j.tree {
					next = j
					break more
				}
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
// that cannot be rolled back, a conflict that outlasted the tries), each
// job is run again in a transaction of its own, so no caller is answered
// with another job's failure. On an engine that defers sums the answers
// wait for a fold (pending.go), which the writer does not wait for.
func (db *DB) commitGroup(group []*writeJob) {
	live := make([]*writeJob, 0, len(group))
	for _, j := range group {
		if j.state.CompareAndSwap(reqQueued, reqTaken) {
			live = append(live, j)
		}
	}
	var changes []Change
	// The callers' contexts may end while the group runs; the group must
	// not be interrupted for one of them (it would roll the whole
	// transaction back).
	ctx := context.Background()
	switch ch, err := db.runGroup(ctx, live); {
	case err == nil:
		changes = append(changes, ch)
	default:
		for _, j := range live {
			ch, err := db.runAlone(ctx, j)
			j.err = err
			if err == nil {
				changes = append(changes, ch)
			}
		}
	}
	answer := func() {
		for _, ch := range changes {
			db.changes.notify(ch)
		}
		for _, j := range live {
			close(j.done)
		}
	}
	if db.folds == nil || len(changes) == 0 {
		answer()
		return
	}
	db.folds.after(answer)
}

// runGroup runs the jobs in one transaction, each in its own savepoint
// (alone, the transaction is the job's), and returns what they changed.
func (db *DB) runGroup(ctx context.Context, live []*writeJob) (Change, error) {
	switch len(live) {
	case 0:
		return Change{}, nil
	case 1:
		ch, err := db.runAlone(ctx, live[0])
		live[0].err = err
		return ch, nil
	}
	var keys []LockKey
	for _, j := range live {
		keys = append(keys, j.keys...)
	}
	var done *writeTx
	err := db.inStmtTx(ctx, Locks{Tree: TreeShared, Years: sortedKeys(keys)}, func(t *stmtTx) error {
		g := newWriteTx(db, t)
		if err := g.prepareGroup(ctx); err != nil {
			return err
		}
		g.batch = newOwnBatch()
		for _, j := range live {
			if err := db.runInGroup(ctx, g, j); err != nil {
				return err
			}
		}
		if err := g.batch.flush(ctx, t); err != nil {
			return err
		}
		done = g
		return g.finish(ctx)
	})
	if err != nil {
		return Change{}, err
	}
	return done.change(), nil
}

// prepareGroup reads, once for the group, what its writes look up in
// every save: the tree's version (useCachedTree) and the catalogue's, in
// one statement (one round trip of every group on a server), read after
// the group's locks, so no change of either commits meanwhile.
func (w *writeTx) prepareGroup(ctx context.Context) error {
	var tree, cat int64
	if err := w.QueryRowContext(ctx, groupVersions).Scan(&tree, &cat); err != nil {
		return err
	}
	w.useCachedTree(tree)
	_, err := w.catalogueAt(ctx, cat)
	return err
}

// groupVersions reads the tree's and the catalogue's versions at once.
const groupVersions = "SELECT (SELECT version FROM tree_version WHERE id = 1), (SELECT version FROM catalogue_version WHERE id = 1)"

// runInGroup runs one job of a group: a batched one into the group's batch,
// any other in its own savepoint. The batch is written first when the job
// could read what it holds: every other job, and a save of an agency-year
// the batch has rows of.
func (db *DB) runInGroup(ctx context.Context, g *writeTx, j *writeJob) error {
	if !j.batched || g.batch.holdsAny(j.keys) {
		if err := g.batch.flush(ctx, g.stmtTx); err != nil {
			return err
		}
	}
	if !j.batched {
		return db.runInSavepoint(ctx, g, j)
	}
	own := g.child()
	own.batch, own.logSums = newOwnBatch(), true
	err := j.run(ctx, own)
	if err != nil && db.eng.Retryable(err) {
		return err
	}
	if j.err = db.domainError(err); j.err == nil {
		g.merge(own)
		g.batch.take(own.batch, j.keys)
	}
	return nil
}

// runInSavepoint runs one job of a group in its own savepoint and keeps
// its answer in j. The error returned is the transaction's, not the job's:
// a conflict the engine reports fails the whole group, which runs again.
func (db *DB) runInSavepoint(ctx context.Context, g *writeTx, j *writeJob) error {
	if _, err := g.ExecContext(ctx, "SAVEPOINT group_write"); err != nil {
		return err
	}
	own := g.child()
	err := j.run(ctx, own)
	if err != nil && db.eng.Retryable(err) {
		return err
	}
	j.err = db.domainError(err)
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

// runAlone is one job in a transaction of its own; it returns what the
// job changed once committed.
func (db *DB) runAlone(ctx context.Context, j *writeJob) (Change, error) {
	l := Locks{Tree: TreeShared, Years: sortedKeys(j.keys)}
	if j.tree {
		l = Locks{Tree: TreeExclusive}
	}
	var done *writeTx
	err := db.inStmtTx(ctx, l, func(t *stmtTx) error {
		w := newWriteTx(db, t)
		w.direct = j.tree
		if !j.tree {
			if err := w.prepareGroup(ctx); err != nil {
				return err
			}
		}
		if err := j.run(ctx, w); err != nil {
			return err
		}
		done = w
		return w.finish(ctx)
	})
	if err != nil {
		return Change{}, err
	}
	return done.change(), nil
}
