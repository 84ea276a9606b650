package auth

import (
	"context"

	"parkpi/internal/store"
)

// AuditFilter selects audit rows (store.AuditFilter): the reader's scope,
// the agency, actor, period and time bounds chosen, and the page.
type AuditFilter = store.AuditFilter

// AuditRow is one audit entry as the page and the CSV show it.
type AuditRow = store.AuditRow

// AuditLog returns a page of audit rows, newest first, and how many rows
// match in all.
func (s *Service) AuditLog(ctx context.Context, f AuditFilter) ([]AuditRow, int, error) {
	return s.db.AuditLog(ctx, f)
}

// EachAudit streams every matching row, newest first, to fn (the CSV
// download), without holding them all in memory.
func (s *Service) EachAudit(ctx context.Context, f AuditFilter, fn func(AuditRow) error) error {
	return s.db.EachAudit(ctx, f, fn)
}
