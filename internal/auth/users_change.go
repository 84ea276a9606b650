package auth

import (
	"context"
	"strconv"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// field names the changed user in an audit row: "<username>:<field>".
func field(username, f string) string { return username + ":" + f }

// UpdateUser changes a user's full name, role and scope agency, with one
// audit row per changed field, in one transaction. The last enabled admin
// keeps the admin role.
func (s *Service) UpdateUser(ctx context.Context, by Actor, id int64, c UserChange) error {
	if fe := c.Validate(); len(fe) > 0 {
		return fe
	}
	return s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		cur, err := getUser(ctx, tx, "u.id = ?", id)
		if err != nil {
			return err
		}
		fe := FieldErrors{}
		agency := agencyID(ctx, tx, c.AgencyCode, fe)
		if err := fe.orNil(); err != nil {
			return err
		}
		if cur.Role == string(RoleAdmin) && c.Role != RoleAdmin && !cur.Disabled {
			if err := s.keepAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE users SET full_name = ?, role = ?, agency_id = ?, updated_at = ?
			WHERE id = ?`), c.FullName, string(c.Role), agency, s.now(), id)
		if err != nil {
			return err
		}
		for _, ch := range []struct{ f, old, new string }{
			{"full_name", cur.FullName, c.FullName}, {"role", cur.Role, string(c.Role)}, {"agency", cur.AgencyCode, c.AgencyCode},
		} {
			if ch.old == ch.new {
				continue
			}
			if err := s.audit(ctx, tx, by, "user.update", agency, field(cur.Username, ch.f), ch.old, ch.new); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Service) keepAnAdmin(ctx context.Context, tx *sqlx.Tx, id int64) error {
	n, err := otherAdmins(ctx, tx, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return errLastAdmin()
	}
	return nil
}

// SetDisabled disables or enables a user. Disabling ends the user's
// sessions in the same transaction; nobody disables themselves, and the last
// enabled admin stays enabled.
func (s *Service) SetDisabled(ctx context.Context, by Actor, id int64, disabled bool) error {
	return s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		cur, err := getUser(ctx, tx, "u.id = ?", id)
		if err != nil {
			return err
		}
		if cur.Disabled == disabled {
			return nil // nothing changes, nothing to audit
		}
		if disabled && cur.Username == by.Username {
			return kpi.Errorf(kpi.ECONFLICT, "Bạn không thể tự khóa tài khoản của mình.", "You cannot disable your own account.")
		}
		if disabled && cur.Role == string(RoleAdmin) {
			if err := s.keepAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?"),
			boolInt(disabled), s.now(), id); err != nil {
			return err
		}
		if disabled {
			if err := endSessions(ctx, tx, id); err != nil {
				return err
			}
		}
		action := map[bool]string{true: "user.disable", false: "user.enable"}[disabled]
		return s.audit(ctx, tx, by, action, cur.AgencyID, field(cur.Username, "disabled"),
			strconv.FormatBool(cur.Disabled), strconv.FormatBool(disabled))
	})
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
	return s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		cur, err := getUser(ctx, tx, "u.id = ?", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?"),
			hash, s.now(), id); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "user.password", cur.AgencyID, field(cur.Username, "password"), "", "changed")
	})
}

func endSessions(ctx context.Context, tx *sqlx.Tx, userID int64) error {
	_, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE user_id = ?"), userID)
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
