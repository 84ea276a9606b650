package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// UserRecord is an account as stored, with its password hash (which only
// the auth package reads).
type UserRecord struct {
	ID         int64  `db:"id"`
	Username   string `db:"username"`
	FullName   string `db:"full_name"`
	Role       string `db:"role"`
	AgencyID   int64  `db:"agency_id"`
	AgencyCode string `db:"agency_code"`
	Disabled   bool   `db:"disabled"`
	Hash       string `db:"password_hash"`
}

// Field keys of a refused account write, the same as the user form's.
const (
	UserFieldUsername = "username"
	UserFieldAgency   = "agency"
)

// UserFieldErrors is a refused account write: a message per field.
type UserFieldErrors map[string]*kpi.Error

func (fe UserFieldErrors) Error() string {
	for _, f := range []string{UserFieldUsername, UserFieldAgency} {
		if e := fe[f]; e != nil {
			return e.Error()
		}
	}
	return "user fields"
}

const selectUsers = `SELECT u.id, u.username, u.full_name, u.role, u.agency_id, a.code AS agency_code,
	u.disabled, u.password_hash FROM users u JOIN agencies a ON a.id = u.agency_id`

func userWhere(ctx context.Context, q queryer, where string, arg any) (UserRecord, error) {
	var r UserRecord
	err := sqlx.GetContext(ctx, q, &r, q.Rebind(selectUsers+" WHERE "+where), arg)
	if isNoRows(err) {
		return r, kpi.Errorf(kpi.ENOTFOUND, "Không có người dùng %v.", "There is no user %v.", arg)
	}
	return r, err
}

// Users lists every account, by username.
func (db *DB) Users(ctx context.Context) ([]UserRecord, error) {
	var rows []UserRecord
	err := db.r.SelectContext(ctx, &rows, selectUsers+" ORDER BY u.username")
	return rows, err
}

// UserByID returns one account; ENOTFOUND when there is none.
func (db *DB) UserByID(ctx context.Context, id int64) (UserRecord, error) {
	return userWhere(ctx, db.r, "u.id = ?", id)
}

// UserByName returns one account by its (normalised) username.
func (db *DB) UserByName(ctx context.Context, username string) (UserRecord, error) {
	return userWhere(ctx, db.r, "u.username = ?", username)
}

// UserWrite is an account to create, or the fields of one to change, with
// who does it. Hash is the password's hash (creation only).
type UserWrite struct {
	ID         int64 // the account changed (UpdateUser)
	Username   string
	FullName   string
	Role       string
	AgencyCode string
	Hash       string
	// KeepRole is a role of which one enabled account must remain: the
	// administrators, so that nobody locks everybody out.
	KeepRole string
	Actor    string
	Source   string
}

// ErrLastOfRole refuses a change that would leave no enabled account of
// UserWrite.KeepRole.
var ErrLastOfRole = kpi.Errorf(kpi.ECONFLICT, "Không thể khóa hoặc đổi vai trò của quản trị viên cuối cùng.",
	"The last active administrator cannot be disabled or given another role.")

