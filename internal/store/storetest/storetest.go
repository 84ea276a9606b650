// Package storetest opens real databases for tests, on either engine: a
// fresh SQLite file in t.TempDir() or a fresh database on a real PostgreSQL
// server (postgres.go), each migrated, empty or holding the Ninh Bình demo
// (seeded once per test binary and engine, then copied, to keep the suite
// fast). Each runs a test body on both engines, which makes the store's
// tests one conformance suite.
package storetest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"parkpi/data"
	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store"
	"parkpi/internal/store/engines"
)

// Tests hash passwords at bcrypt's lowest cost: a suite logs in hundreds
// of times, under the race detector.
func init() { auth.SetHashCost(auth.MinHashCost) }

// The engines, by the names store.DB.Engine reports.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Engines are every engine the store runs on.
var Engines = []string{SQLite, Postgres}

// Each runs body once per engine, as the subtests "sqlite" and "postgres".
func Each(t *testing.T, body func(t *testing.T, engine string)) {
	t.Helper()
	for _, eng := range Engines {
		t.Run(eng, func(t *testing.T) { body(t, eng) })
	}
}

// Open returns an empty, migrated SQLite database on a file in t.TempDir().
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	return OpenOn(tb, SQLite)
}

// OpenOn returns an empty, migrated database on the engine.
func OpenOn(tb testing.TB, engine string) *store.DB {
	tb.Helper()
	return OpenTarget(tb, EmptyTarget(tb, engine))
}

// EmptyTarget is the --db target of a new, empty, migrated database on the
// engine (a file path, or a URL); the database goes when the test ends.
func EmptyTarget(tb testing.TB, engine string) string {
	tb.Helper()
	if engine == Postgres {
		return postgresCopy(tb, &emptyTemplate)
	}
	return filepath.Join(tb.TempDir(), "parkpi.db")
}

// OpenPath opens (or reopens) the SQLite file at path and closes it when
// the test ends.
func OpenPath(tb testing.TB, path string) *store.DB {
	tb.Helper()
	return OpenTarget(tb, path)
}

// OpenTarget opens the store on target (a SQLite path or a PostgreSQL URL)
// and closes it when the test ends.
func OpenTarget(tb testing.TB, target string) *store.DB {
	tb.Helper()
	db, err := engines.Open(context.Background(), target, seedBundle(tb))
	if err != nil {
		tb.Fatalf("open %s: %v", engines.Redacted(target), err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// seedBundle is the embedded catalogue a new database starts from.
func seedBundle(tb testing.TB) *kpi.Catalogue {
	tb.Helper()
	cat, err := data.Catalogue()
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

// Catalogue returns the database's current catalogue, failing the test if
// it cannot be read.
func Catalogue(tb testing.TB, db *store.DB) *kpi.Catalogue {
	tb.Helper()
	cat, err := db.Catalogue(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

// OpenDemo returns a SQLite database holding the Ninh Bình demo, on its own
// file.
func OpenDemo(tb testing.TB) *store.DB {
	tb.Helper()
	return OpenDemoOn(tb, SQLite)
}

// OpenDemoOn returns a database holding the Ninh Bình demo on the engine,
// of its own.
func OpenDemoOn(tb testing.TB, engine string) *store.DB {
	tb.Helper()
	return OpenTarget(tb, DemoTarget(tb, engine))
}

// DemoTarget is the --db target of a new database holding the demo.
func DemoTarget(tb testing.TB, engine string) string {
	tb.Helper()
	if engine == Postgres {
		return postgresCopy(tb, &demoTemplate)
	}
	return DemoFile(tb)
}

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
)

// DemoFile copies the seeded demo SQLite database to a new file in
// t.TempDir() and returns its path.
func DemoFile(tb testing.TB) string {
	tb.Helper()
	demoOnce.Do(func() { demoPath, demoErr = seedSQLiteTemplate() })
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	dst := filepath.Join(tb.TempDir(), "parkpi.db")
	if err := copyFile(demoPath, dst); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// seedSQLiteTemplate seeds one database per test binary; closing it
// checkpoints the WAL, so the main file alone is a complete copy.
func seedSQLiteTemplate() (string, error) {
	dir, err := os.MkdirTemp("", "parkpi-demo-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "demo.db")
	return path, seedInto(path)
}

// seedInto opens target, seeds the demo into it and closes it.
func seedInto(target string) error {
	return withOpen(target, func(db *store.DB) error { return seed.Demo(context.Background(), db) })
}

// withOpen opens (and so migrates) the database at target with the
// shipped catalogue, runs fn on it and closes it.
func withOpen(target string, fn func(*store.DB) error) error {
	cat, err := data.Catalogue()
	if err != nil {
		return err
	}
	db, err := engines.Open(context.Background(), target, cat)
	if err != nil {
		return err
	}
	if err := fn(db); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Count runs a counting query written with ? placeholders on db's read
// pool, for tests that look at the tables themselves.
func Count(tb testing.TB, db *store.DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.Reader().Get(&n, db.Reader().Rebind(query), args...); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// RefuseRows makes db refuse every row inserted into table for which the
// condition on NEW holds (SQL both engines read, such as "NEW.entity =
// 'agency'"), with message as the error: a write that must fail midway, for
// tests of "one transaction or nothing". name names the trigger.
func RefuseRows(tb testing.TB, db *store.DB, name, table, when, message string) {
	tb.Helper()
	// Every piece is the test's own text, not input.
	stmts := []string{`CREATE TRIGGER ` + name + ` BEFORE INSERT ON ` + table + `
		WHEN ` + when + ` BEGIN SELECT RAISE(ABORT, '` + message + `'); END`}
	if db.Engine() == Postgres {
		stmts = []string{`CREATE FUNCTION ` + name + `() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF ` + when + ` THEN RAISE EXCEPTION '` + message + `'; END IF; RETURN NEW; END $$`,
			`CREATE TRIGGER ` + name + ` BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION ` + name + `()`}
	}
	for _, q := range stmts {
		if _, err := db.Reader().Exec(q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}

// Exec runs a statement written with ? placeholders on db, beside the
// store's write path, for tests that set up a state the store's own writes
// would not make.
func Exec(tb testing.TB, db *store.DB, query string, args ...any) {
	tb.Helper()
	if _, err := db.Reader().Exec(db.Reader().Rebind(query), args...); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
}

// Strings runs a query of one text column written with ? placeholders on
// db's read pool and returns its rows.
func Strings(tb testing.TB, db *store.DB, query string, args ...any) []string {
	tb.Helper()
	var out []string
	if err := db.Reader().Select(&out, db.Reader().Rebind(query), args...); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return out
}
