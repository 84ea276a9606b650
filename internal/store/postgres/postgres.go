// Package postgres is the store's server engine: PostgreSQL through pgx
// (its database/sql driver under sqlx, so the store's one body of SQL
// serves both engines), its migrations, a bounded pool of writing
// connections, advisory locks that order concurrent writers, the retry
// classification of serialization failures and deadlocks, the mapping of
// constraint errors, and the change signal between instances by
// LISTEN/NOTIFY.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Pool sizes. Writers is the group writers of one instance: enough for the
// server's cores to work on several groups at once, few enough that groups
// stay large (each commits many saves) and that several instances stay well
// under max_connections. (Four made groups larger and sent a quarter fewer
// statements for 50 savers, but committed fewer saves a second: a group's
// round trips, not the server's CPU, bound each writer.) Readers serve the
// requests.
const (
	writers     = 16
	readers     = 16
	extraWrites = 4 // writes outside the group writers: sessions, tokens, notices
)

// Engine is a PostgreSQL database: a write pool, a read pool and the
// configuration the listener connects with.
type Engine struct {
	cfg *pgx.ConnConfig
	w   *sqlx.DB
	r   *sqlx.DB
}

// Open connects to the database at url (postgres://user:password@host/db)
// and checks that it answers.
func Open(ctx context.Context, url string) (*Engine, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL URL: %w", err)
	}
	cfg.RuntimeParams["application_name"] = "parkpi"
	e := &Engine{cfg: cfg}
	// The writes run the same statements with rows of one agency each
	// time: their plans do not depend on a subtree, and planning every
	// multi-row upsert again was most of a save's time in the server. Their
	// connections keep PostgreSQL's default (a generic plan once it costs
	// no more); a change of the tree, which reads subtrees, asks for
	// custom plans again (Lock).
	wcfg := cfg.Copy()
	wcfg.RuntimeParams["plan_cache_mode"] = "auto"
	e.w = sqlx.NewDb(stdlib.OpenDB(*wcfg), "pgx")
	e.w.SetMaxOpenConns(writers + extraWrites)
	e.w.SetMaxIdleConns(writers + extraWrites)
	// Reads: the server's default, which keeps a prepared statement's plan
	// once it is no worse than planning each call. A dashboard's reads are
	// the maintained rows of one scope by their key (a plan that holds for
	// any scope), and planning each of them anew cost more than running it;
	// the reads of a whole subtree name the scope's id in their text, so
	// each scope has its own statement and plan (store's ancestorIs).
	e.r = sqlx.NewDb(stdlib.OpenDB(*cfg.Copy()), "pgx")
	e.r.SetMaxOpenConns(readers)
	e.r.SetMaxIdleConns(readers)
	e.r.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := e.r.PingContext(pingCtx); err != nil {
		e.Close()
		return nil, fmt.Errorf("PostgreSQL at %s:%d does not answer: %w", cfg.Host, cfg.Port, err)
	}
	return e, nil
}

// Name is "postgres".
func (e *Engine) Name() string { return "postgres" }

// Writer is the write pool.
func (e *Engine) Writer() *sqlx.DB { return e.w }

// Reader is the read pool.
func (e *Engine) Reader() *sqlx.DB { return e.r }

// Writers is the number of group writers of this instance.
func (e *Engine) Writers() int { return writers }

// Committed does nothing: the server checkpoints by itself.
func (e *Engine) Committed() {}

// BulkLoad changes nothing at the start (a load's transactions are large
// already); at the end it gathers the planner's statistics (analyze).
func (e *Engine) BulkLoad(ctx context.Context, on bool) error {
	if on {
		return nil
	}
	return e.analyze(ctx)
}

