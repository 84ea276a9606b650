package store

import (
	"context"
	"database/sql"
	"sort"

	"github.com/jmoiron/sqlx"
)

// stmtTx is a write transaction that prepares each distinct statement
// once and reuses it until the transaction ends (database/sql closes the
// statements at commit or rollback). A group of saves or an import runs
// the same few statements hundreds of times; preparing them again each
// time was a sixth of a save's cost. It is a queryer, so the read helpers
// (agencyByCode, submissionTx, entryTx, ...) use the prepared statements
// too. Not safe for concurrent use, like the transaction itself.
type stmtTx struct {
	*sqlx.Tx
	stmts map[string]*sqlx.Stmt
}

func newStmtTx(tx *sqlx.Tx) *stmtTx {
	return &stmtTx{Tx: tx, stmts: map[string]*sqlx.Stmt{}}
}

// close closes the statements before the transaction ends, for a stmtTx
// that serves one save of a longer transaction it does not own.
func (t *stmtTx) close() {
	for q, s := range t.stmts {
		_ = s.Close()
		delete(t.stmts, q)
	}
}

// prepared returns the transaction's statement for query (already rebound).
func (t *stmtTx) prepared(ctx context.Context, query string) (*sqlx.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	s, err := t.Tx.PreparexContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = s
	return s, nil
}

// ExecContext runs query through its prepared statement.
func (t *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := t.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// QueryContext runs query through its prepared statement.
func (t *stmtTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := t.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryxContext runs query through its prepared statement.
func (t *stmtTx) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	s, err := t.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryxContext(ctx, args...)
}

// QueryRowxContext runs query through its prepared statement; a statement
// that does not prepare is run unprepared, which reports the same error
// through the row.
func (t *stmtTx) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	s, err := t.prepared(ctx, query)
	if err != nil {
		return t.Tx.QueryRowxContext(ctx, query, args...)
	}
	return s.QueryRowxContext(ctx, args...)
}

// execRowsTx runs a multi-row statement in chunks of at most 256 rows, each
// through a prepared statement: saves of the same size share statements.
func execRowsTx(ctx context.Context, t *stmtTx, s rowsStmt, rows [][]any) error {
	return execChunks(ctx, t, s, rows, min(256, 30000/s.cols))
}

// rollupKey is one rollup row: a scope's total of the agencies of one kind
// for one indicator and period (quarter 0 = the year).
type rollupKey struct {
	scope     int64
	year      int
	quarter   int
	indicator string
	kind      string
}

// rollupSum is a change of a rollup row: the sum and the count move by it.
type rollupSum struct {
	sum float64
	n   int
}

// rollupAcc gathers the rollup deltas of several saves and writes them as
// one merged, key-ordered upsert. Every save of a group or an import moves
// the same national and provincial rows; merged, each row is written once
// per transaction instead of once per save. Nothing in a write
// transaction reads rollups (saves read values and submissions), so
// writing them at the end gives the same rows as writing them save by
// save.
type rollupAcc map[rollupKey]rollupSum

func (acc rollupAcc) add(k rollupKey, d rollupSum) {
	s := acc[k]
	s.sum += d.sum
	s.n += d.n
	acc[k] = s
}

// merge adds every delta of other.
func (acc rollupAcc) merge(other rollupAcc) {
	for k, d := range other {
		acc.add(k, d)
	}
}

// flush writes the deltas in primary-key order (neighbouring rows share
// pages) and empties acc.
func (acc rollupAcc) flush(ctx context.Context, t *stmtTx) error {
	keys := make([]rollupKey, 0, len(acc))
	for k, d := range acc {
		if d.sum != 0 || d.n != 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	rows := make([][]any, len(keys))
	for i, k := range keys {
		d := acc[k]
		rows[i] = []any{k.scope, k.kind, k.indicator, k.year, k.quarter, d.sum, d.n}
	}
	clear(acc)
	return execRowsTx(ctx, t, upsertRollups, rows)
}

func (k rollupKey) less(o rollupKey) bool {
	switch {
	case k.scope != o.scope:
		return k.scope < o.scope
	case k.year != o.year:
		return k.year < o.year
	case k.quarter != o.quarter:
		return k.quarter < o.quarter
	case k.indicator != o.indicator:
		return k.indicator < o.indicator
	}
	return k.kind < o.kind
}
