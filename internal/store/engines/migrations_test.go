package engines

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// versions are the migration numbers of an engine's folder, in order.
func versions(t *testing.T, dir string) []int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", dir, "migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations in %s: %v", dir, err)
	}
	var out []int
	for _, f := range files {
		n, err := strconv.Atoi(strings.SplitN(filepath.Base(f), "_", 2)[0])
		if err != nil {
			t.Fatalf("%s: a migration's name starts with its number: %v", f, err)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// TestMigrationsKeepOneNumber: PostgreSQL's first migration is SQLite's
// schema at that number, and every SQLite migration after it has its
// PostgreSQL counterpart under the same number, so both engines report one
// schema version for one parkpi (parkpi copy refuses two versions). A branch
// that adds a SQLite migration without its PostgreSQL one fails here.
func TestMigrationsKeepOneNumber(t *testing.T) {
	lite, pg := versions(t, "sqlite"), versions(t, "postgres")
	start := pg[0]
	var after []int
	for _, v := range lite {
		if v >= start {
			after = append(after, v)
		}
	}
	if !slices.Equal(after, pg) {
		t.Errorf("SQLite's migrations from %d are %v, PostgreSQL's %v: give each SQLite migration its PostgreSQL one under the same number (SELECT 1 when it has nothing to do there)", start, after, pg)
	}
}
