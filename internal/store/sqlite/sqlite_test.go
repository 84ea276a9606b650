package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"parkpi/internal/store"
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

// TestViolationsAreRead: a real unique and a real foreign-key violation
// are recognised, the unique one with its table and columns.
func TestViolationsAreRead(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w := e.Writer()
	if _, err := w.Exec(`INSERT INTO agencies (code, kind, name) VALUES ('A', 'province', 'A')`); err != nil {
		t.Fatal(err)
	}
	_, err = w.Exec(`INSERT INTO agencies (code, kind, name) VALUES ('A', 'province', 'again')`)
	if v, ok := e.Violation(err); !ok || v.Kind != store.UniqueViolation || v.Table != "agencies" || len(v.Columns) != 1 || v.Columns[0] != "code" {
		t.Fatalf("a taken code: %+v %v (%v)", v, ok, err)
	}
	_, err = w.Exec(`INSERT INTO agency_closure (ancestor_id, descendant_id, depth) VALUES (12345, 12345, 0)`)
	if v, ok := e.Violation(err); !ok || v.Kind != store.ForeignKeyViolation {
		t.Fatalf("a closure row of no agency: %+v %v (%v)", v, ok, err)
	}
	_, err = w.Exec(`SELECT no_such_column FROM agencies`)
	if _, ok := e.Violation(err); ok || e.Retryable(err) {
		t.Fatalf("a mistyped column is read as a violation or a conflict: %v", err)
	}
}
