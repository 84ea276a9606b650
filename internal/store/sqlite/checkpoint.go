package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
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

//
// A PASSIVE checkpoint never waits, so it never brings the WAL back to its
// start: that needs a moment when no reader still reads from the WAL, and
// under a stream of saves while dashboards are read there is none. The
// file then grows without bound (gigabytes in a minute of the mixed load
// at 2,000 commits a second) until the disk is full. So once the WAL holds
// more than walTruncateFrames, the checkpointer runs a TRUNCATE checkpoint,
// which waits for the readers of the WAL to finish and empties the file,
// on a connection that waits for them at most truncateWait: new writes
// wait while it is pending, and a reader longer than that (an export, a
// backup) makes it give up and try at a later run instead.

// checkpointEvery bounds how often the checkpointer runs, and so how far
// the WAL grows between checkpoints (a fraction of a second of writes).
const checkpointEvery = 200 * time.Millisecond

// walTruncateFrames is the WAL's length, in pages, past which a checkpoint
// empties it (256 MiB of 4 KiB pages), and truncateWait how long that
// checkpoint waits for readers and the writer.
const (
	walTruncateFrames = 65536
	truncateWait      = 100 * time.Millisecond
)

// checkpointer runs PASSIVE checkpoints when told that a commit happened.
type checkpointer struct {
	r      *sqlx.DB
	kick   chan struct{} // buffered 1: commits between two checkpoints coalesce
	quit   chan struct{}
	done   chan struct{}
	every  time.Duration
	frames int // walTruncateFrames
}

// startCheckpointer turns the writer's automatic checkpoints off and
// starts the goroutine that does them instead.
func startCheckpointer(ctx context.Context, w, r *sqlx.DB) (*checkpointer, error) {
	if _, err := w.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
		return nil, err
	}
	return newCheckpointer(r, checkpointEvery, walTruncateFrames), nil
}

// newCheckpointer starts a checkpointer on the read pool r that runs at
// most every so often and empties the WAL past frames pages.
func newCheckpointer(r *sqlx.DB, every time.Duration, frames int) *checkpointer {
	c := &checkpointer{r: r, kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{}), every: every, frames: frames}
	go c.run()
	return c
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
		c.checkpoint()
		select {
		case <-time.After(c.every):
		case <-c.quit:
			return
		}
	}
}

// checkpoint copies what it can of the WAL into the file, and empties the
// WAL once it has grown past c.frames. An error (a reader holding an old
// snapshot, a busy lock) only means it copied less; the next run goes on.
func (c *checkpointer) checkpoint() {
	var busy, frames, copied int
	if err := c.r.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied); err != nil || frames <= c.frames {
		return
	}
	ctx := context.Background()
	conn, err := c.r.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	// The pool's connections wait ten seconds for a lock; this one must
	// not hold new writes back that long, and its timeout goes back before
	// the connection returns to the pool.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", truncateWait.Milliseconds())); err != nil {
		return
	}
	_, _ = conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout.Milliseconds())); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // dropped, not reused with the short wait
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
