// Package kpi holds parkpi's domain: agencies, the indicator catalogue,
// periods, values and the pure functions that aggregate them. It does no I/O
// and imports nothing else of parkpi, so every rule here is table-tested.
package kpi

import (
	"errors"
	"fmt"
)

// Error codes: one coded error type for the whole application, mapped to
// HTTP statuses in one place by the web package.
const (
	EINVALID      = "invalid"      // the input breaks a rule; the message says which
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	ECONFLICT     = "conflict"     // someone else changed it first, or the state forbids it
	EUNAUTHORIZED = "unauthorized" // not logged in
	EFORBIDDEN    = "forbidden"    // logged in, but not allowed
	EBUSY         = "busy"         // too much at once: try again shortly (nothing was done)
	ESTORAGE      = "storage"      // the database cannot take a write (disk full, read-only): nothing was saved
	EINTERNAL     = "internal"     // our fault; details are logged, never shown
)

// Error is an application error with a code and a message fit for a clerk:
// Vietnamese first, English second.
type Error struct {
	Code      string
	MessageVI string
	MessageEN string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.MessageEN)
}

// Errorf returns a coded error with a Vietnamese and an English message.
func Errorf(code, vi, en string, args ...any) *Error {
	return &Error{Code: code, MessageVI: fmt.Sprintf(vi, args...), MessageEN: fmt.Sprintf(en, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not ours.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err in the language lang
// ("vi" or "en"); internal errors get a generic message so nothing leaks.
func ErrorMessage(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) {
		if lang == "en" {
			return e.MessageEN
		}
		return e.MessageVI
	}
	if lang == "en" {
		return "An internal error occurred."
	}
	return "Đã xảy ra lỗi hệ thống."
}
