package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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

// ErrNotEmpty refuses a load into a database that holds agencies: a load
// never changes existing data (two instances starting at once on a new
// database load it once).
var ErrNotEmpty = kpi.Errorf(kpi.ECONFLICT, "Cơ sở dữ liệu đã có số liệu; không nạp dữ liệu mẫu.",
	"The database already holds data; the demo is not loaded.")

// BulkLoad inserts a dataset and its agencies into an empty database and
// builds every derived table from it, in one transaction, with one audit
// row per kind of thing loaded. A database that holds agencies (checked
// inside the transaction, which holds the tree exclusive) is refused with
// ErrNotEmpty.
func (db *DB) BulkLoad(ctx context.Context, b Bulk) error {
	for _, a := range b.Agencies {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	err := db.inStmtTx(ctx, Locks{Tree: TreeExclusive}, func(t *stmtTx) error {
		var n int
		if err := t.GetContext(ctx, &n, "SELECT COUNT(*) FROM agencies"); err != nil {
			return err
		}
		if n > 0 {
			return ErrNotEmpty
		}
		for i, a := range b.Agencies {
			if err := insertAgency(ctx, t, a, i); err != nil {
				return err
			}
		}
		ids, err := agencyIDs(ctx, t)
		if err != nil {
			return err
		}
		if err := db.insertValues(ctx, t, ids, b); err != nil {
			return err
		}
		if err := db.insertSubmissions(ctx, t, ids, b); err != nil {
			return err
		}
		if err := db.insertTargets(ctx, t, ids, b); err != nil {
			return err
		}
		if err := db.rebuildTx(ctx, t); err != nil {
			return err
		}
		for _, what := range []struct {
			entity string
			n      int
		}{{"value", len(b.Values)}, {"submission", len(b.Submissions)}, {"target", len(b.Targets)}} {
			e := AuditEntry{Actor: b.Actor, Action: "bulk.load", Entity: what.entity, New: fmt.Sprint(what.n), Source: b.Source}
			if err := db.audit(ctx, t, e); err != nil {
				return err
			}
		}
		return db.publishAll(ctx, t)
	})
	if err == nil {
		db.changes.notify(Change{All: true})
	}
	return err
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

// valueRow is a kpi_values row of a load.
func (db *DB) valueRow(cat *kpi.Catalogue, ids map[string]int64, v kpi.Value, actor string, at int64) ([]any, error) {
	ind, err := db.indicatorID(cat, v.Indicator)
	if err != nil {
		return nil, err
	}
	id, err := lookup(ids, v.Agency)
	if err != nil {
		return nil, err
	}
	return []any{id, v.Period.Year, v.Period.Code(), ind, v.Option, v.Value, 1, actor, at}, nil
}

const (
	insertValuesSQL      = "INSERT INTO kpi_values (agency_id, year, period, indicator_id, option_id, value, version, updated_by, updated_at) VALUES "
	insertSubmissionsSQL = "INSERT INTO submissions (agency_id, dataset_id, year, period, state, reason, version, updated_by, updated_at) VALUES "
)

// insertValues uses multi-row INSERTs: one statement per few hundred
// values is what makes millions of rows load in seconds.
func (db *DB) insertValues(ctx context.Context, t *stmtTx, ids map[string]int64, b Bulk) error {
	rows := make([][]any, 0, len(b.Values))
	now := unix(db.now())
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	for _, v := range b.Values {
		row, err := db.valueRow(cat, ids, v, b.Actor, now)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}
	return insertRows(ctx, t, insertValuesSQL, 9, rows)
}

func (db *DB) insertSubmissions(ctx context.Context, t *stmtTx, ids map[string]int64, b Bulk) error {
	rows := make([][]any, 0, len(b.Submissions))
	now := unix(db.now())
	for _, s := range b.Submissions {
		id, err := lookup(ids, s.Agency)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, mainDataset, s.Period.Year, s.Period.Code(), s.State, s.Reason, 1, b.Actor, now})
	}
	return insertRows(ctx, t, insertSubmissionsSQL, 9, rows)
}

func (db *DB) insertTargets(ctx context.Context, t *stmtTx, ids map[string]int64, b Bulk) error {
	rows := make([][]any, 0, len(b.Targets))
	now := unix(db.now())
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	for _, tg := range b.Targets {
		id, err := lookup(ids, tg.AgencyCode)
		if err != nil {
			return err
		}
		ind, err := db.indicatorID(cat, tg.Indicator)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, ind, tg.Year, tg.Value, b.Actor, now})
	}
	return insertRows(ctx, t, "INSERT INTO targets (agency_id, indicator_id, year, value, updated_by, updated_at) VALUES ", 6, rows)
}

// insertRows sends rows in chunks that stay under SQLite's limit of 32,766
// bound parameters per statement.
func insertRows(ctx context.Context, tx execer, prefix string, cols int, rows [][]any) error {
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
func execRows(ctx context.Context, x execer, s rowsStmt, rows [][]any) error {
	return execChunks(ctx, x, s, rows, 30000/s.cols)
}

// execer is what a multi-row statement runs on: a plain transaction, or
// the write path's stmtTx that prepares each statement once.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	Rebind(query string) string
}

// execChunks runs s over rows, chunk rows per statement.
func execChunks(ctx context.Context, x execer, s rowsStmt, rows [][]any, chunk int) error {
	for start := 0; start < len(rows); start += chunk {
		q, args := s.build(rows[start:min(start+chunk, len(rows))])
		if _, err := x.ExecContext(ctx, x.Rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}

// build is the statement for rows and its arguments.
func (s rowsStmt) build(rows [][]any) (string, []any) {
	tuple := "(" + placeholders(s.cols) + ")"
	args := make([]any, 0, len(rows)*s.cols)
	var b strings.Builder
	b.Grow(len(s.prefix) + len(s.suffix) + len(rows)*(len(tuple)+2))
	b.WriteString(s.prefix)
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
		args = append(args, r...)
	}
	b.WriteString(s.suffix)
	return b.String(), args
}
