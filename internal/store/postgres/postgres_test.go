package postgres_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/postgres"
	"parkpi/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// openEngine opens the engine on a new, migrated database of the test
// server.
func openEngine(t *testing.T) *postgres.Engine {
	t.Helper()
	ctx := context.Background()
	e, err := postgres.Open(ctx, storetest.EmptyTarget(t, storetest.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// TestViolationsAreRead: a real unique and a real foreign-key violation
// are recognised, with the table and columns the store maps to words;
// another error is not a violation.
func TestViolationsAreRead(t *testing.T) {
	e := openEngine(t)
	r := e.Reader()
	if _, err := r.Exec(`INSERT INTO agencies (code, kind, name) VALUES ('A', 'province', 'A')`); err != nil {
		t.Fatal(err)
	}
	_, err := r.Exec(`INSERT INTO agencies (code, kind, name) VALUES ('A', 'province', 'again')`)
	if v, ok := e.Violation(err); !ok || v.Kind != store.UniqueViolation || v.Table != "agencies" || len(v.Columns) != 1 || v.Columns[0] != "code" {
		t.Fatalf("a taken code: %+v %v (%v)", v, ok, err)
	}
	_, err = r.Exec(`INSERT INTO agency_closure (ancestor_id, descendant_id, depth) VALUES (12345, 12345, 0)`)
	if v, ok := e.Violation(err); !ok || v.Kind != store.ForeignKeyViolation || v.Table != "agency_closure" {
		t.Fatalf("a closure row of no agency: %+v %v (%v)", v, ok, err)
	}
	_, err = r.Exec(`SELECT no_such_column FROM agencies`)
	if _, ok := e.Violation(err); ok || e.Retryable(err) {
		t.Fatalf("a mistyped column is read as a violation or a conflict: %v", err)
	}
}

// TestReadOnlyDatabaseInWords: on a database set read-only (as a standby
// is), the health check's write fails with ESTORAGE in words; a backup is
// refused naming pg_dump.
func TestReadOnlyDatabaseInWords(t *testing.T) {
	ctx := context.Background()
	target := storetest.EmptyTarget(t, storetest.Postgres)
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Exec(t, storetest.OpenTarget(t, target), `ALTER DATABASE `+strings.TrimPrefix(u.Path, "/")+` SET default_transaction_read_only = on`)
	db := storetest.OpenTarget(t, target) // new connections are read-only
	err = db.CheckWrite(ctx)
	if kpi.ErrorCode(err) != kpi.ESTORAGE || !strings.Contains(kpi.ErrorMessage(err, "vi"), "chỉ đọc") || !strings.Contains(kpi.ErrorMessage(err, "en"), "nothing was saved") {
		t.Fatalf("CheckWrite on a read-only database = %v", err)
	}
	if err := db.Backup(ctx, "x.db"); kpi.ErrorCode(err) != kpi.EINVALID || !strings.Contains(kpi.ErrorMessage(err, "en"), "pg_dump") {
		t.Fatalf("a backup of a PostgreSQL database = %v, want the words naming pg_dump", err)
	}
}

// TestCopyLeavesStatistics: a database just copied into has the planner's
// statistics of its tables, so the first requests after it are planned on
// real sizes rather than on autovacuum's later visit.
func TestCopyLeavesStatistics(t *testing.T) {
	ctx := context.Background()
	src := storetest.OpenTarget(t, storetest.DemoFile(t))
	dst := storetest.OpenTarget(t, storetest.EmptyTarget(t, storetest.Postgres))
	stats := func() int {
		return storetest.Count(t, dst, `SELECT COUNT(*) FROM pg_stats WHERE schemaname = 'public'
			AND tablename IN ('rollups', 'agency_closure', 'rank_entries', 'kpi_values')`)
	}
	if n := stats(); n != 0 {
		t.Fatalf("an empty database has %d statistics rows", n)
	}
	if _, err := store.Copy(ctx, src, dst); err != nil {
		t.Fatal(err)
	}
	if n := stats(); n == 0 {
		t.Fatal("no planner statistics after a copy")
	}
}
