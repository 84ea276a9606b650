package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// APIToken is a personal API token as stored: never the token itself,
// only what lists and checks need.
type APIToken struct {
	ID           int64      `json:"id"`
	UserID       int64      `json:"-"`
	Username     string     `json:"username"`
	Name         string     `json:"name"`
	Hint         string     `json:"hint"`                 // the token's last four characters
	AgencyCode   string     `json:"agency,omitempty"`     // a narrower scope; "" = the user's own
	ReadOnly     bool       `json:"read_only"`            // reads and exports only
	CreatedBy    string     `json:"created_by"`           // who made it (the user, or an admin)
	CreatedAt    time.Time  `json:"created_at"`           // UTC
	ExpiresAt    time.Time  `json:"expires_at"`           // UTC
	LastUsedAt   *time.Time `json:"last_used_at"`         // nil: never used
	LastUsedAddr string     `json:"last_used_addr"`       // the client address of that use
	RevokedAt    *time.Time `json:"revoked_at,omitempty"` // nil: not revoked
}

// Active reports whether the token may still be used at t.
func (t APIToken) Active(at time.Time) bool { return t.RevokedAt == nil && at.Before(t.ExpiresAt) }

// NewAPIToken is a token to store: its hash, never the token.
type NewAPIToken struct {
	UserID     int64
	Name       string
	Hash       string
	Hint       string
	AgencyCode string // "" = the user's scope
	ReadOnly   bool
	Days       int    // it expires this many days from now
	Actor      string // who creates it, for the audit log
	Source     string
}

// tokenRow is a token as the table holds it (Unix seconds).
type tokenRow struct {
	ID           int64          `db:"id"`
	UserID       int64          `db:"user_id"`
	Username     string         `db:"username"`
	UserAgencyID int64          `db:"user_agency_id"`
	Name         string         `db:"name"`
	Hint         string         `db:"hint"`
	AgencyCode   sql.NullString `db:"agency_code"`
	ReadOnly     bool           `db:"read_only"`
	CreatedBy    string         `db:"created_by"`
	CreatedAt    int64          `db:"created_at"`
	ExpiresAt    int64          `db:"expires_at"`
	LastUsedAt   sql.NullInt64  `db:"last_used_at"`
	LastUsedAddr string         `db:"last_used_addr"`
	RevokedAt    sql.NullInt64  `db:"revoked_at"`
}

func (r tokenRow) token() APIToken {
	unix := func(n sql.NullInt64) *time.Time {
		if !n.Valid {
			return nil
		}
		t := time.Unix(n.Int64, 0).UTC()
		return &t
	}
	return APIToken{ID: r.ID, UserID: r.UserID, Username: r.Username, Name: r.Name, Hint: r.Hint,
		AgencyCode: r.AgencyCode.String, ReadOnly: r.ReadOnly, CreatedBy: r.CreatedBy,
		CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), ExpiresAt: time.Unix(r.ExpiresAt, 0).UTC(),
		LastUsedAt: unix(r.LastUsedAt), LastUsedAddr: r.LastUsedAddr, RevokedAt: unix(r.RevokedAt)}
}

const selectTokens = `SELECT t.id, t.user_id, u.username, u.agency_id AS user_agency_id, t.name, t.hint,
	a.code AS agency_code, t.read_only, t.created_by, t.created_at, t.expires_at, t.last_used_at,
	t.last_used_addr, t.revoked_at
	FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN agencies a ON a.id = t.agency_id`

// maxActiveTokens bounds one user's usable tokens: enough for every system
// a province connects, few enough that a list stays readable.
const maxActiveTokens = 20

// CreateToken stores a new token with its audit row, in one transaction.
// A name already used by one of the user's active tokens, an unknown scope
// agency and a user at maxActiveTokens are refused.
func (db *DB) CreateToken(ctx context.Context, n NewAPIToken) (APIToken, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := db.now()
		var active []tokenRow
		if err := tx.SelectContext(ctx, &active, tx.Rebind(selectTokens+` WHERE t.user_id = ?
			AND t.revoked_at IS NULL AND t.expires_at > ?`), n.UserID, now.Unix()); err != nil {
			return err
		}
		for _, t := range active {
			if t.Name == n.Name {
				return kpi.Errorf(kpi.EINVALID, "Đã có khóa API đang dùng tên “%s”: hãy đặt tên khác.",
					"An active API token is already named “%s”: choose another name.", n.Name)
			}
		}
		if len(active) >= maxActiveTokens {
			return kpi.Errorf(kpi.EINVALID, "Đã có %d khóa API đang dùng: hãy thu hồi khóa không cần nữa.",
				"There are already %d active API tokens: revoke one that is no longer needed.", len(active))
		}
		var agency any
		if n.AgencyCode != "" {
			a, err := agencyByCode(ctx, tx, n.AgencyCode)
			if err != nil {
				return err
			}
			agency = a.ID
		}
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO api_tokens
			(user_id, name, token_hash, hint, agency_id, read_only, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), n.UserID, n.Name, n.Hash, n.Hint, agency,
			boolInt(n.ReadOnly), n.Actor, now.Unix(), now.AddDate(0, 0, n.Days).Unix()); err != nil {
			return err
		}
		return db.auditToken(ctx, tx, id, AuditEntry{Actor: n.Actor, Source: n.Source, Action: "token.create", New: tokenSummary(n, now)})
	})
	if err != nil {
		return APIToken{}, err
	}
	return db.tokenWhere(ctx, db.r, "t.id = ?", id)
}

