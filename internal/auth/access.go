package auth

import (
	"context"
	"unicode/utf8"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Access events in the audit trail: who (or the name tried), from which
// address, on which route. They are rows of entity EntityAccess, so the
// audit page can show them alone (KindAccess) or leave them out.
const (
	EntityAccess    = store.AuditEntityAccess
	ActLogin        = "auth.login"
	ActLoginFailed  = "auth.login_failed"
	ActLockout      = "auth.lockout"
	ActLogout       = "auth.logout"
	ActAccessDenied = "auth.denied"

	KindAccess  = store.AuditKindAccess
	KindChanges = store.AuditKindChanges
)

// Limits checked before any database work: a username or password longer
// than these cannot be an account's, so a login with one costs nothing.
const (
	maxLoginName     = 64
	maxLoginPassword = 256
)

// Where is where a request came from and what it asked for.
type Where struct {
	Address string
	Route   string // "POST /login"
}

// Access is one access event to record.
type Access struct {
	Action   string
	Username string // the account, or the name tried
	AgencyID int64  // the account's scope agency (0: unknown name)
	Where    Where
	Detail   string
}

// entry is an access event as an audit row.
func (a Access) entry() store.AuditEntry {
	return store.AuditEntry{Actor: clip(a.Username, maxLoginName), Action: a.Action, Entity: EntityAccess,
		AgencyID: a.AgencyID, New: a.Detail, Source: "web", Address: a.Where.Address, Route: clip(a.Where.Route, 200)}
}

// RecordAccess writes an access event in its own transaction: a refused
// request (403) the web layer saw.
func (s *Service) RecordAccess(ctx context.Context, a Access) error {
	return s.db.RecordAudit(ctx, a.entry())
}

// checkLoginInput refuses, before anything is read or written, a login
// whose username or password is longer than any account's can be.
func checkLoginInput(in LoginRequest) error {
	if len(in.Username) > maxLoginName || len(in.Password) > maxLoginPassword {
		return kpi.Errorf(kpi.EINVALID, "Tên đăng nhập (tối đa %d ký tự) hoặc mật khẩu (tối đa %d ký tự) quá dài.",
			"The username (at most %d characters) or the password (at most %d characters) is too long.", maxLoginName, maxLoginPassword)
	}
	return nil
}

// clip cuts s to at most n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
