package web

import "parkpi/internal/kpi"

// fieldErrors is a refusal by the one validation that names its fields:
// the API answers 422 with the summary and, under "fields", each field's
// message in both languages, so a client can show every message beside
// its own field.
type fieldErrors struct {
	err    *kpi.Error
	fields []kpi.FieldError
}

func (e fieldErrors) Error() string { return e.err.Error() }

// Unwrap gives the coded error: its code decides the status.
func (e fieldErrors) Unwrap() error { return e.err }

// checkErrors turns a failed check into a fieldErrors, nil when it passed.
func checkErrors(c kpi.Check) error {
	err := c.Err()
	if err == nil {
		return nil
	}
	ke, _ := err.(*kpi.Error)
	return fieldErrors{err: ke, fields: c.Errors}
}
