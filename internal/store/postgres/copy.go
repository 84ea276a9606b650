package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"

	"parkpi/internal/store"
)

// LoadTables runs fn in one pgx transaction on a connection of the write
// pool, holding the tree exclusive: a copy's rows go in by COPY, several
// times faster than multi-row inserts. The foreign keys are dropped for
// the length of the load and added again before the commit, as pg_restore
// does: adding one checks every row in one join, where a key kept in place
// checks each row as it comes (a lookup per row and key: most of the time
// of a copy). A row that breaks one fails the whole copy. After the commit
// the planner's statistics are gathered (analyze).
func (e *Engine) LoadTables(ctx context.Context, fn func(w store.TableWriter) error) error {
	if err := e.loadTables(ctx, fn); err != nil {
		return err
	}
	return e.analyze(ctx)
}

func (e *Engine) loadTables(ctx context.Context, fn func(w store.TableWriter) error) error {
	conn, err := e.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("postgres: the write pool's connection is not pgx's")
		}
		return pgx.BeginFunc(ctx, sc.Conn(), func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", treeKey); err != nil {
				return err
			}
			fks, err := dropForeignKeys(ctx, tx)
			if err != nil {
				return err
			}
			if err := fn(copyWriter{tx}); err != nil {
				return err
			}
			return addForeignKeys(ctx, tx, fks)
		})
	})
}

// copyWriter is LoadTables' TableWriter.
type copyWriter struct{ tx pgx.Tx }

// ExecContext runs a statement in the transaction.
func (w copyWriter) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	tag, err := w.tx.Exec(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return driverResult(tag.RowsAffected()), nil
}

// Rebind gives ? placeholders PostgreSQL's numbers.
func (w copyWriter) Rebind(query string) string { return sqlx.Rebind(sqlx.DOLLAR, query) }

// Count counts a table's rows.
func (w copyWriter) Count(ctx context.Context, table string) (int, error) {
	var n int
	// table is one of the store's constants, never input.
	err := w.tx.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n)
	return n, err
}

// WriteRows copies the rows in with COPY.
func (w copyWriter) WriteRows(ctx context.Context, table string, cols []string, next func() ([]any, bool, error)) (int, error) {
	n, err := w.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, &rowSource{next: next})
	return int(n), err
}

// ResetIdentity moves the identity sequence of table's id past its rows.
func (w copyWriter) ResetIdentity(ctx context.Context, table string) error {
	// table is one of the store's constants, never input.
	_, err := w.tx.Exec(ctx, "SELECT setval(pg_get_serial_sequence('"+table+"', 'id'), COALESCE((SELECT MAX(id) FROM "+table+"), 0) + 1, false)")
	return err
}

// rowSource is pgx's CopyFromSource over the copy's row iterator.
type rowSource struct {
	next func() ([]any, bool, error)
	row  []any
	err  error
}

func (s *rowSource) Next() bool {
	var ok bool
	s.row, ok, s.err = s.next()
	return ok && s.err == nil
}

func (s *rowSource) Values() ([]any, error) { return s.row, nil }

func (s *rowSource) Err() error { return s.err }

// driverResult is a sql.Result of a count of rows.
type driverResult int64

func (r driverResult) LastInsertId() (int64, error) {
	return 0, errors.New("postgres: no last insert id; use RETURNING")
}

func (r driverResult) RowsAffected() (int64, error) { return int64(r), nil }

// foreignKey is one foreign-key constraint, as PostgreSQL describes it.
type foreignKey struct{ table, name, def string }

// dropForeignKeys drops every foreign key of the store's schema and returns
// them.
func dropForeignKeys(ctx context.Context, tx pgx.Tx) ([]foreignKey, error) {
	rows, err := tx.Query(ctx, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE contype = 'f' AND connamespace = current_schema()::regnamespace ORDER BY conrelid::regclass::text, conname`)
	if err != nil {
		return nil, err
	}
	fks, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (foreignKey, error) {
		var k foreignKey
		return k, r.Scan(&k.table, &k.name, &k.def)
	})
	if err != nil {
		return nil, err
	}
	for _, k := range fks {
		// Names and definitions come from the catalogue, not from input.
		if _, err := tx.Exec(ctx, "ALTER TABLE "+k.table+" DROP CONSTRAINT "+pgx.Identifier{k.name}.Sanitize()); err != nil {
			return nil, err
		}
	}
	return fks, nil
}

// addForeignKeys adds the keys again, each checking every row at once.
func addForeignKeys(ctx context.Context, tx pgx.Tx, fks []foreignKey) error {
	for _, k := range fks {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+k.table+" ADD CONSTRAINT "+pgx.Identifier{k.name}.Sanitize()+" "+k.def); err != nil {
			return err
		}
	}
	return nil
}
