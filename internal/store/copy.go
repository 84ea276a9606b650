package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// Copying a whole database to another engine: how a province that started
// on the embedded SQLite file moves to a server, and back. The copy reads
// one snapshot of the source and writes the destination in one
// transaction, holding its tree exclusive; it copies the derived tables as
// they are (they equal a rebuild: the tests check it after every kind of
// write), so the destination answers every figure as the source did, and
// `parkpi rebuild --check` can confirm it there.

// copyTables are the tables a copy moves, parents before children, each
// read in its key order (agencies parents first: a parent's id may be the
// larger after a move). The changes log is SQLite's own and is not copied.
var copyTables = []struct{ name, order string }{
	{"datasets", "id"},
	{"indicators", "id"},
	{"catalogue_version", "id"},
	{"catalogue_groups", "code"},
	{"catalogue_indicators", "indicator_id"},
	{"dataset_kinds", "kind"},
	{"dataset_fields", "dataset_id, position"},
	{"catalogue_rules", "code"},
	{"catalogue_display", "view, position"},
	{"catalogue_scores", "code"},
	{"catalogue_period_types", "code"},
	{"catalogue_dimensions", "code"},
	{"catalogue_options", "id"},
	{"agencies", "(SELECT MAX(depth) FROM agency_closure c WHERE c.descendant_id = agencies.id), id"},
	{"agency_closure", "ancestor_id, descendant_id"},
	{"tree_version", "id"},
	{"store_state", "key"},
	{"kpi_values", "agency_id, year, period, indicator_id, option_id"},
	{"submissions", "agency_id, dataset_id, year, period"},
	{"targets", "agency_id, indicator_id, year"},
	{"own_figures", "agency_id, year, period, indicator_id, option_id, bucket"},
	{"rollups", "scope_id, year, period, indicator_id, option_id, kind, bucket"},
	{"rank_entries", "scope_id, indicator_id, year, period, value, agency_id"},
	{"report_counts", "scope_id, dataset_id, year, period, kind, state"},
	{"users", "id"},
	{"sessions", "token_hash"},
	{"login_attempts", "key"},
	{"audit_log", "id"},
	{"uploads", "id"},
	{"api_tokens", "id"},
	{"user_contacts", "user_id"},
	{"notices", "id"},
	{"jobs", "id"},
	{"commentary", "agency_id, year, period, indicator_id, group_code, kind"},
	{"settings", "name"},
}

// preset are the tables a new database already fills (its catalogue, the
// registry, the data sets, the tree's version, store markers): emptied
// before the copy, children before their parents.
var preset = []string{"catalogue_options", "catalogue_dimensions", "catalogue_period_types", "catalogue_scores", "catalogue_display", "catalogue_rules", "dataset_fields", "dataset_kinds",
	"catalogue_indicators", "catalogue_groups", "catalogue_version", "store_state", "tree_version", "indicators", "datasets"}

// holdsData are the tables that make a database not empty: a copy refuses
// a destination with a row in any of them.
var holdsData = []string{"agencies", "users", "kpi_values", "audit_log"}

// identityTables have an identity column id whose next value the
// destination must move past the copied rows (TableWriter.ResetIdentity).
var identityTables = []string{"agencies", "indicators", "datasets", "users", "audit_log", "api_tokens", "notices"}

// TableWriter writes whole tables inside one transaction: the writing side
// of a copy. An engine with a faster path for many rows than multi-row
// inserts (PostgreSQL's COPY) provides its own (TableLoader).
type TableWriter interface {
	Execer
	// Count counts a table's rows.
	Count(ctx context.Context, table string) (int, error)
	// WriteRows appends rows to table, by column name, until next says
	// there are no more, and returns how many it wrote.
	WriteRows(ctx context.Context, table string, cols []string, next func() ([]any, bool, error)) (int, error)
	// ResetIdentity moves table's identity counter past its rows (an
	// engine whose counters follow the rows does nothing).
	ResetIdentity(ctx context.Context, table string) error
}

// TableLoader is an engine with a TableWriter of its own: LoadTables runs fn
// in one transaction that holds the tree exclusive.
type TableLoader interface {
	LoadTables(ctx context.Context, fn func(w TableWriter) error) error
}

// CopyStats counts the rows copied, by table.
type CopyStats map[string]int

// ErrCopyNotEmpty refuses a copy into a database that holds data.
func errCopyNotEmpty(table string, n int) error {
	return kpi.Errorf(kpi.ECONFLICT, "Cơ sở dữ liệu đích đã có số liệu (%d dòng trong %s); chỉ sao chép vào một cơ sở dữ liệu trống.",
		"The destination already holds data (%d rows in %s); copy only into an empty database.", n, table)
}

