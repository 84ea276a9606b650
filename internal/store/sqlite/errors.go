package sqlite

import (
	"strings"

	"github.com/mattn/go-sqlite3"

	"parkpi/internal/store"
)

// Retryable is true for a busy database: another process held the write
// lock for longer than the busy timeout. The transaction did nothing and
// may run again.
func (e *Engine) Retryable(err error) bool {
	se, ok := errorOf(err)
	return ok && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// Violation reads SQLite's constraint errors: "UNIQUE constraint failed:
// users.username" names the table and columns; a foreign-key failure names
// neither.
func (e *Engine) Violation(err error) (store.Violation, bool) {
	se, ok := errorOf(err)
	if !ok || se.Code != sqlite3.ErrConstraint {
		return store.Violation{}, false
	}
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		v := store.Violation{Kind: store.UniqueViolation}
		_, cols, _ := strings.Cut(se.Error(), "constraint failed: ")
		for _, tc := range strings.Split(cols, ", ") {
			table, col, ok := strings.Cut(strings.TrimSpace(tc), ".")
			if ok {
				v.Table = table
				v.Columns = append(v.Columns, col)
			}
		}
		return v, true
	case sqlite3.ErrConstraintForeignKey:
		return store.Violation{Kind: store.ForeignKeyViolation}, true
	}
	return store.Violation{}, false
}
