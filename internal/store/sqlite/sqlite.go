// Package sqlite is the store's embedded engine: one SQLite file in WAL
// mode through mattn/go-sqlite3, its migrations, a single-connection write
// pool beside a read pool, checkpoints off the write path and the change
// signal of other processes on the same file (PRAGMA data_version and the
// changes log).
package sqlite

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
	"github.com/pressly/goose/v3"

	"parkpi/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Engine is one SQLite file: a single-connection pool for writes (SQLite
// has one writer; queueing in Go instead of in SQLite's busy handler means
// no "database is locked" under load) and a pool for reads, which WAL lets
// run beside the writer.
type Engine struct {
	path string
	w    *sqlx.DB
	r    *sqlx.DB
	ckpt *checkpointer
}

// Open opens (creating if needed) the SQLite file at path; ":memory:" is a
// database in memory, for a process of its own.
func Open(ctx context.Context, path string) (*Engine, error) {
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	w, err := sqlx.Open("sqlite3", dsn(path, true))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sqlx.Open("sqlite3", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	e := &Engine{path: path, w: w, r: r}
	if path != ":memory:" {
		if e.ckpt, err = startCheckpointer(ctx, w, r); err != nil {
			e.Close()
			return nil, err
		}
	}
	return e, nil
}

// busyTimeout is how long a connection waits for a lock before it fails
// with "database is locked".
const busyTimeout = 10 * time.Second

// dsn builds the go-sqlite3 connection string: WAL, foreign keys, a busy
// timeout, and for the writer transactions that take the write lock at BEGIN
// so two writers never deadlock upgrading read locks, and a per-connection
// cache of prepared statements (the driver's), so the one writer
// connection prepares each statement text once, not once per call, and a
// 64 MiB page cache.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Set("_synchronous", "NORMAL")
	if writer {
		q.Set("_txlock", "immediate")
		q.Set("_stmt_cache_size", "256")
		// A group of 50 saves dirties ~10 MiB of pages; with SQLite's
		// default 2 MiB cache they spill to the WAL before the commit.
		q.Set("_cache_size", "-65536")
	} else {
		// Readers keep the hot rollup and index pages between requests,
		// and their prepared statements: a dashboard runs the same few
		// dozen queries again and again.
		q.Set("_cache_size", fmt.Sprint(-readerCacheKiB))
		q.Set("_stmt_cache_size", "128")
		// No connection mutex: database/sql hands a connection, and the
		// statements and rows made on it, to one goroutine at a time, which
		// is all SQLite's multi-thread mode asks (an interrupt from another
		// goroutine is safe in any mode). The driver's default, serialized,
		// takes the mutex in every call, seven times for each row of three
		// columns: a quarter of the instructions SQLite spent on the read of
		// a report of every agency.
		q.Set("_mutex", "no")
	}
	return "file:" + path + "?" + q.Encode()
}

// The page cache of a read connection: a dashboard's (readerCacheKiB), or
// while a report scans every agency's rows once (bulkCacheKiB).
const (
	readerCacheKiB = 32768
	bulkCacheKiB   = 2048
)

// BulkRead keeps the connection's page cache small while a report reads
// each page once; restore gives it back its dashboard-sized cache.
func (e *Engine) BulkRead(ctx context.Context, conn *sqlx.Conn) (func(), error) {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB)); err != nil {
		return nil, err
	}
	return func() {
		// Not the caller's context: a cancelled report must not leave the
		// pooled connection with a small cache.
		_, _ = conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = -%d", readerCacheKiB))
	}, nil
}

// Name is "sqlite".
func (e *Engine) Name() string { return "sqlite" }

// Writer is the one write connection.
func (e *Engine) Writer() *sqlx.DB { return e.w }

// Reader is the read pool.
func (e *Engine) Reader() *sqlx.DB { return e.r }

// Writers is one: a SQLite file has one writer at a time.
func (e *Engine) Writers() int { return 1 }

// Lock locks nothing more: a write transaction takes the file's write lock
// at BEGIN (immediate), which serialises every writer of every process.
func (e *Engine) Lock(context.Context, store.Execer, store.Locks) error { return nil }

// Committed kicks the checkpointer.
func (e *Engine) Committed() { e.ckpt.committed() }

// Migrate applies the embedded migrations and returns the schema version.
func (e *Engine) Migrate(ctx context.Context) (int64, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return 0, err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, e.w.DB, sub)
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return p.GetDBVersion(ctx)
}

// BulkLoad runs the writer without syncing and with a large page cache for
// the length of a load: a crash mid-load loses the load, never a committed
// user write, because a load only ever goes into a database that was empty.
func (e *Engine) BulkLoad(ctx context.Context, on bool) error {
	pragmas := []string{"PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -65536"}
	if on {
		pragmas = []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"}
	}
	for _, p := range pragmas {
		if _, err := e.w.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// Close stops the checkpointer and closes both pools; SQLite checkpoints
// the whole WAL on the last close.
func (e *Engine) Close() error {
	e.ckpt.close()
	err1 := e.r.Close()
	err2 := e.w.Close()
	return errors.Join(err1, err2)
}

// WALBytes is the size of the write-ahead log beside the main file: a log
// that keeps growing means checkpoints do not keep up. A database in memory
// has none.
func (e *Engine) WALBytes(context.Context) (int64, error) {
	if e.path == ":memory:" {
		return 0, nil
	}
	fi, err := os.Stat(e.path + "-wal")
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// errorOf is the driver's error inside err, if any.
func errorOf(err error) (sqlite3.Error, bool) {
	var e sqlite3.Error
	ok := errors.As(err, &e)
	return e, ok
}
