// Package storetest opens real SQLite databases for tests: a fresh file in
// t.TempDir() with migrations applied, or a copy of one seeded with the
// Ninh Bình demo (seeded once per test binary, then copied, to keep the
// suite fast).
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
)

// Tests hash passwords at bcrypt's lowest cost: a suite logs in hundreds
// of times, under the race detector.
func init() { auth.SetHashCost(auth.MinHashCost) }

// Open returns an empty, migrated database on a file in t.TempDir().
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	return OpenPath(tb, filepath.Join(tb.TempDir(), "parkpi.db"))
}

// OpenPath opens (or reopens) the database file at path and closes it when
// the test ends.
func OpenPath(tb testing.TB, path string) *store.DB {
	tb.Helper()
	cat, err := data.Catalogue()
	if err != nil {
		tb.Fatal(err)
	}
	db, err := store.Open(context.Background(), path, cat)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
)

// OpenDemo returns a database holding the Ninh Bình demo, on its own file.
func OpenDemo(tb testing.TB) *store.DB {
	tb.Helper()
	return OpenPath(tb, DemoFile(tb))
}

// DemoFile copies the seeded demo database to a new file in t.TempDir()
// and returns its path.
func DemoFile(tb testing.TB) string {
	tb.Helper()
	demoOnce.Do(func() { demoPath, demoErr = seedTemplate() })
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	dst := filepath.Join(tb.TempDir(), "parkpi.db")
	if err := copyFile(demoPath, dst); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// seedTemplate seeds one database per test binary; closing it checkpoints
// the WAL, so the main file alone is a complete copy.
func seedTemplate() (string, error) {
	dir, err := os.MkdirTemp("", "parkpi-demo-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "demo.db")
	cat, err := data.Catalogue()
	if err != nil {
		return "", err
	}
	db, err := store.Open(context.Background(), path, cat)
	if err != nil {
		return "", err
	}
	if err := seed.Demo(context.Background(), db); err != nil {
		db.Close()
		return "", err
	}
	return path, db.Close()
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
