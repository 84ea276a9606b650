package store

import (
	"context"
	"strings"
)

// Multi-row statements as arrays. On a server every statement is a round
// trip and, for each distinct text, a plan: rows bound as a VALUES list
// (rowsStmt.build) need a statement per chunk size and, for one save's
// dozen rows, three or four statements per table. An engine that takes
// arrays as parameters (PostgreSQL) gets one array per column instead,
// unnested into rows in their order: one statement, of one text whatever
// the number of rows, whose generic plan every call reuses.

// arrayBinder is an engine whose statements take typed arrays as
// parameters and unnest them.
type arrayBinder interface {
	BindsArrays() bool
}

func (db *DB) bindsArrays() bool {
	a, ok := db.eng.(arrayBinder)
	return ok && a.BindsArrays()
}

// columnArrays is rows as one typed array per column, with the SQL type of
// each; ok is false when a column holds a nil or a Go type it does not
// map, and the caller binds the rows one by one then.
func columnArrays(rows [][]any, cols int) (arrays []any, types []string, ok bool) {
	arrays, types = make([]any, cols), make([]string, cols)
	for c := 0; c < cols; c++ {
		switch rows[0][c].(type) {
		case int, int32, int64:
			arrays[c], ok = column(rows, c, asInt64)
			types[c] = "int8"
		case float64:
			arrays[c], ok = column(rows, c, as[float64])
			types[c] = "float8"
		case string:
			arrays[c], ok = column(rows, c, as[string])
			types[c] = "text"
		default:
			ok = false
		}
		if !ok {
			return nil, nil, false
		}
	}
	return arrays, types, true
}

// column is the c-th column of rows as a []T, each value converted by
// conv; ok is false when one does not convert.
func column[T any](rows [][]any, c int, conv func(any) (T, bool)) (any, bool) {
	out := make([]T, len(rows))
	for i, r := range rows {
		v, ok := conv(r[c])
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func as[T any](v any) (T, bool) {
	t, ok := v.(T)
	return t, ok
}

func asInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	}
	return 0, false
}

// unnestOf is the FROM item of the arrays of types.
func unnestOf(types []string) string {
	casts := make([]string, len(types))
	for i, t := range types {
		casts[i] = "CAST(? AS " + t + "[])"
	}
	return "unnest(" + strings.Join(casts, ", ") + ")"
}

// arrayQuery is s over arrays of types: its INSERT … VALUES head as
// INSERT … SELECT from the unnested arrays, with s's suffix.
func (s rowsStmt) arrayQuery(types []string) string {
	head := strings.TrimSuffix(strings.TrimRight(s.prefix, " \n\t"), "VALUES")
	return head + "SELECT * FROM " + unnestOf(types) + s.suffix
}

// arrayRows is s over rows as one statement of arrays and its arguments;
// ok is false when the rows do not bind as arrays (columnArrays) or the
// transaction's engine does not take them.
func (t *stmtTx) arrayRows(s rowsStmt, rows [][]any) (string, []any, bool) {
	arrays, types, ok := t.asArrays(rows, s.cols)
	if !ok {
		return "", nil, false
	}
	return t.Rebind(s.arrayQuery(types)), arrays, true
}

// asArrays is rows as columnArrays when the transaction's engine binds
// arrays and there are rows.
func (t *stmtTx) asArrays(rows [][]any, cols int) ([]any, []string, bool) {
	if !t.arrays || len(rows) == 0 {
		return nil, nil, false
	}
	return columnArrays(rows, cols)
}

// moveRanksAsArrays is moveRankRows as one statement of arrays, the moves
// unnested and joined to rank_entries by its key (one primary-key lookup
// per move); done is false when the engine or the rows do not bind as
// arrays, and nothing ran.
func moveRanksAsArrays(ctx context.Context, t *stmtTx, rows [][]any) (done bool, err error) {
	arrays, types, ok := t.asArrays(rows, 8)
	if !ok {
		return false, nil
	}
	_, err = t.ExecContext(ctx, t.Rebind(`UPDATE rank_entries SET value = m.new_value, levels = m.levels
		FROM `+unnestOf(types)+` AS m(scope_id, indicator_id, year, period, old_value, new_value, levels, agency_id)
		WHERE rank_entries.scope_id = m.scope_id AND rank_entries.indicator_id = m.indicator_id
		AND rank_entries.year = m.year AND rank_entries.period = m.period
		AND rank_entries.value = m.old_value AND rank_entries.agency_id = m.agency_id`), arrays...)
	return true, err
}
