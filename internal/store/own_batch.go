package store

import (
	"context"
	"strings"
)

// A group's form saves write their own rows together. A save (a batched
// job: SaveValues) hands the rows of its own — values, audit rows, own
// figures, rank entries, its report — to its batch instead of writing them,
// so it writes nothing until the batch is flushed; when it succeeds its
// batch joins the group's, when it fails its batch is dropped, so it needs
// no savepoint. The group's batch writes every save's rows of one table in
// one multi-row statement (a group of n saves costs a handful of
// statements, not n times as many: round trips on a server, savepoints and
// statement overhead on SQLite), its rank moves too (moveRankRows). It is flushed before anything could read
// what it holds: before a save of an agency-year it holds rows of, before
// any other job (which runs in its own savepoint and writes directly), and
// before the group's shared rows and change log are written. Saves in one
// batch are of different agency-years, so no two rows of one statement
// have the same key (PostgreSQL refuses an upsert that touches a row
// twice), and the deletes and moves, run first, never meet a row an upsert
// or another save's move of the batch writes.
type ownBatch struct {
	years map[LockKey]bool // the agency-years whose rows it holds
	execs []batchExec      // deletes, in order
	moves [][]any          // rank moves (moveRankRows)
	rows  [len(batchedRows)][][]any
}

// batchExec is one statement of a batch.
type batchExec struct {
	query string
	args  []any
}

// batchedRows are the multi-row statements a batch gathers, in the order
// it runs them.
var batchedRows = [...]*rowsStmt{&upsertValues, &insertAudits, &upsertOwn, &upsertRanks, &upsertReports}

func newOwnBatch() *ownBatch { return &ownBatch{years: map[LockKey]bool{}} }

// holdsAny reports whether the batch has rows of one of the agency-years.
func (b *ownBatch) holdsAny(keys []LockKey) bool {
	for _, k := range keys {
		if b.years[k] {
			return true
		}
	}
	return false
}

// exec queues one statement.
func (b *ownBatch) exec(query string, args ...any) {
	b.execs = append(b.execs, batchExec{query, args})
}

// add queues rows of one of batchedRows.
func (b *ownBatch) add(s *rowsStmt, rows [][]any) {
	for i, t := range batchedRows {
		if t == s {
			b.rows[i] = append(b.rows[i], rows...)
			return
		}
	}
	panic("store: " + s.prefix + " is not a batched statement")
}

// take adds a save's batch, of the agency-years keys, to b.
func (b *ownBatch) take(c *ownBatch, keys []LockKey) {
	for _, k := range keys {
		b.years[k] = true
	}
	b.execs = append(b.execs, c.execs...)
	b.moves = append(b.moves, c.moves...)
	for i := range b.rows {
		b.rows[i] = append(b.rows[i], c.rows[i]...)
	}
}

// flush writes everything the batch holds and empties it.
func (b *ownBatch) flush(ctx context.Context, t *stmtTx) error {
	if len(b.years) == 0 {
		return nil
	}
	for _, e := range b.execs {
		if _, err := t.ExecContext(ctx, e.query, e.args...); err != nil {
			return err
		}
	}
	if err := moveRankRows(ctx, t, b.moves); err != nil {
		return err
	}
	for i, s := range batchedRows {
		if err := execRowsTx(ctx, t, *s, b.rows[i]); err != nil {
			return err
		}
	}
	*b = *newOwnBatch()
	return nil
}

// execOwn runs a statement of the write's own rows, or queues it in the
// write's batch.
func (w *writeTx) execOwn(ctx context.Context, query string, args ...any) error {
	if w.batch != nil {
		w.batch.exec(query, args...)
		return nil
	}
	_, err := w.ExecContext(ctx, query, args...)
	return err
}

// rowsOwn writes rows of the write's own, or queues them in its batch.
func (w *writeTx) rowsOwn(ctx context.Context, s *rowsStmt, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if w.batch != nil {
		w.batch.add(s, rows)
		return nil
	}
	return execRowsTx(ctx, w.stmtTx, *s, rows)
}

// moveRankRows moves rank entries whose figure changed, rows of (scope,
// indicator, year, period, old value, new value, levels, agency): an UPDATE
// joined to the moves as a list of rows, each move one primary-key lookup.
// On a server, one statement per 500 moves, the list a VALUES whose first
// row's casts type the columns. SQLite plans such a join as a scan of the
// table, but looks every move up by its key when the list is a
// materialized CTE (moveRanksSQLite); its chunks are sized like
// execRowsTx's, so that the writer keeps each statement text prepared.
func moveRankRows(ctx context.Context, t *stmtTx, rows [][]any) error {
	if t.DriverName() == "sqlite3" {
		return execRowsTx(ctx, t, moveRanksSQLite, rows)
	}
	if done, err := moveRanksAsArrays(ctx, t, rows); done {
		return err
	}
	const typed = `(CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS TEXT),
		CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS INTEGER), CAST(? AS INTEGER))`
	for start := 0; start < len(rows); start += 500 {
		part := rows[start:min(start+500, len(rows))]
		args := make([]any, 0, 8*len(part))
		for _, r := range part {
			args = append(args, r...)
		}
		q := `UPDATE rank_entries SET value = m.new_value, levels = m.levels FROM (VALUES ` + typed +
			strings.Repeat(", (?, ?, ?, ?, ?, ?, ?, ?)", len(part)-1) + `)
			AS m(scope_id, indicator_id, year, period, old_value, new_value, levels, agency_id)
			WHERE rank_entries.scope_id = m.scope_id AND rank_entries.indicator_id = m.indicator_id
			AND rank_entries.year = m.year AND rank_entries.period = m.period
			AND rank_entries.value = m.old_value AND rank_entries.agency_id = m.agency_id`
		if _, err := t.ExecContext(ctx, t.Rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}

// moveRanksSQLite is moveRankRows' statement on SQLite.
var moveRanksSQLite = rowsStmt{cols: 8,
	prefix: `WITH m(scope_id, indicator_id, year, period, old_value, new_value, levels, agency_id) AS MATERIALIZED (VALUES `,
	suffix: `) UPDATE rank_entries SET value = m.new_value, levels = m.levels FROM m
		WHERE rank_entries.scope_id = m.scope_id AND rank_entries.indicator_id = m.indicator_id
		AND rank_entries.year = m.year AND rank_entries.period = m.period
		AND rank_entries.value = m.old_value AND rank_entries.agency_id = m.agency_id`}

// upsertReports writes reports as putSubmission writes one.
var upsertReports = rowsStmt{cols: 11, prefix: `INSERT INTO submissions (agency_id, dataset_id, year, period, state, reason, comment, version, updated_by, updated_at, late) VALUES `,
	suffix: ` ON CONFLICT (agency_id, dataset_id, year, period) DO UPDATE
		SET state = excluded.state, reason = excluded.reason, comment = excluded.comment, version = excluded.version,
		    updated_by = excluded.updated_by, updated_at = excluded.updated_at, late = excluded.late`}
