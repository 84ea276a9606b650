package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

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