// tokenSummary is what the audit row records of a new token.
func tokenSummary(n NewAPIToken, now time.Time) string {
	s := "scope " + n.AgencyCode
	if n.AgencyCode == "" {
		s = "user scope"
	}
	if n.ReadOnly {
		s += ", read-only"
	}
	return s + ", expires " + now.AddDate(0, 0, n.Days).Format(time.DateOnly)
}

// auditToken writes a token's audit row: e says who did what from where
// (old and new); the agency is the token's user's, the field names the
// token.
func (db *DB) auditToken(ctx context.Context, tx *sqlx.Tx, id int64, e AuditEntry) error {
	t, err := db.tokenWhere(ctx, tx, "t.id = ?", id)
	if err != nil {
		return err
	}
	if err := tx.GetContext(ctx, &e.AgencyID, tx.Rebind("SELECT agency_id FROM users WHERE id = ?"), t.UserID); err != nil {
		return err
	}
	e.Entity, e.Field = "token", t.Username+":token:"+t.Name
	return db.audit(ctx, tx, e)
}

func (db *DB) tokenWhere(ctx context.Context, q queryer, where string, args ...any) (APIToken, error) {
	var r tokenRow
	err := sqlx.GetContext(ctx, q, &r, q.Rebind(selectTokens+" WHERE "+where), args...)
	if isNoRows(err) {
		return APIToken{}, kpi.Errorf(kpi.ENOTFOUND, "Không có khóa API này.", "There is no such API token.")
	}
	return r.token(), err
}

// TokenFilter selects tokens: one user's (UserID), or everyone's (0).
type TokenFilter struct {
	UserID int64
}

// Tokens lists tokens, newest first, revoked and expired ones included.
func (db *DB) Tokens(ctx context.Context, f TokenFilter) ([]APIToken, error) {
	q, args := selectTokens, []any{}
	if f.UserID != 0 {
		q, args = q+" WHERE t.user_id = ?", append(args, f.UserID)
	}
	var rows []tokenRow
	if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(q+" ORDER BY t.created_at DESC, t.id DESC"), args...); err != nil {
		return nil, err
	}
	out := make([]APIToken, len(rows))
	for i, r := range rows {
		out[i] = r.token()
	}
	return out, nil
}

// TokenByHash finds the token whose hash is hash; ENOTFOUND when none.
func (db *DB) TokenByHash(ctx context.Context, hash string) (APIToken, error) {
	return db.tokenWhere(ctx, db.r, "t.token_hash = ?", hash)
}

// TokenRevoke is one revocation: which token, whose (0 = anyone's, for an
// administrator), who revokes it and from where.
type TokenRevoke struct {
	ID     int64
	Owner  int64
	Actor  string
	Source string
}

// RevokeToken ends a token at once, with its audit row; another user's
// token (when Owner is set) is "not found", an already revoked one a
// conflict.
func (db *DB) RevokeToken(ctx context.Context, r TokenRevoke) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		t, err := db.tokenWhere(ctx, tx, "t.id = ?", r.ID)
		if err != nil {
			return err
		}
		if r.Owner != 0 && t.UserID != r.Owner {
			return kpi.Errorf(kpi.ENOTFOUND, "Không có khóa API này.", "There is no such API token.")
		}
		if t.RevokedAt != nil {
			return kpi.Errorf(kpi.ECONFLICT, "Khóa API “%s” đã bị thu hồi rồi.", "API token “%s” is already revoked.", t.Name)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE api_tokens SET revoked_at = ? WHERE id = ?"), db.now().Unix(), r.ID); err != nil {
			return err
		}
		return db.auditToken(ctx, tx, r.ID, AuditEntry{Actor: r.Actor, Source: r.Source, Action: "token.revoke", Old: "active", New: "revoked"})
	})
}

// TokenUse is one recorded use of a token: when, from which address, and
// what it asked for ("GET /api/v1/overview").
type TokenUse struct {
	ID      int64
	At      time.Time
	Address string
	Request string
}

// RecordTokenUse notes a token's last use and writes a "token.use" audit
// row, in one transaction. The caller records a use at most once a minute
// per token, so the log shows when and from where a token works without a
// row per request.
func (db *DB) RecordTokenUse(ctx context.Context, u TokenUse) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE api_tokens SET last_used_at = ?, last_used_addr = ? WHERE id = ?"),
			u.At.Unix(), u.Address, u.ID); err != nil {
			return err
		}
		t, err := db.tokenWhere(ctx, tx, "t.id = ?", u.ID)
		if err != nil {
			return err
		}
		return db.auditToken(ctx, tx, u.ID, AuditEntry{Actor: t.Username, Source: "api", Action: "token.use", Old: u.Address, New: u.Request})
	})
}
