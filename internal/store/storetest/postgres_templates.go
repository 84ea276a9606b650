package storetest

import (
	"sync"
	"testing"

	"parkpi/internal/store"
)

// pgTemplate is a database built once per test binary and copied for each
// test (CREATE DATABASE … TEMPLATE: a file copy, far quicker than running
// the migrations or seeding the demo again).
type pgTemplate struct {
	once  sync.Once
	name  string
	err   error
	build func(url string) error
}

var (
	emptyTemplate = pgTemplate{build: func(u string) error { return openClose(u) }}
	demoTemplate  = pgTemplate{build: seedInto}
	templatesMu   sync.Mutex
	templates     []string // made by this process, dropped by Main
)

// postgresCopy is a new database copied from the template (built on first
// use).
func postgresCopy(tb testing.TB, t *pgTemplate) string {
	tb.Helper()
	t.once.Do(func() {
		base, err := server()
		if err != nil {
			t.err = err
			return
		}
		t.name = "parkpi_tpl_" + randomHex(6)
		if t.err = createDB(base, t.name, ""); t.err != nil {
			return
		}
		templatesMu.Lock()
		templates = append(templates, t.name)
		templatesMu.Unlock()
		t.err = t.build(dbURL(base, t.name))
	})
	if t.err != nil {
		tb.Fatalf("PostgreSQL for the tests: %v (install the Debian package postgresql, or set %s)", t.err, EnvPostgres)
	}
	return postgresDB(tb, t.name)
}

// openClose migrates the database at target and closes it.
func openClose(target string) error {
	return withOpen(target, func(*store.DB) error { return nil })
}

// dropTemplates drops the templates this process made.
func dropTemplates() {
	base, err := server()
	if err != nil {
		return
	}
	templatesMu.Lock()
	defer templatesMu.Unlock()
	for _, name := range templates {
		_ = dropDB(base, name)
	}
	templates = nil
}
