// Package store is parkpi's storage API and the SQL both of its engines
// run: the agency tree, entered values with the figures derived from them
// (docs/DESIGN.md), workflow, targets, users and sessions, uploads, jobs and
// the audit log. Every write is one transaction; it knows nothing of HTTP
// and caches no figure: it keeps only the agency tree, and tells its users
// what each commit changed (OnChange). The engine under it (Engine: SQLite
// or PostgreSQL) is chosen by the caller.
package store

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// DB is the application's database on one engine.
type DB struct {
	eng Engine
	w   *sqlx.DB // the engine's write pool
	r   *sqlx.DB // the engine's read pool
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
	// fold writes the pending sums of an engine that defers them and
	// answers the groups that wait for it (pending.go); nil on SQLite.
	folds *folder
	// changes tells listeners what each commit changed (changes.go);
	// watch hears of other processes' commits (the engine's).
	changes *changeSignal
	watch   Watcher
	// retries counts transactions run again after a conflict (tx.go).
	retries atomic.Int64
}

// Open opens the store on an engine (which it closes with itself) and
// applies the engine's migrations. A database without a catalogue starts
// from seed (the bundle in data/); one that has a catalogue keeps its own.
func Open(ctx context.Context, eng Engine, seed *kpi.Catalogue) (*DB, error) {
	db := &DB{eng: eng, w: eng.Writer(), r: eng.Reader(), now: func() time.Time { return time.Now().UTC() }}
	if err := db.open(ctx, seed); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) open(ctx context.Context, seed *kpi.Catalogue) error {
	var err error
	if db.changes, err = newChangeSignal(); err != nil {
		return err
	}
	if _, err := db.eng.Migrate(ctx); err != nil {
		return err
	}
	// Only a database without a catalogue is written to here: one that has
	// its catalogue opens read-only too.
	if v, err := catalogueVersion(ctx, db.r); err != nil {
		return err
	} else if v == 0 {
		if err := db.seedCatalogue(ctx, seed); err != nil {
			return err
		}
	}
	if _, err := db.Catalogue(ctx); err != nil {
		return err
	}
	if db.watch, err = db.eng.Watch(ctx, db.changes.origin, db.changes.notify); err != nil {
		return err
	}
	if err := db.rebuildIfMarked(ctx); err != nil {
		return err
	}
	if db.defersSums() {
		db.folds = startFolder(db)
	}
	db.group = startGroupWriter(db, db.eng.Writers())
	return nil
}

// Migrate applies pending migrations and returns the schema version; Open
// already does this, the CLI's migrate command reports it.
func (db *DB) Migrate(ctx context.Context) (int64, error) {
	return db.eng.Migrate(ctx)
}

// Engine names the engine under the store: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.eng.Name() }

// Close stops the writers (answering the groups being written; later
// writes are refused), the watcher, and closes the engine.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	db.folds.close()
	if db.watch != nil {
		db.watch.Close()
	}
	return db.eng.Close()
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

// unix is how timestamps are stored: integer Unix seconds, the same on
// every engine.
func unix(t time.Time) int64 { return t.Unix() }

// fromUnix reads a stored timestamp back, in UTC.
func fromUnix(s int64) time.Time { return time.Unix(s, 0).UTC() }

// Reader is the read pool, for tests and measuring tools that look at the
// tables themselves; the application's packages use the store's methods.
// Its queries take the engine's placeholders: Rebind a query written with ?.
func (db *DB) Reader() *sqlx.DB { return db.r }

// Writer is the write pool, for tests that must set up, beside the store's
// writes, a state those writes never make (a read-only database).
func (db *DB) Writer() *sqlx.DB { return db.w }

// boolInt is a flag as stored: 1 or 0.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
