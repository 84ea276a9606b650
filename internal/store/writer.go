package store

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// stmtTx is a write transaction of the store. Each engine's driver keeps
// the statements it prepared, by text, per connection (go-sqlite3's
// _stmt_cache_size on the writer, pgx's statement cache), across
// transactions: a group of saves or an import runs the same few statements
// hundreds of times, and preparing them once per transaction instead
// re-parsed every multi-row statement at every commit. It is a queryer, so
// the read helpers (agencyByCode, submissionTx, entryTx, ...) run on it.
// Not safe for concurrent use, like the transaction itself.
type stmtTx struct {
	*sqlx.Tx
	arrays bool // the engine binds multi-row statements as arrays (array_rows.go)
}

func (db *DB) newStmtTx(tx *sqlx.Tx) *stmtTx { return &stmtTx{Tx: tx, arrays: db.bindsArrays()} }

// execRowsTx runs a multi-row statement over rows (statementsOf).
func execRowsTx(ctx context.Context, t *stmtTx, s rowsStmt, rows [][]any) error {
	return t.statementsOf(s, rows, func(q string, args []any) error {
		_, err := t.ExecContext(ctx, q, args...)
		return err
	})
}

// statementsOf hands fn the statements of s over rows, rebound, in order:
// an engine that binds arrays gets one statement of arrays (arrayRows);
// otherwise chunks whose sizes are powers of two up to 256 rows (the
// largest first): a group's batch holds any number of rows, and with a
// handful of sizes per statement the driver's cache of prepared statements
// keeps every text, so no commit parses a statement of hundreds of
// placeholders again.
func (t *stmtTx) statementsOf(s rowsStmt, rows [][]any, fn func(q string, args []any) error) error {
	if q, args, ok := t.arrayRows(s, rows); ok {
		return fn(q, args)
	}
	largest := 256
	for largest*s.cols > 30000 {
		largest /= 2
	}
	for len(rows) > 0 {
		n := largest
		for n > len(rows) {
			n /= 2
		}
		q, args := s.build(rows[:n])
		if err := fn(t.Rebind(q), args); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// scopeSums gathers the sums (rollup) deltas of several writes and writes
// them as one merged, key-ordered upsert. Every save of a group or an
// import moves the same national and provincial rows; merged, each row is
// written once per transaction, and always in the same order (on a server
// with many writers, in one lock order). Nothing in a write reads these
// rows but a move of agencies, which has them flushed first.
type scopeSums map[sumKey]kpi.SumRow

// sumKey is one rollup row: a scope and a kpi.SumKey.
type sumKey struct {
	scope int64
	year  int
	key   kpi.SumKey
}

func (acc scopeSums) add(scope int64, year int, r kpi.SumRow) {
	k := sumKey{scope, year, r.SumKey}
	s := acc[k]
	s.SumKey, s.Sum, s.N = r.SumKey, s.Sum+r.Sum, s.N+r.N
	acc[k] = s
}

func (acc scopeSums) merge(other scopeSums) {
	for k, r := range other {
		acc.add(k.scope, k.year, r)
	}
}

func (k sumKey) less(o sumKey) bool {
	switch {
	case k.scope != o.scope:
		return k.scope < o.scope
	case k.year != o.year:
		return k.year < o.year
	case k.key.Period != o.key.Period:
		return k.key.Period < o.key.Period
	case k.key.Indicator != o.key.Indicator:
		return k.key.Indicator < o.key.Indicator
	case k.key.Option != o.key.Option:
		return k.key.Option < o.key.Option
	case k.key.Kind != o.key.Kind:
		return k.key.Kind < o.key.Kind
	}
	return k.key.Bucket < o.key.Bucket
}

// flush writes the deltas in key order and empties acc. A row whose sum and
// count both come back to zero is deleted: a bucket emptied by a workflow
// move leaves nothing behind, so the tables equal a rebuild's. The upsert
// returns the rows as they are after it, so only the rows that did come
// back to zero are deleted.
func (acc scopeSums) flush(ctx context.Context, t *stmtTx, reg *registry) error {
	keys := make([]sumKey, 0, len(acc))
	for k, d := range acc {
		if d.N != 0 || !kpi.Negligible(d.Sum) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	rows := make([][]any, 0, len(keys))
	for _, k := range keys {
		d := acc[k]
		if id, ok := reg.id(k.key.Indicator); ok {
			rows = append(rows, []any{k.scope, int64(k.year), k.key.Period, id, k.key.Option, string(k.key.Kind), int64(k.key.Bucket), d.Sum, int64(d.N)})
		}
	}
	clear(acc)
	zeros, err := upsertReturningZeros(ctx, t, rows)
	if err != nil {
		return err
	}
	for _, key := range zeros {
		if _, err := t.ExecContext(ctx, t.Rebind(`DELETE FROM rollups WHERE scope_id = ? AND year = ? AND period = ?
			AND indicator_id = ? AND option_id = ? AND kind = ? AND bucket = ?`), key...); err != nil {
			return err
		}
	}
	return nil
}

// upsertReturningZeros runs the rollup upsert (statementsOf) and returns
// the keys of the rows it left at zero. Only a row at or near zero comes
// back with its columns (kpi.Negligible decides); every other row comes
// back as NULLs, which cost the reader no values to hand over: a group
// moves hundreds of rows and almost none comes back to zero.
func upsertReturningZeros(ctx context.Context, t *stmtTx, rows [][]any) ([][]any, error) {
	s := upsertRollups
	s.suffix += ` RETURNING ` + nearZero("scope_id", "year", "period", "indicator_id", "option_id", "kind", "bucket", "sum", "n")
	var zeros [][]any
	var scope, ind, opt, year, bucket, n sql.NullInt64
	var period, kind sql.NullString
	var sum sql.NullFloat64
	err := t.statementsOf(s, rows, func(q string, args []any) error {
		res, err := t.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer res.Close()
		for res.Next() {
			if err := res.Scan(&scope, &year, &period, &ind, &opt, &kind, &bucket, &sum, &n); err != nil {
				return err
			}
			if scope.Valid && n.Int64 == 0 && kpi.Negligible(sum.Float64) {
				zeros = append(zeros, []any{scope.Int64, int(year.Int64), period.String, ind.Int64, opt.Int64, kind.String, int(bucket.Int64)})
			}
		}
		if err := res.Err(); err != nil {
			return err
		}
		return res.Close()
	})
	return zeros, err
}

// nearZero is a RETURNING list of the columns, each NULL unless the row's
// count is 0 and its sum within 1e-6 of it (a bound looser than
// kpi.Negligible's, which the caller applies).
func nearZero(cols ...string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = `CASE WHEN n = 0 AND abs(sum) < 1e-6 THEN ` + c + ` END`
	}
	return strings.Join(out, ", ")
}

// scopeCounts gathers report count deltas like scopeSums.
type scopeCounts map[countKey]int

type countKey struct {
	scope int64
	year  int
	key   kpi.CountKey
}

func (acc scopeCounts) add(scope int64, year int, r kpi.CountRow) {
	acc[countKey{scope, year, r.CountKey}] += r.N
}

func (acc scopeCounts) merge(other scopeCounts) {
	for k, n := range other {
		acc[k] += n
	}
}

// flush writes the count deltas in key order and deletes counts that come
// back to zero.
func (acc scopeCounts) flush(ctx context.Context, t *stmtTx) error {
	keys := make([]countKey, 0, len(acc))
	for k, n := range acc {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.scope != b.scope {
			return a.scope < b.scope
		}
		if a.year != b.year {
			return a.year < b.year
		}
		if a.key.Period != b.key.Period {
			return a.key.Period < b.key.Period
		}
		if a.key.Kind != b.key.Kind {
			return a.key.Kind < b.key.Kind
		}
		return a.key.State < b.key.State
	})
	rows := make([][]any, len(keys))
	var shrink [][]any
	for i, k := range keys {
		rows[i] = []any{k.scope, mainDataset, k.year, k.key.Period, string(k.key.Kind), k.key.State, acc[k]}
		if acc[k] < 0 {
			shrink = append(shrink, rows[i][:6])
		}
	}
	clear(acc)
	if err := execRowsTx(ctx, t, upsertCounts, rows); err != nil {
		return err
	}
	for _, key := range shrink {
		if _, err := t.ExecContext(ctx, t.Rebind(`DELETE FROM report_counts WHERE scope_id = ? AND dataset_id = ? AND year = ?
			AND period = ? AND kind = ? AND state = ? AND n = 0`), key...); err != nil {
			return err
		}
	}
	return nil
}

// The shared rows' upserts, in SQL that SQLite and PostgreSQL both run. A
// multi-row upsert never touches a row twice (PostgreSQL refuses that):
// deltas are merged by key before they are written.
var (
	upsertRollups = rowsStmt{cols: 9, prefix: `INSERT INTO rollups (scope_id, year, period, indicator_id, option_id, kind, bucket, sum, n) VALUES `,
		suffix: ` ON CONFLICT (scope_id, year, period, indicator_id, option_id, kind, bucket) DO UPDATE
		SET sum = rollups.sum + excluded.sum, n = rollups.n + excluded.n`}
	upsertCounts = rowsStmt{cols: 7, prefix: `INSERT INTO report_counts (scope_id, dataset_id, year, period, kind, state, n) VALUES `,
		suffix: ` ON CONFLICT (scope_id, dataset_id, year, period, kind, state) DO UPDATE SET n = report_counts.n + excluded.n`}
)