// CreateUser adds an account with its audit row, in one transaction, and
// returns its id. An unknown agency and a taken username (also one taken
// by another write at the same moment: the constraint decides) are refused
// as UserFieldErrors.
func (db *DB) CreateUser(ctx context.Context, w UserWrite) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		fe := UserFieldErrors{}
		agency, err := agencyByCode(ctx, tx, w.AgencyCode)
		if kpi.ErrorCode(err) == kpi.ENOTFOUND {
			fe[UserFieldAgency] = kpi.Errorf(kpi.EINVALID, "Không có cơ quan mã %s.", "There is no agency with code %s.", w.AgencyCode)
		} else if err != nil {
			return err
		}
		if _, err := userWhere(ctx, tx, "u.username = ?", w.Username); err == nil {
			fe[UserFieldUsername] = errTaken(w.Username)
		}
		if len(fe) > 0 {
			return fe
		}
		now := unix(db.now())
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO users
			(username, full_name, role, agency_id, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`),
			w.Username, w.FullName, w.Role, agency.ID, w.Hash, now, now); err != nil {
			return err
		}
		return db.auditUser(ctx, tx, w, "user.create", agency.ID, w.Username, "", fmt.Sprintf("%s; %s; %s", w.FullName, w.Role, w.AgencyCode))
	})
	if errors.Is(err, ErrUsernameTaken) {
		return 0, UserFieldErrors{UserFieldUsername: errTaken(w.Username)}
	}
	return id, err
}

func errTaken(username string) *kpi.Error {
	return kpi.Errorf(kpi.EINVALID, "Tên đăng nhập %s đã có người dùng.", "The username %s is taken.", username)
}

// auditUser writes one user audit row in tx; old and new never hold a
// password or its hash.
func (db *DB) auditUser(ctx context.Context, tx execer, w UserWrite, action string, agency int64, field, old, new string) error {
	return db.audit(ctx, tx, AuditEntry{Actor: w.Actor, Action: action, Entity: "user",
		AgencyID: agency, Field: field, Old: old, New: new, Source: w.Source})
}

// userField names the changed user in an audit row: "<username>:<field>".
func userField(username, f string) string { return username + ":" + f }

// UpdateUser changes an account's full name, role and scope agency, with one
// audit row per changed field, in one transaction.
func (db *DB) UpdateUser(ctx context.Context, w UserWrite) error {
	return db.sessionsTx(ctx, func(tx *sqlx.Tx) (bool, error) {
		return true, db.updateUser(ctx, tx, w)
	})
}

func (db *DB) updateUser(ctx context.Context, tx *sqlx.Tx, w UserWrite) error {
	cur, err := userWhere(ctx, tx, "u.id = ?", w.ID)
	if err != nil {
		return err
	}
	agency, err := agencyByCode(ctx, tx, w.AgencyCode)
	if kpi.ErrorCode(err) == kpi.ENOTFOUND {
		return UserFieldErrors{UserFieldAgency: kpi.Errorf(kpi.EINVALID, "Không có cơ quan mã %s.", "There is no agency with code %s.", w.AgencyCode)}
	} else if err != nil {
		return err
	}
	if cur.Role == w.KeepRole && w.Role != w.KeepRole && !cur.Disabled {
		if err := keepOne(ctx, tx, w.KeepRole, w.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE users SET full_name = ?, role = ?, agency_id = ?, updated_at = ?
		WHERE id = ?`), w.FullName, w.Role, agency.ID, unix(db.now()), w.ID); err != nil {
		return err
	}
	for _, ch := range []struct{ f, old, new string }{
		{"full_name", cur.FullName, w.FullName}, {"role", cur.Role, w.Role}, {"agency", cur.AgencyCode, w.AgencyCode},
	} {
		if ch.old != ch.new {
			if err := db.auditUser(ctx, tx, w, "user.update", agency.ID, userField(cur.Username, ch.f), ch.old, ch.new); err != nil {
				return err
			}
		}
	}
	return nil
}

// keepOne refuses when no enabled account of role but id would remain.
func keepOne(ctx context.Context, tx *sqlx.Tx, role string, id int64) error {
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind("SELECT COUNT(*) FROM users WHERE role = ? AND disabled = 0 AND id <> ?"), role, id); err != nil {
		return err
	}
	if n == 0 {
		return ErrLastOfRole
	}
	return nil
}

// SetUserDisabled disables or enables an account. Disabling ends its
// sessions in the same transaction; nobody disables their own account, and
// the last enabled account of w.KeepRole stays enabled. w names the account
// by ID; its other fields but the actor are not used.
func (db *DB) SetUserDisabled(ctx context.Context, w UserWrite, disabled bool) error {
	return db.sessionsTx(ctx, func(tx *sqlx.Tx) (bool, error) {
		cur, err := userWhere(ctx, tx, "u.id = ?", w.ID)
		if err != nil || cur.Disabled == disabled {
			return false, err // nothing changes, nothing to audit
		}
		return true, db.setUserDisabled(ctx, tx, w, cur, disabled)
	})
}

func (db *DB) setUserDisabled(ctx context.Context, tx *sqlx.Tx, w UserWrite, cur UserRecord, disabled bool) error {
	if disabled && cur.Username == w.Actor {
		return kpi.Errorf(kpi.ECONFLICT, "Bạn không thể tự khóa tài khoản của mình.", "You cannot disable your own account.")
	}
	if disabled && cur.Role == w.KeepRole {
		if err := keepOne(ctx, tx, w.KeepRole, w.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?"),
		boolInt(disabled), unix(db.now()), w.ID); err != nil {
		return err
	}
	if disabled {
		if err := endSessions(ctx, tx, w.ID); err != nil {
			return err
		}
	}
	action := map[bool]string{true: "user.disable", false: "user.enable"}[disabled]
	return db.auditUser(ctx, tx, w, action, cur.AgencyID, userField(cur.Username, "disabled"),
		strconv.FormatBool(cur.Disabled), strconv.FormatBool(disabled))
}

// SetPasswordHash replaces an account's password hash and ends its
// sessions, in one transaction with an audit row that records the change,
// not the password.
func (db *DB) SetPasswordHash(ctx context.Context, w UserWrite) error {
	return db.sessionsTx(ctx, func(tx *sqlx.Tx) (bool, error) {
		cur, err := userWhere(ctx, tx, "u.id = ?", w.ID)
		if err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?"),
			w.Hash, unix(db.now()), w.ID); err != nil {
			return false, err
		}
		if err := endSessions(ctx, tx, w.ID); err != nil {
			return false, err
		}
		return true, db.auditUser(ctx, tx, w, "user.password", cur.AgencyID, userField(cur.Username, "password"), "", "changed")
	})
}

func endSessions(ctx context.Context, tx *sqlx.Tx, userID int64) error {
	_, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE user_id = ?"), userID)
	return err
}