// analyze gathers the planner's statistics of every table, after a load or
// a copy has filled them: until autovacuum comes round (a minute or more
// later) the planner would take a table of millions of rows for an empty one
// and guess every scope's rows at one, and the first requests after a
// start would run on such guesses. A sample of each table: seconds for the
// national dataset.
func (e *Engine) analyze(ctx context.Context) error {
	_, err := e.w.ExecContext(ctx, "ANALYZE")
	return err
}

// Backup is the server's tools' job, not parkpi's: pg_dump takes a
// consistent copy of a running database (pg_basebackup and WAL archiving
// for point-in-time recovery), and pg_restore puts one back.
func (e *Engine) Backup(context.Context, string) error {
	return kpi.Errorf(kpi.EINVALID,
		"Cơ sở dữ liệu PostgreSQL được sao lưu bằng công cụ của máy chủ: pg_dump -Fc -f parkpi.dump \"tên cơ sở dữ liệu\" (khôi phục bằng pg_restore), không bằng parkpi backup.",
		"A PostgreSQL database is backed up with the server's tools: pg_dump -Fc -f parkpi.dump \"database\" (restored with pg_restore), not with parkpi backup.")
}

// Migrate applies the embedded migrations under an advisory lock (two
// instances starting at once on a new database migrate it once) and
// returns the schema version.
func (e *Engine) Migrate(ctx context.Context) (int64, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return 0, err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return 0, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, e.w.DB, sub, goose.WithSessionLocker(locker))
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return p.GetDBVersion(ctx)
}

// Close closes both pools.
func (e *Engine) Close() error {
	var errs []error
	if e.r != nil {
		errs = append(errs, e.r.Close())
	}
	if e.w != nil {
		errs = append(errs, e.w.Close())
	}
	return errors.Join(errs...)
}

// treeKey is the advisory lock of the tree (one bigint key; agency-years
// use the two-int4 key space, which never meets the bigint one); foldKey
// is the fold's of pending sums.
const (
	treeKey int64 = 0x7061726b7069 // "parkpi"
	foldKey       = treeKey + 1
)

// DeferSums is true: many writers would all queue on the province's and
// the nation's rows, so a group appends its deltas to pending_sums and a
// fold writes them (store/pending.go).
func (e *Engine) DeferSums() bool { return true }

// BindsArrays is true: a multi-row write is one statement of one array
// per column (store's array_rows.go), one round trip and one plan for any
// number of rows.
func (e *Engine) BindsArrays() bool { return true }

// Lock takes the transaction-scoped advisory locks, in one statement and
// one order: the tree first (shared for a write of figures, exclusive for a
// change of the tree), then the agency-years in the order given (sorted by
// the store), through unnest, which hands them over in array order.
func (e *Engine) Lock(ctx context.Context, tx store.Execer, l store.Locks) error {
	tree := ""
	switch l.Tree {
	case store.TreeShared:
		tree = "pg_advisory_xact_lock_shared(CAST(? AS bigint))"
	case store.TreeExclusive:
		tree = "pg_advisory_xact_lock(CAST(? AS bigint)), set_config('plan_cache_mode', 'force_custom_plan', true)"
	}
	var parts []string
	var args []any
	if tree != "" {
		parts, args = append(parts, tree), append(args, treeKey)
	}
	if len(l.Years) > 0 {
		parts = append(parts, "(SELECT count(pg_advisory_xact_lock(a, y)) FROM unnest(CAST(? AS int4[]), CAST(? AS int4[])) AS k(a, y))")
		args = append(args, yearArrays(l.Years)...)
	}
	if l.Fold {
		parts, args = append(parts, "pg_advisory_xact_lock(CAST(? AS bigint))"), append(args, foldKey)
	}
	if len(parts) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, tx.Rebind("SELECT "+strings.Join(parts, ", ")), args...)
	return err
}

func yearArrays(keys []store.LockKey) []any {
	a, y := make([]int32, len(keys)), make([]int32, len(keys))
	for i, k := range keys {
		a[i], y[i] = k.Agency, k.Year
	}
	return []any{a, y}
}
