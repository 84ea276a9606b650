package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// SQLSTATEs the store reacts to.
const (
	serializationFailure = "40001"
	deadlockDetected     = "40P01"
	uniqueViolation      = "23505"
	foreignKeyViolation  = "23503"
)

// Retryable is true for a serialization failure and a deadlock: the server
// rolled the transaction back because of another one, and the same
// transaction run again may well succeed.
func (e *Engine) Retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == serializationFailure || pe.Code == deadlockDetected)
}

// Violation reads a unique or foreign-key violation: the table from the
// error's fields, the columns from its detail ("Key (username)=(x) already
// exists.").
func (e *Engine) Violation(err error) (store.Violation, bool) {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return store.Violation{}, false
	}
	var v store.Violation
	switch pe.Code {
	case uniqueViolation:
		v.Kind = store.UniqueViolation
	case foreignKeyViolation:
		v.Kind = store.ForeignKeyViolation
	default:
		return store.Violation{}, false
	}
	v.Table = pe.TableName
	if _, rest, ok := strings.Cut(pe.Detail, "Key ("); ok {
		if cols, _, ok := strings.Cut(rest, ")="); ok {
			v.Columns = strings.Split(cols, ", ")
		}
	}
	return v, true
}

// SQLSTATEs of the storage itself.
const (
	diskFull            = "53100"
	readOnlyTransaction = "25006"
)

// StorageError reads the server's errors of the storage itself: a full
// disk, a read-only database (a standby, or one set read-only), and a
// server that cannot be reached or is shutting down.
func (e *Engine) StorageError(err error) error {
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &pe) && pe.Code == diskFull:
		return kpi.Errorf(kpi.ESTORAGE, "Máy chủ cơ sở dữ liệu hết dung lượng lưu trữ — chưa lưu gì. Hãy báo quản trị viên.",
			"The database server's storage is full — nothing was saved. Please tell an administrator.")
	case errors.As(err, &pe) && pe.Code == readOnlyTransaction:
		return kpi.Errorf(kpi.ESTORAGE, "Cơ sở dữ liệu đang ở chế độ chỉ đọc — chưa lưu gì. Hãy báo quản trị viên.",
			"The database is read-only — nothing was saved. Please tell an administrator.")
	case errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P")),
		errors.As(err, &ce), pgconn.SafeToRetry(err):
		return kpi.Errorf(kpi.ESTORAGE, "Không kết nối được máy chủ cơ sở dữ liệu — chưa lưu gì. Hãy thử lại sau ít phút hoặc báo quản trị viên.",
			"The database server cannot be reached — nothing was saved. Try again in a few minutes or tell an administrator.")
	}
	return nil
}
