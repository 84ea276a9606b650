package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"
)

// Engine is the database under the store: the embedded SQLite file
// (internal/store/sqlite) or a PostgreSQL server (internal/store/postgres).
// The store runs the same SQL on both, with `?` placeholders rebound for
// the driver; what differs between them is behind this interface. cmd and
// the test helpers choose one (internal/store/engines); nothing else knows
// which it is.
type Engine interface {
	// Name is "sqlite" or "postgres".
	Name() string
	// Writer and Reader are the pools of writes and of reads.
	Writer() *sqlx.DB
	Reader() *sqlx.DB
	// Writers is how many group writers may commit at once: one on SQLite
	// (a file has one writer), a bounded pool on a server.
	Writers() int
	// Migrate applies the engine's migrations and returns the schema
	// version.
	Migrate(ctx context.Context) (int64, error)
	// Lock is the first statement of every write transaction: it
	// serialises the writes that must not overlap across connections and
	// instances — a change of the tree against everything, two writes of
	// the same agency-year against each other — always in one order.
	Lock(ctx context.Context, tx Execer, l Locks) error
	// Retryable reports whether a failed transaction may succeed if it runs
	// again from the start: a serialization failure or a deadlock.
	Retryable(err error) bool
	// Violation reports whether err is a unique or foreign-key violation,
	// and of which table and columns.
	Violation(err error) (Violation, bool)
	// Watch starts the change signal of the other processes or instances
	// on the same database: what they commit is handed to deliver. origin
	// names this process in what it publishes.
	Watch(ctx context.Context, origin string, deliver func(Change)) (Watcher, error)
	// Committed is told after every commit of a write.
	Committed()
	// BulkLoad turns the settings of a bulk load into an empty database on
	// or off.
	BulkLoad(ctx context.Context, on bool) error
	// StorageError says, for an error of the storage itself (a full disk,
	// a read-only database, a server out of reach), what it means in words
	// (ESTORAGE); nil for any other error.
	StorageError(err error) error
	// Backup writes a consistent copy of the database to path while it is
	// in use, or says in words how this engine is backed up.
	Backup(ctx context.Context, path string) error
	// Close closes the pools.
	Close() error
}

// Watcher is an engine's side of the change signal.
type Watcher interface {
	// Publish records what the write transaction tx changed, for the other
	// processes, as part of tx.
	Publish(ctx context.Context, tx Execer, ch Change, at time.Time) error
	// Sync hands deliver every change other processes committed before
	// Sync was called, before it returns.
	Sync(ctx context.Context) error
	// Close stops the watcher.
	Close() error
}

// PendingPublisher is a Watcher that can publish a transaction's change in
// the statement that appends its pending row (an engine that defers sums):
// one round trip for both.
type PendingPublisher interface {
	// PublishWith runs insert (one row, with args) and records ch as
	// Publish does, in one statement of tx.
	PublishWith(ctx context.Context, tx Execer, ch Change, insert string, args ...any) error
}

// Execer runs statements inside a transaction.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	Rebind(query string) string
}

// Locks are what a write transaction locks before anything else.
type Locks struct {
	Tree TreeLock
	// Years are the agency-years the write reads and changes, in order
	// and without repeats.
	Years []LockKey
	// Fold is the lock of the fold of pending sums (pending.go), taken
	// after the others; engines that do not defer sums ignore it.
	Fold bool
}

// TreeLock is how a write transaction holds the tree.
type TreeLock int

// A write of figures holds the tree shared, so that no change of the tree
// (a move, a new agency, a change of kind, a rebuild) runs under it; such a
// change holds it exclusive. Writes that touch no figure (users, tokens,
// notices) do not hold it.
const (
	TreeNone TreeLock = iota
	TreeShared
	TreeExclusive
)

// LockKey names one agency-year for Locks: a hash of the agency's code
// and the year.
type LockKey struct{ Agency, Year int32 }

// ViolationKind is a kind of constraint violation.
type ViolationKind int

// The constraint violations the store turns into the domain's errors.
const (
	UniqueViolation ViolationKind = iota + 1
	ForeignKeyViolation
)

// Violation is a refused write: which kind of constraint, on which table
// and columns (as far as the engine says).
type Violation struct {
	Kind    ViolationKind
	Table   string
	Columns []string
}

// Optional engine abilities, asked for by interface.
type (
	// walSizer reports the size of a write-ahead log file (SQLite).
	walSizer interface {
		WALBytes(ctx context.Context) (int64, error)
	}
	// bulkReader readies a read connection for a read of every page
	// once (a report of the whole country), and restore sets it back:
	// SQLite keeps a page cache per connection, a server one for all.
	bulkReader interface {
		BulkRead(ctx context.Context, conn *sqlx.Conn) (restore func(), err error)
	}
)
