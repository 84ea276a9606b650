package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// userRow is a user as stored, with the hash that never leaves this package.
type userRow struct {
	ID         int64  `db:"id"`
	Username   string `db:"username"`
	FullName   string `db:"full_name"`
	Role       string `db:"role"`
	AgencyID   int64  `db:"agency_id"`
	AgencyCode string `db:"agency_code"`
	Disabled   bool   `db:"disabled"`
	Hash       string `db:"password_hash"`
}

func (r userRow) user() *User {
	return &User{ID: r.ID, Username: r.Username, FullName: r.FullName, Role: Role(r.Role), AgencyCode: r.AgencyCode, Disabled: r.Disabled}
}

const selectUsers = `SELECT u.id, u.username, u.full_name, u.role, u.agency_id, a.code AS agency_code,
	u.disabled, u.password_hash FROM users u JOIN agencies a ON a.id = u.agency_id`

type queryer interface {
	sqlx.QueryerContext
	Rebind(string) string
}

func getUser(ctx context.Context, q queryer, where string, arg any) (userRow, error) {
	var r userRow
	err := sqlx.GetContext(ctx, q, &r, q.Rebind(selectUsers+" WHERE "+where), arg)
	if errors.Is(err, sql.ErrNoRows) {
		return r, kpi.Errorf(kpi.ENOTFOUND, "Không có người dùng %v.", "There is no user %v.", arg)
	}
	return r, err
}

// Users lists every account, by username.
func (s *Service) Users(ctx context.Context) ([]User, error) {
	var rows []userRow
	if err := s.db.Reader().SelectContext(ctx, &rows, selectUsers+" ORDER BY u.username"); err != nil {
		return nil, err
	}
	out := make([]User, len(rows))
	for i, r := range rows {
		out[i] = *r.user()
	}
	return out, nil
}

// User returns one account by id.
func (s *Service) User(ctx context.Context, id int64) (*User, error) {
	r, err := getUser(ctx, s.db.Reader(), "u.id = ?", id)
	if err != nil {
		return nil, err
	}
	return r.user(), nil
}

// UserByName returns one account by username.
func (s *Service) UserByName(ctx context.Context, username string) (*User, error) {
	r, err := getUser(ctx, s.db.Reader(), "u.username = ?", NormalizeUsername(username))
	if err != nil {
		return nil, err
	}
	return r.user(), nil
}

// agencyID finds the scope agency inside the writing transaction.
func agencyID(ctx context.Context, tx *sqlx.Tx, code string, fe FieldErrors) int64 {
	var id int64
	if err := tx.GetContext(ctx, &id, tx.Rebind("SELECT id FROM agencies WHERE code = ?"), code); err != nil {
		fe[FieldAgency] = kpi.Errorf(kpi.EINVALID, "Không có cơ quan mã %s.", "There is no agency with code %s.", code)
	}
	return id
}

// CreateUser adds an account, in one transaction with its audit row.
func (s *Service) CreateUser(ctx context.Context, by Actor, in NewUser) (*User, error) {
	in.Username = NormalizeUsername(in.Username)
	if fe := in.Validate(); len(fe) > 0 {
		return nil, fe
	}
	hash, err := hashPassword(in.Password) // slow: outside the write lock
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		fe := FieldErrors{}
		agency := agencyID(ctx, tx, in.AgencyCode, fe)
		if _, err := getUser(ctx, tx, "u.username = ?", in.Username); err == nil {
			fe[FieldUsername] = kpi.Errorf(kpi.EINVALID, "Tên đăng nhập %s đã có người dùng.", "The username %s is taken.", in.Username)
		}
		if len(fe) > 0 {
			return fe
		}
		now := s.now()
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO users
			(username, full_name, role, agency_id, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`),
			in.Username, in.FullName, string(in.Role), agency, hash, now, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "user.create", agency, in.Username, "",
			fmt.Sprintf("%s; %s; %s", in.FullName, in.Role, in.AgencyCode))
	})
	if err != nil {
		return nil, err
	}
	return s.User(ctx, id)
}

// audit writes one user audit row in tx; old and new never hold a password
// or its hash.
func (s *Service) audit(ctx context.Context, tx *sqlx.Tx, by Actor, action string, agency int64, field, old, new string) error {
	return s.db.Audit(ctx, tx, store.AuditEntry{Actor: by.Username, Action: action, Entity: "user",
		AgencyID: agency, Field: field, Old: old, New: new, Source: by.Source})
}

// errLastAdmin guards against locking everybody out.
func errLastAdmin() error {
	return kpi.Errorf(kpi.ECONFLICT, "Không thể khóa hoặc đổi vai trò của quản trị viên cuối cùng.",
		"The last active administrator cannot be disabled or given another role.")
}

// otherAdmins counts enabled admins other than the user id.
func otherAdmins(ctx context.Context, tx *sqlx.Tx, id int64) (int, error) {
	var n int
	err := tx.GetContext(ctx, &n, tx.Rebind("SELECT COUNT(*) FROM users WHERE role = ? AND disabled = 0 AND id <> ?"), string(RoleAdmin), id)
	return n, err
}
