package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// TestOpenSettings: the file is in WAL mode with foreign keys on, for the
// readers as for the writer.
func TestOpenSettings(t *testing.T) {
	e, err := Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var mode string
	var fk int
	if err := e.Reader().Get(&mode, "PRAGMA journal_mode"); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	if err := e.Reader().Get(&fk, "PRAGMA foreign_keys"); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v; want 1", fk, err)
	}
}
