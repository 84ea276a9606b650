package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"

	"parkpi/data"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// TestSchemaV2ConvertsAnOldDatabase: a database left at schema v1 (the
// migrations before the figures' v2) with values, reports, targets and a
// timestamp as v1 wrote them is converted in place when opened: nothing
// entered is lost, the derived tables are rebuilt once, and the figures
// are what the values say, at each level.
func TestSchemaV2ConvertsAnOldDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	old, err := sqlx.Open("sqlite3", dsn(path, true))
	if err != nil {
		t.Fatal(err)
	}
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, old.DB, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 9); err != nil { // every migration before v2
		t.Fatal(err)
	}
	at := time.Date(2021, 4, 2, 8, 30, 0, 0, time.UTC)
	for _, q := range []string{
		`INSERT INTO agencies (id, code, parent_id, kind, name) VALUES (1, 'P', NULL, 'province', 'Tỉnh'), (2, 'C', 1, 'commune', 'Xã')`,
		`INSERT INTO agency_closure VALUES (1, 1, 0), (2, 2, 0), (1, 2, 1)`,
		`INSERT INTO kpi_values (agency_id, indicator, year, quarter, value, updated_by, updated_at) VALUES
			(2, 'hours_cut', 2021, 1, 10, 'officer', ?), (2, 'hours_cut', 2021, 2, 5, 'officer', ?), (1, 'hours_cut', 2021, 1, 7, 'officer', ?)`,
		`INSERT INTO submissions (agency_id, year, quarter, state, version, updated_by, updated_at) VALUES
			(2, 2021, 1, 'approved', 3, 'leader', ?), (2, 2021, 2, 'draft', 1, 'officer', ?), (1, 2021, 1, 'submitted', 2, 'officer', ?)`,
		`INSERT INTO targets (agency_id, indicator, year, value, updated_at) VALUES (1, 'hours_cut', 2021, 20, ?)`,
		`INSERT INTO users (id, username, role, agency_id, password_hash, created_at, updated_at) VALUES (1, 'leader', 'leader', 1, 'x', ?, ?)`,
		`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ('h', 1, ?, ?)`,
		`INSERT INTO login_attempts (key, failures, first_at, locked_until) VALUES ('user:x', 5, ?, ?)`,
		`INSERT INTO audit_log (at, actor, action, entity) VALUES (?, 'leader', 'user.create', 'user')`,
	} {
		args := []any{at, at, at}
		if n := countMarks(q); n < 3 {
			args = args[:n]
		}
		if _, err := old.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, eng, cat)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for level, want := range map[kpi.Level]float64{kpi.LevelAll: 22, kpi.LevelSubmitted: 17, kpi.LevelApproved: 10} {
		figs, err := db.Figures(ctx, store.Scope{Agency: "P", Year: 2021, Level: level})
		if err != nil {
			t.Fatal(err)
		}
		if got := figs["hours_cut"]; !got.OK || got.Value != want {
			t.Errorf("2021 hours_cut at %v = %v, want %v", level, got, want)
		}
	}
	sub, err := db.Submission(ctx, "C", kpi.Period{Year: 2021, Quarter: 1})
	if err != nil || sub.State != kpi.StateApproved || sub.Version != 3 || !sub.UpdatedAt.Equal(at) {
		t.Fatalf("the converted report: %+v (%v)", sub, err)
	}
	if targets, err := db.Targets(ctx, "P", 2021); err != nil || targets["hours_cut"] != 20 {
		t.Fatalf("the converted target: %v (%v)", targets, err)
	}
	if diffs, err := db.CheckDerived(ctx); err != nil || len(diffs) > 0 {
		t.Fatalf("derived tables after the conversion: %v (%v)", diffs, err)
	}
	// The v1 text timestamps of the auth tables and the audit log are Unix
	// seconds now, the same instants.
	if s, ok, err := db.Session(ctx, "h"); err != nil || !ok || !s.CreatedAt.Equal(at) || !s.LastSeenAt.Equal(at) || s.Username != "leader" {
		t.Fatalf("the converted session: %+v %v (%v)", s, ok, err)
	}
	if until, locked, err := db.LockedUntil(ctx, at.Add(-time.Hour), []string{"user:x"}); err != nil || !locked || !until.Equal(at) {
		t.Fatalf("the converted lock: %v %v (%v)", until, locked, err)
	}
	// The old row, and the seed of the catalogue the conversion stored.
	if rows, _, err := db.AuditLog(ctx, store.AuditFilter{Actor: "leader"}); err != nil || len(rows) != 1 || !rows[0].At.Equal(at) {
		t.Fatalf("the converted audit row: %+v (%v)", rows, err)
	}
}

func countMarks(q string) int {
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
		}
	}
	return n
}
