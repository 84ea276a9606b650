package storetest

import (
	"database/sql"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

// Each test gets a database of its own on a real server: a table made in
// one is not in the other, and both answer queries.
func TestPostgresDatabasesAreSeparate(t *testing.T) {
	a, b := PostgresURL(t), PostgresURL(t)
	if a == b {
		t.Fatalf("two tests share the database %s", a)
	}
	da, err := sql.Open("pgx", a)
	if err != nil {
		t.Fatal(err)
	}
	defer da.Close()
	if _, err := da.Exec("CREATE TABLE only_here (n int)"); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", b)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_here'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("a table made in one test database is visible in another")
	}
	var version string
	if err := db.QueryRow("SHOW server_version").Scan(&version); err != nil || version == "" {
		t.Fatalf("server_version = %q, %v", version, err)
	}
}