// Copy copies every table of src into dst, which must be empty, in one
// transaction on dst; src is read in one snapshot. dst's registry, tree
// and listeners follow at once.
func Copy(ctx context.Context, src, dst *DB) (CopyStats, error) {
	if err := sameSchema(ctx, src, dst); err != nil {
		return nil, err
	}
	stats := CopyStats{}
	err := dst.loadTables(ctx, func(w TableWriter) error {
		clear(stats)
		// A new database's one row of history is the seed of its own
		// catalogue (written by Open); the source's history, with its own
		// seed, takes its place. Any other row makes it a database in use.
		if _, err := w.ExecContext(ctx, `DELETE FROM audit_log WHERE action = 'catalogue.seed'
			AND (SELECT COUNT(*) FROM audit_log) = 1`); err != nil {
			return err
		}
		if err := refuseNotEmpty(ctx, w); err != nil {
			return err
		}
		for _, t := range preset {
			// t is one of the constants above, never input.
			if _, err := w.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		// The snapshot's sums must hold every committed save: sums left
		// pending on a server are not copied, so they are folded first.
		if err := src.foldPending(ctx); err != nil {
			return err
		}
		snap, err := src.r.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
		if err != nil {
			return err
		}
		defer snap.Rollback()
		for _, t := range copyTables {
			n, err := copyTable(ctx, snap, w, t.name, t.order)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			stats[t.name] = n
		}
		for _, t := range identityTables {
			if err := w.ResetIdentity(ctx, t); err != nil {
				return err
			}
		}
		if err := bumpTreeVersion(ctx, w); err != nil {
			return err
		}
		return dst.publishAll(ctx, w)
	})
	if err != nil {
		return nil, dst.domainError(err)
	}
	// The copied catalogue and registry replace what dst cached of its own.
	s, err := dst.loadCatalogueSnapshot(ctx)
	if err != nil {
		return stats, err
	}
	dst.cats.state.Store(s)
	dst.changes.notify(Change{All: true})
	return stats, nil
}

// loadTables runs fn in one write transaction holding the tree exclusive,
// through the engine's own TableWriter or the multi-row inserts every
// engine runs.
func (db *DB) loadTables(ctx context.Context, fn func(w TableWriter) error) error {
	if l, ok := db.eng.(TableLoader); ok {
		return l.LoadTables(ctx, fn)
	}
	return db.inLockedTx(ctx, Locks{Tree: TreeExclusive}, func(tx *sqlx.Tx) error {
		return fn(insertWriter{tx})
	})
}

// sameSchema refuses engines at different schema versions: the copy moves
// columns by name, and only one version's columns are known to match.
func sameSchema(ctx context.Context, src, dst *DB) error {
	a, err := src.eng.Migrate(ctx)
	if err != nil {
		return err
	}
	b, err := dst.eng.Migrate(ctx)
	if err != nil {
		return err
	}
	if a != b {
		return kpi.Errorf(kpi.ECONFLICT, "Hai cơ sở dữ liệu khác phiên bản lược đồ (%d và %d): hãy dùng cùng một phiên bản parkpi.",
			"The two databases are at different schema versions (%d and %d): use one version of parkpi.", a, b)
	}
	return nil
}

func refuseNotEmpty(ctx context.Context, w TableWriter) error {
	for _, t := range holdsData {
		n, err := w.Count(ctx, t)
		if err != nil {
			return err
		}
		if n > 0 {
			return errCopyNotEmpty(t, n)
		}
	}
	return nil
}

// copyChunk bounds the parameters of one insert (under SQLite's 32,766
// and PostgreSQL's 65,535).
const copyChunk = 30000

// copyTable moves one table's rows, by column name.
func copyTable(ctx context.Context, from *sqlx.Tx, to TableWriter, table, order string) (int, error) {
	// table and order are the constants of copyTables, never input.
	rows, err := from.QueryxContext(ctx, "SELECT * FROM "+table+" ORDER BY "+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	n, err := to.WriteRows(ctx, table, cols, func() ([]any, bool, error) {
		if !rows.Next() {
			return nil, false, rows.Err()
		}
		vals, err := rows.SliceScan()
		if err != nil {
			return nil, false, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok && table != "jobs" {
				vals[i] = string(b) // text a driver handed over as bytes
			}
		}
		return vals, true, nil
	})
	if err != nil {
		return n, err
	}
	return n, rows.Err()
}

// insertWriter is the TableWriter of multi-row inserts in a transaction.
type insertWriter struct{ *sqlx.Tx }

// Count counts a table's rows.
func (w insertWriter) Count(ctx context.Context, table string) (int, error) {
	var n int
	// table is one of the store's constants, never input.
	err := w.GetContext(ctx, &n, "SELECT COUNT(*) FROM "+table)
	return n, err
}

// WriteRows inserts the rows in statements of up to copyChunk parameters.
func (w insertWriter) WriteRows(ctx context.Context, table string, cols []string, next func() ([]any, bool, error)) (int, error) {
	s := rowsStmt{prefix: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ", cols: len(cols)}
	batch := make([][]any, 0, copyChunk/len(cols))
	n := 0
	for {
		vals, ok, err := next()
		if err != nil {
			return n, err
		}
		if ok {
			batch = append(batch, vals)
		}
		if len(batch) == cap(batch) || (!ok && len(batch) > 0) {
			if err := execRows(ctx, w, s, batch); err != nil {
				return n, err
			}
			n += len(batch)
			batch = batch[:0]
		}
		if !ok {
			return n, nil
		}
	}
}

// ResetIdentity does nothing: SQLite's next rowid follows the rows.
func (w insertWriter) ResetIdentity(context.Context, string) error { return nil }
