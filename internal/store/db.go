// Package store keeps parkpi's data in SQLite through sqlx: embedded
// migrations, the agency tree, entered values with the figures derived from
// them (docs/DESIGN.md), and the audit log. Every write is one transaction;
// it knows nothing of HTTP and caches no figure: it keeps only the agency
// tree, and tells its users what each commit changed (OnChange).
package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
	"github.com/pressly/goose/v3"

	"parkpi/internal/kpi"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the application's database: a single-connection pool for writes
// (SQLite has one writer; queueing in Go instead of in SQLite's busy handler
// means no "database is locked" under load) and a pool for reads, which WAL
// lets run beside the writer.
type DB struct {
	w   *sqlx.DB
	r   *sqlx.DB
	now func() time.Time
	// deadlineDays is the configured default of the days a report is due
	// after its period's cut-off (0: kpi.DefaultDeadlineDays).
	deadlineDays int
	// cats keeps the catalogue and the indicator registry until the
	// catalogue changes (catalogue.go).
	cats catalogueCache
	// trees keeps the agency tree until the tree itself changes.
	trees treeCache
	// group commits concurrent writes together (groupcommit.go).
	group *groupWriter
	// ckpt checkpoints the WAL beside the writer (checkpoint.go).
	ckpt *checkpointer
	// changes tells listeners what each commit changed, this process's
	// and other processes' (changes.go).
	changes *changeSignal
}

// Open opens (creating if needed) the SQLite file at path and applies the
// migrations. A database without a catalogue starts from seed (the bundle
// in data/); one that has a catalogue keeps its own.
func Open(ctx context.Context, path string, seed *kpi.Catalogue) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
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
	db := &DB{w: w, r: r, now: func() time.Time { return time.Now().UTC() }}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.seedCatalogue(ctx, seed); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.Catalogue(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.changes, err = openChangeSignal(ctx, path, r); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.rebuildIfMarked(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if path != ":memory:" {
		if db.ckpt, err = startCheckpointer(ctx, w, r); err != nil {
			db.Close()
			return nil, err
		}
	}
	db.group = startGroupWriter(db)
	return db, nil
}

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
	q.Set("_busy_timeout", "10000")
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
	}
	return "file:" + path + "?" + q.Encode()
}

// The page cache of a read connection: a dashboard's (readerCacheKiB), or
// while a report scans every agency's rows once (bulkCacheKiB).
const (
	readerCacheKiB = 32768
	bulkCacheKiB   = 2048
)

func (db *DB) migrate(ctx context.Context) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db.w.DB, migrationFS())
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Migrate applies pending migrations and returns the schema version; Open
// already does this, the CLI's migrate command reports it.
func (db *DB) Migrate(ctx context.Context) (int64, error) {
	if err := db.migrate(ctx); err != nil {
		return 0, err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.w.DB, migrationFS())
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

// Close closes both pools; WAL is checkpointed by SQLite on the last close.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close() // answers the group being written; later saves are refused
	}
	db.ckpt.close()
	db.changes.close()
	err1 := db.r.Close()
	err2 := db.w.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

// Ping reports whether the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.r.GetContext(ctx, &one, "SELECT 1")
}

// SetClock replaces the clock; tests use it to make timestamps predictable.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// SetDeadlineDays sets the days a report is due after its period's cut-off
// for data sets that set none (0: kpi.DefaultDeadlineDays), by which a
// submission is recorded late. Call it before serving.
func (db *DB) SetDeadlineDays(n int) { db.deadlineDays = n }

// Deadlines is the reporting calendar of agencies of kind (see
// kpi.Catalogue.Calendar), with the configured default days.
func (db *DB) Deadlines(cat *kpi.Catalogue, kind kpi.Kind) kpi.Deadlines {
	return cat.Calendar(kind, db.deadlineDays)
}

// inTx runs fn in one write transaction: committed when fn returns nil,
// rolled back otherwise, so a write happens whole or not at all.
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.ckpt.committed()
	return nil
}

// unix is how timestamps are stored: integer Unix seconds, the same on
// every engine.
func unix(t time.Time) int64 { return t.Unix() }

// fromUnix reads a stored timestamp back, in UTC.
func fromUnix(s int64) time.Time { return time.Unix(s, 0).UTC() }

// inStmtTx is inTx with statements prepared once per transaction.
func (db *DB) inStmtTx(ctx context.Context, fn func(t *stmtTx) error) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		t := newStmtTx(tx)
		defer t.close()
		return fn(t)
	})
}

// WriteTx exposes one write transaction to other packages of the store's
// callers that must add rows beside a store write (the auth package's
// users and sessions), keeping "one transaction or nothing".
func (db *DB) WriteTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	return db.inTx(ctx, fn)
}

// Reader is the read pool, for packages that keep their own tables.
func (db *DB) Reader() *sqlx.DB { return db.r }

// migrationFS roots the embedded migrations folder for goose.
func migrationFS() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// boolInt is a flag as stored: 1 or 0.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
