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
