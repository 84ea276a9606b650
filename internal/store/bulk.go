package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// Bulk is a whole dataset loaded at once: the demo seed or a synthetic
// national dataset. Entry goes through SaveValues; this is for loads only.
type Bulk struct {
	Agencies    []kpi.Agency // added first, parents before children
	Values      []kpi.Value
	Submissions []kpi.Submission
	Targets     []kpi.Target
	Actor       string
	Source      string
}

// BulkLoad inserts a dataset (and its agencies, when given) and rebuilds every
// year figure and rollup, in one transaction, with one audit row per kind
// of thing loaded.
func (db *DB) BulkLoad(ctx context.Context, b Bulk) error {
	for _, a := range b.Agencies {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		for i, a := range b.Agencies {
			if err := insertAgency(ctx, tx, a, i); err != nil {
				return err
			}
		}
		ids, err := agencyIDs(ctx, tx)
		if err != nil {
			return err
		}
		if err := db.insertValues(ctx, tx, ids, b); err != nil {
			return err
		}
		if err := db.insertSubmissions(ctx, tx, ids, b); err != nil {
			return err
		}
		if err := db.insertTargets(ctx, tx, ids, b); err != nil {
			return err
		}
		if err := db.rebuildRollups(ctx, tx); err != nil {
			return err
		}
		for _, what := range []struct {
			entity string
			n      int
		}{{"value", len(b.Values)}, {"submission", len(b.Submissions)}, {"target", len(b.Targets)}} {
			e := AuditEntry{Actor: b.Actor, Action: "bulk.load", Entity: what.entity, New: fmt.Sprint(what.n), Source: b.Source}
			if err := db.audit(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

func agencyIDs(ctx context.Context, q queryer) (map[string]int64, error) {
	var rows []struct {
		ID   int64  `db:"id"`
		Code string `db:"code"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, "SELECT id, code FROM agencies"); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Code] = r.ID
	}
	return out, nil
}

func lookup(ids map[string]int64, code string) (int64, error) {
	id, ok := ids[code]
	if !ok {
		return 0, kpi.NoAgency(code)
	}
	return id, nil
}

// insertValues uses multi-row INSERTs: one statement per few hundred
// values is what makes millions of rows load in seconds.
func (db *DB) insertValues(ctx context.Context, tx *sqlx.Tx, ids map[string]int64, b Bulk) error {
	const cols = 7
	rows := make([][]any, 0, len(b.Values))
	now := db.now()
	for _, v := range b.Values {
		if _, ok := db.cat.Get(v.Indicator); !ok {
			return kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", v.Indicator)
		}
		id, err := lookup(ids, v.Agency)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, v.Indicator, v.Period.Year, v.Period.Quarter, v.Value, b.Actor, now})
	}
	return insertRows(ctx, tx, "INSERT INTO kpi_values (agency_id, indicator, year, quarter, value, updated_by, updated_at) VALUES ", cols, rows)
}

func (db *DB) insertSubmissions(ctx context.Context, tx *sqlx.Tx, ids map[string]int64, b Bulk) error {
	rows := make([][]any, 0, len(b.Submissions))
	now := db.now()
	for _, s := range b.Submissions {
		id, err := lookup(ids, s.Agency)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, s.Period.Year, s.Period.Quarter, s.State, s.Reason, 1, b.Actor, now})
	}
	return insertRows(ctx, tx, "INSERT INTO submissions (agency_id, year, quarter, state, reason, version, updated_by, updated_at) VALUES ", 8, rows)
}

func (db *DB) insertTargets(ctx context.Context, tx *sqlx.Tx, ids map[string]int64, b Bulk) error {
	rows := make([][]any, 0, len(b.Targets))
	now := db.now()
	for _, t := range b.Targets {
		id, err := lookup(ids, t.AgencyCode)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, t.Indicator, t.Year, t.Value, b.Actor, now})
	}
	return insertRows(ctx, tx, "INSERT INTO targets (agency_id, indicator, year, value, updated_by, updated_at) VALUES ", 6, rows)
}

// insertRows sends rows in chunks that stay under SQLite's limit of 32,766
// bound parameters per statement.
func insertRows(ctx context.Context, tx *sqlx.Tx, prefix string, cols int, rows [][]any) error {
	return execRows(ctx, tx, rowsStmt{prefix: prefix, cols: cols}, rows)
}

// rowsStmt is a multi-row statement: prefix, one tuple per row, suffix (an
// ON CONFLICT clause, or nothing).
type rowsStmt struct {
	prefix string
	suffix string
	cols   int
}

// execRows runs s over rows in chunks as large as SQLite's limit of
// 32,766 bound parameters per statement allows: loads want few statements.
func execRows(ctx context.Context, tx *sqlx.Tx, s rowsStmt, rows [][]any) error {
	return execChunks(ctx, tx, s, rows, 30000/s.cols)
}

// execer is what a multi-row statement runs on: a plain transaction, or
// the write path's stmtTx that prepares each statement once.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	Rebind(query string) string
}

// execChunks runs s over rows, chunk rows per statement.
func execChunks(ctx context.Context, x execer, s rowsStmt, rows [][]any, chunk int) error {
	tuple := "(" + placeholders(s.cols) + ")"
	for start := 0; start < len(rows); start += chunk {
		end := min(start+chunk, len(rows))
		args := make([]any, 0, (end-start)*s.cols)
		var b strings.Builder
		b.Grow(len(s.prefix) + len(s.suffix) + (end-start)*(len(tuple)+2))
		b.WriteString(s.prefix)
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, r...)
		}
		b.WriteString(s.suffix)
		if _, err := x.ExecContext(ctx, x.Rebind(b.String()), args...); err != nil {
			return err
		}
	}
	return nil
}

// Loader writes a dataset too large to hold in memory (the synthetic
// national one: millions of values) in batched transactions of multi-row
// INSERTs, then rebuilds the year figures and rollups in SQL. For the
// length of the load the writer runs with synchronous=OFF and a large page
// cache: a crash mid-load loses the load, never a committed user write,
// because a load only ever goes into a database that was empty.
type Loader struct {
	db     *DB
	ids    map[string]int64
	actor  string
	source string
	batch  int
	now    time.Time
	vals   [][]any
	subs   [][]any
	counts map[string]int
}

// LoaderOptions say who loads and how many values go in one transaction.
type LoaderOptions struct {
	Actor  string
	Source string
	Batch  int // values per transaction; 0 means 200,000
}

// NewLoader adds the agencies (parents before children) and returns a
// loader for their values. Close must be called to finish the load.
func (db *DB) NewLoader(ctx context.Context, agencies []kpi.Agency, o LoaderOptions) (*Loader, error) {
	if _, err := kpi.NewTree(agencies); err != nil {
		return nil, err
	}
	for _, p := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"} {
		if _, err := db.w.ExecContext(ctx, p); err != nil {
			return nil, err
		}
	}
	l := &Loader{db: db, actor: o.Actor, source: o.Source, batch: o.Batch, now: db.now(), counts: map[string]int{}}
	if l.batch <= 0 {
		l.batch = 200_000
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for i, a := range agencies {
			if err := insertAgency(ctx, tx, a, i); err != nil {
				return err
			}
		}
		var err error
		l.ids, err = agencyIDs(ctx, tx)
		return err
	})
	if err != nil {
		l.restore(ctx)
		return nil, err
	}
	l.counts["agency"] = len(agencies)
	return l, nil
}

// Value queues one value; a full batch is written in its own transaction.
func (l *Loader) Value(ctx context.Context, v kpi.Value) error {
	if _, ok := l.db.cat.Get(v.Indicator); !ok {
		return kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", v.Indicator)
	}
	id, err := lookup(l.ids, v.Agency)
	if err != nil {
		return err
	}
	l.vals = append(l.vals, []any{id, v.Indicator, v.Period.Year, v.Period.Quarter, v.Value, l.actor, l.now})
	if len(l.vals) >= l.batch {
		return l.flush(ctx)
	}
	return nil
}

// Submission queues the state of one agency's quarter.
func (l *Loader) Submission(ctx context.Context, s kpi.Submission) error {
	id, err := lookup(l.ids, s.Agency)
	if err != nil {
		return err
	}
	l.subs = append(l.subs, []any{id, s.Period.Year, s.Period.Quarter, s.State, s.Reason, 1, l.actor, l.now})
	if len(l.subs) >= l.batch {
		return l.flush(ctx)
	}
	return nil
}

func (l *Loader) flush(ctx context.Context) error {
	err := l.db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := insertRows(ctx, tx, "INSERT INTO kpi_values (agency_id, indicator, year, quarter, value, updated_by, updated_at) VALUES ", 7, l.vals); err != nil {
			return err
		}
		return insertRows(ctx, tx, "INSERT INTO submissions (agency_id, year, quarter, state, reason, version, updated_by, updated_at) VALUES ", 8, l.subs)
	})
	l.counts["value"] += len(l.vals)
	l.counts["submission"] += len(l.subs)
	l.vals, l.subs = l.vals[:0], l.subs[:0]
	return err
}

// Close writes what is queued, rebuilds every year figure and rollup, adds
// the audit rows of the load and puts the writer's settings back.
func (l *Loader) Close(ctx context.Context) error {
	defer l.restore(ctx)
	if err := l.flush(ctx); err != nil {
		return err
	}
	return l.db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := l.db.rebuildRollups(ctx, tx); err != nil {
			return err
		}
		for _, entity := range []string{"agency", "value", "submission"} {
			e := AuditEntry{Actor: l.actor, Action: "bulk.load", Entity: entity, New: fmt.Sprint(l.counts[entity]), Source: l.source}
			if err := l.db.audit(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// Counts returns how many rows of each kind the load wrote so far.
func (l *Loader) Counts() map[string]int { return l.counts }

// Abort gives up a load that failed midway: the batches already committed
// stay (a load goes into a new file, which the caller deletes), the
// writer's settings are put back.
func (l *Loader) Abort(ctx context.Context) { l.restore(ctx) }

func (l *Loader) restore(ctx context.Context) {
	for _, p := range []string{"PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -2000"} {
		_, _ = l.db.w.ExecContext(ctx, p)
	}
}
