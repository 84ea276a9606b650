package auth

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
	Kind    string // "access": logins, lockouts, logouts and refusals only; "changes": the rest; "": all
	Year    int
	Quarter int
	From    time.Time // inclusive; zero: no bound
	To      time.Time // exclusive; zero: no bound
	Limit   int       // 0: all (the CSV)
	Offset  int
}

// AuditRow is one audit entry as the page and the CSV show it.
type AuditRow struct {
	ID         int64          `db:"id"`
	At         time.Time      `db:"at"`
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

// where builds the filter's conditions with ? placeholders.
func (f AuditFilter) where() (string, []any) {
	var conds []string
	var args []any
	subtree := `l.agency_id IN (SELECT c.descendant_id FROM agency_closure c
		JOIN agencies s ON s.id = c.ancestor_id WHERE s.code = ?)`
	for _, code := range []string{f.Scope, f.Agency} {
		if code != "" {
			conds, args = append(conds, subtree), append(args, code)
		}
	}
	add := func(cond string, arg any) { conds, args = append(conds, cond), append(args, arg) }
	if f.Actor != "" {
		add("l.actor = ?", f.Actor)
	}
	switch f.Kind {
	case KindAccess:
		add("l.entity = ?", EntityAccess)
	case KindChanges:
		add("l.entity <> ?", EntityAccess)
	}
	if f.Year != 0 {
		add("l.year = ?", f.Year)
	}
	if f.Quarter != 0 {
		add("l.quarter = ?", f.Quarter)
	}
	if !f.From.IsZero() {
		add("l.at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("l.at < ?", f.To.UTC())
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// selectAudit reads the agency's name as the row recorded it (the name
// when the event happened), today's only for a row that has none.
const selectAudit = `SELECT l.id, l.at, l.actor, l.action, l.entity, a.code AS agency_code,
	COALESCE(l.agency_name, a.name) AS agency_name,
	l.year, l.quarter, l.field, l.old_value, l.new_value, l.source, l.address, l.route
	FROM audit_log l LEFT JOIN agencies a ON a.id = l.agency_id`

// AuditLog returns a page of audit rows, newest first, and how many rows
// match in all.
func (s *Service) AuditLog(ctx context.Context, f AuditFilter) ([]AuditRow, int, error) {
	r := s.db.Reader()
	where, args := f.where()
	var total int
	if err := r.GetContext(ctx, &total, r.Rebind("SELECT COUNT(*) FROM audit_log l"+where), args...); err != nil {
		return nil, 0, err
	}
	q := selectAudit + where + " ORDER BY l.at DESC, l.id DESC"
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	var rows []AuditRow
	err := r.SelectContext(ctx, &rows, r.Rebind(q), args...)
	return rows, total, err
}

// EachAudit streams every matching row, newest first, to fn (the CSV
// download), without holding them all in memory.
func (s *Service) EachAudit(ctx context.Context, f AuditFilter, fn func(AuditRow) error) error {
	r := s.db.Reader()
	where, args := f.where()
	rows, err := r.QueryxContext(ctx, r.Rebind(selectAudit+where+" ORDER BY l.at DESC, l.id DESC"), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return scanEach(rows, fn)
}

func scanEach(rows *sqlx.Rows, fn func(AuditRow) error) error {
	for rows.Next() {
		var row AuditRow
		if err := rows.StructScan(&row); err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}
