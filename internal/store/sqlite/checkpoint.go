package sqlite

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Checkpoints off the write path. In WAL mode a commit appends pages to
// the -wal file; a checkpoint copies them back into the database file and
// (synchronous=NORMAL) syncs both files. SQLite's default runs that
// checkpoint inside the commit that crosses 1,000 WAL pages, on the one
// writer connection, so every few groups of saves one of them also waited
// for the copy and two fsyncs (measured: 757 saves/s with it, 1,134 with
// the writer's automatic checkpoints off). So the writer connection's
// automatic checkpoints are off and this goroutine runs a PASSIVE
// checkpoint on a read connection after commits, at most every
// checkpointEvery: it copies what no reader still needs, without taking the
// write lock, on the other core while the writer goes on. Closing the last
// connection still checkpoints the whole WAL, as before.

// checkpointEvery bounds how often the checkpointer runs, and so how far
// the WAL grows between checkpoints (a fraction of a second of writes).
const checkpointEvery = 200 * time.Millisecond

// checkpointer runs PASSIVE checkpoints when told that a commit happened.
type checkpointer struct {
	r     *sqlx.DB
	kick  chan struct{} // buffered 1: commits between two checkpoints coalesce
	quit  chan struct{}
	done  chan struct{}
	every time.Duration
}

// startCheckpointer turns the writer's automatic checkpoints off and
// starts the goroutine that does them instead.
func startCheckpointer(ctx context.Context, w, r *sqlx.DB) (*checkpointer, error) {
	if _, err := w.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
		return nil, err
	}
	c := &checkpointer{r: r, kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{}), every: checkpointEvery}
	go c.run()
	return c, nil
}

// committed tells the checkpointer that the WAL grew; it never blocks.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.kick:
		case <-c.quit:
			return
		}
		// An error (a reader holding an old snapshot, a busy lock) only
		// means this checkpoint copied less; the next one goes on.
		_, _ = c.r.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		select {
		case <-time.After(c.every):
		case <-c.quit:
			return
		}
	}
}

// close stops the goroutine; the database's close checkpoints the rest.
func (c *checkpointer) close() {
	if c == nil {
		return
	}
	select {
	case <-c.quit:
	default:
		close(c.quit)
	}
	<-c.done
}
