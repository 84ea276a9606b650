package sqlite

import (
	"errors"
	"strings"

	"github.com/mattn/go-sqlite3"

	"parkpi/internal/kpi"
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

// StorageError reads SQLite's errors of the storage itself.
func (e *Engine) StorageError(err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return nil
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return kpi.Errorf(kpi.ESTORAGE, "Máy chủ hết dung lượng lưu trữ — chưa lưu gì. Hãy báo quản trị viên.",
			"Storage full — nothing was saved. Please tell an administrator.")
	case sqlite3.ErrReadonly:
		return kpi.Errorf(kpi.ESTORAGE, "Cơ sở dữ liệu đang ở chế độ chỉ đọc — chưa lưu gì. Hãy báo quản trị viên.",
			"The database is read-only — nothing was saved. Please tell an administrator.")
	case sqlite3.ErrIoErr, sqlite3.ErrCantOpen:
		return kpi.Errorf(kpi.ESTORAGE, "Máy chủ không ghi được vào ổ đĩa — chưa lưu gì. Hãy báo quản trị viên.",
			"The server cannot write to its disk — nothing was saved. Please tell an administrator.")
	}
	return nil
}
