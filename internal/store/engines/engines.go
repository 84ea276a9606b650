// Package engines opens the store on the engine a database target names:
// a postgres:// (or postgresql://) URL is a PostgreSQL server, anything
// else a SQLite file. cmd and the test helpers open the store through it;
// nothing else imports an engine package.
package engines

import (
	"context"
	"net/url"
	"strings"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/postgres"
	"parkpi/internal/store/sqlite"
)

// IsPostgres reports whether target names a PostgreSQL server.
func IsPostgres(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// Engine opens the engine of target, without the store over it.
func Engine(ctx context.Context, target string) (store.Engine, error) {
	if IsPostgres(target) {
		return postgres.Open(ctx, target)
	}
	return sqlite.Open(ctx, target)
}

// Open opens the store on target with the catalogue.
func Open(ctx context.Context, target string, cat *kpi.Catalogue) (*store.DB, error) {
	eng, err := Engine(ctx, target)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, eng, cat)
}

// Redacted is target as it may be shown or logged: a URL's password
// replaced by xxxxx.
func Redacted(target string) string {
	if !IsPostgres(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	return u.Redacted()
}

// LockServing marks the database of target as served by this process until
// release is called, so that a restore refuses to replace it meanwhile (a
// SQLite file's lock file). A server's database is served by many
// instances and restored with the server's tools: nothing to hold.
func LockServing(target string) (release func(), err error) {
	if IsPostgres(target) {
		return func() {}, nil
	}
	return sqlite.LockServing(target)
}

// Restore puts the backup file src into place as the database target, and
// returns where the database it replaced is kept. A PostgreSQL database is
// restored with pg_restore, which is said in words.
func Restore(src, target string) (kept string, err error) {
	if IsPostgres(target) {
		return "", kpi.Errorf(kpi.EINVALID,
			"Cơ sở dữ liệu PostgreSQL được khôi phục bằng pg_restore từ bản pg_dump, không bằng parkpi restore.",
			"A PostgreSQL database is restored with pg_restore from a pg_dump, not with parkpi restore.")
	}
	return sqlite.Restore(src, target)
}
