package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// AuditFilter selects audit rows. Scope and Agency each restrict the rows to
// an agency's subtree: Scope is the reader's (a leader sees their subtree,
// an admin "" sees all, including changes that concern no agency), Agency
// the one chosen on the page.
type AuditFilter struct {
	Scope   string
	Agency  string
	Actor   string
	Kind    string // AuditKindAccess: access events only; AuditKindChanges: the rest; "": all
	Year    int
	Quarter int
	From    time.Time // inclusive; zero: no bound
	To      time.Time // exclusive; zero: no bound
	Limit   int       // 0: all (the CSV)
	Offset  int
}

// The kinds of audit rows a filter may ask for.
const (
	AuditKindAccess  = "access"
	AuditKindChanges = "changes"
)

// AuditRow is one audit entry as the page and the CSV show it.
type AuditRow struct {
	ID         int64          `db:"id"`
	At         time.Time      `db:"-"`
	AtUnix     int64          `db:"at"`
	Actor      string         `db:"actor"`
	Action     string         `db:"action"`
	Entity     string         `db:"entity"`
	AgencyCode sql.NullString `db:"agency_code"`
	AgencyName sql.NullString `db:"agency_name"`
	Year       sql.NullInt64  `db:"year"`
	Quarter    sql.NullInt64  `db:"quarter"`
	Field      string         `db:"field"`
	Old        string         `db:"old_value"`
	New        string         `db:"new_value"`
	Source     string         `db:"source"`
	Address    string         `db:"address"`
	Route      string         `db:"route"`
}

// where builds the filter's conditions. A subtree is resolved to its
// root's id through the cached tree, so the server plans the read with the
// closure's statistics for that root (how large its subtree is), never a
// guess; an unknown code matches nothing.
func (db *DB) auditWhere(ctx context.Context, f AuditFilter) (string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, arg any) { conds, args = append(conds, cond), append(args, arg) }
	for _, code := range []string{f.Scope, f.Agency} {
		if code == "" {
			continue
		}
		tree, err := db.Tree(ctx)
		if err != nil {
			return "", nil, err
		}
		id := int64(-1)
		if a := tree.Get(code); a != nil {
			id = a.ID
		}
		conds = append(conds, `l.agency_id IN (SELECT c.descendant_id FROM agency_closure c WHERE `+ancestorIs("c", id)+`)`)
	}
	if f.Actor != "" {
		add("l.actor = ?", f.Actor)
	}
	switch f.Kind {
	case AuditKindAccess:
		add("l.entity = ?", AuditEntityAccess)
	case AuditKindChanges:
		add("l.entity <> ?", AuditEntityAccess)
	}
	if f.Year != 0 {
		add("l.year = ?", f.Year)
	}
	if f.Quarter != 0 {
		add("l.quarter = ?", f.Quarter)
	}
	if !f.From.IsZero() {
		add("l.at >= ?", unix(f.From))
	}
	if !f.To.IsZero() {
		add("l.at < ?", unix(f.To))
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// selectAudit reads the agency's name as the row recorded it (the name
// when the event happened), today's only for a row that has none.
const selectAudit = `SELECT l.id, l.at, l.actor, l.action, l.entity, a.code AS agency_code,
	COALESCE(l.agency_name, a.name) AS agency_name,
	l.year, l.quarter, l.field, l.old_value, l.new_value, l.source, l.address, l.route
	FROM audit_log l LEFT JOIN agencies a ON a.id = l.agency_id`

// AuditLog returns a page of audit rows, newest first, and how many rows
// match in all.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]AuditRow, int, error) {
	where, args, err := db.auditWhere(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := db.r.GetContext(ctx, &total, db.r.Rebind("SELECT COUNT(*) FROM audit_log l"+where), args...); err != nil {
		return nil, 0, err
	}
	q := selectAudit + where + " ORDER BY l.at DESC, l.id DESC"
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	var rows []AuditRow
	if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(q), args...); err != nil {
		return nil, 0, err
	}
	for i := range rows {
		rows[i].At = fromUnix(rows[i].AtUnix)
	}
	return rows, total, nil
}

// EachAudit streams every matching row, newest first, to fn (the CSV
// download), without holding them all in memory.
func (db *DB) EachAudit(ctx context.Context, f AuditFilter, fn func(AuditRow) error) error {
	where, args, err := db.auditWhere(ctx, f)
	if err != nil {
		return err
	}
	rows, err := db.r.QueryxContext(ctx, db.r.Rebind(selectAudit+where+" ORDER BY l.at DESC, l.id DESC"), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return scanAudit(rows, fn)
}

func scanAudit(rows *sqlx.Rows, fn func(AuditRow) error) error {
	for rows.Next() {
		var row AuditRow
		if err := rows.StructScan(&row); err != nil {
			return err
		}
		row.At = fromUnix(row.AtUnix)
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}
