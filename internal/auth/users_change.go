package auth

import (
	"context"

	"parkpi/internal/store"
)

// UpdateUser changes a user's full name, role and scope agency, with one
// audit row per changed field, in one transaction. The last enabled admin
// keeps the admin role.
func (s *Service) UpdateUser(ctx context.Context, by Actor, id int64, c UserChange) error {
	if fe := c.Validate(); len(fe) > 0 {
		return fe
	}
	return fieldErrors(s.db.UpdateUser(ctx, store.UserWrite{ID: id, FullName: c.FullName, Role: string(c.Role),
		AgencyCode: c.AgencyCode, KeepRole: string(RoleAdmin), Actor: by.Username, Source: by.Source}))
}

// SetDisabled disables or enables a user. Disabling ends the user's
// sessions in the same transaction; nobody disables themselves, and the last
// enabled admin stays enabled.
func (s *Service) SetDisabled(ctx context.Context, by Actor, id int64, disabled bool) error {
	return fieldErrors(s.db.SetUserDisabled(ctx, store.UserWrite{ID: id, KeepRole: string(RoleAdmin),
		Actor: by.Username, Source: by.Source}, disabled))
}

// SetPassword replaces a user's password and ends their sessions, in one
// transaction with an audit row that records the change, not the password.
func (s *Service) SetPassword(ctx context.Context, by Actor, id int64, password string) error {
	if err := checkPassword(password); err != nil {
		return FieldErrors{FieldPassword: err}
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.db.SetPasswordHash(ctx, store.UserWrite{ID: id, Hash: hash, Actor: by.Username, Source: by.Source})
}
