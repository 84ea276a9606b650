package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// TokenPrefix starts every API token, so a token pasted in the wrong place
// (a log, a chat) is recognisable and secret scanners can find it.
const TokenPrefix = "parkpi_"

// Token lifetimes: the default when none is asked for, and the longest a
// token may live before its user makes a new one.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 366
)

// Field keys of the token form (the web form's input names).
const (
	FieldTokenName   = "name"
	FieldTokenScope  = "scope"
	FieldTokenDays   = "days"
	FieldTokenAccess = "read_only"
)

// NewToken is what creating a token asks for.
type NewToken struct {
	Name       string
	AgencyCode string // "" = the user's own scope; else an agency in it
	ReadOnly   bool
	Days       int // 0 = DefaultTokenDays
}

// validate checks and normalises the fields; the scope must be the
// user's or below it in tree.
func (n *NewToken) validate(u *User, tree *kpi.Tree) map[string]*kpi.Error {
	fe := map[string]*kpi.Error{}
	n.Name, n.AgencyCode = strings.TrimSpace(n.Name), strings.TrimSpace(n.AgencyCode)
	if n.Name == "" || utf8.RuneCountInString(n.Name) > 60 {
		fe[FieldTokenName] = kpi.Errorf(kpi.EINVALID, "Đặt tên cho khóa API (tối đa 60 ký tự), ví dụ “Một cửa điện tử”.",
			"Name the API token (at most 60 characters), for example “one-stop system”.")
	}
	if n.Days == 0 {
		n.Days = DefaultTokenDays
	}
	if n.Days < 1 || n.Days > MaxTokenDays {
		fe[FieldTokenDays] = kpi.Errorf(kpi.EINVALID, "Thời hạn của khóa phải từ 1 đến %d ngày.",
			"A token lasts 1 to %d days.", MaxTokenDays)
	}
	if n.AgencyCode == u.AgencyCode {
		n.AgencyCode = "" // the user's own scope: follows the user if it changes
	} else if n.AgencyCode != "" && (tree.Get(n.AgencyCode) == nil || !tree.InSubtree(u.AgencyCode, n.AgencyCode)) {
		fe[FieldTokenScope] = kpi.Errorf(kpi.EINVALID, "Phạm vi của khóa phải là cơ quan %s hoặc một cơ quan trực thuộc; không có %s trong đó.",
			"The token's scope must be agency %s or one below it; %s is not.", u.AgencyCode, n.AgencyCode)
	}
	return fe
}

// TokenFieldErrors is a refused token: a message per form field.
type TokenFieldErrors map[string]*kpi.Error

func (fe TokenFieldErrors) Error() string { return fe.Unwrap().Error() }

// Unwrap joins the messages in form order, for callers without a form.
func (fe TokenFieldErrors) Unwrap() error {
	var vi, en []string
	for _, f := range []string{FieldTokenName, FieldTokenScope, FieldTokenDays} {
		if e := fe[f]; e != nil {
			vi, en = append(vi, e.MessageVI), append(en, e.MessageEN)
		}
	}
	return &kpi.Error{Code: kpi.EINVALID, MessageVI: strings.Join(vi, " "), MessageEN: strings.Join(en, " ")}
}

// CreateToken makes a token for u and returns it with the secret, which is
// shown once and never stored: only its hash is. by is who asks (u
// themselves, or an administrator on the command line).
func (s *Service) CreateToken(ctx context.Context, by Actor, u *User, n NewToken) (store.APIToken, string, error) {
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return store.APIToken{}, "", err
	}
	if u.Disabled {
		return store.APIToken{}, "", kpi.Errorf(kpi.ECONFLICT, "Tài khoản %s đã bị khóa: không tạo được khóa API.",
			"Account %s is disabled: no API token can be made for it.", u.Username)
	}
	if fe := n.validate(u, tree); len(fe) > 0 {
		return store.APIToken{}, "", TokenFieldErrors(fe)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return store.APIToken{}, "", err
	}
	secret := TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t, err := s.db.CreateToken(ctx, store.NewAPIToken{UserID: u.ID, Name: n.Name, Hash: hashToken(secret),
		Hint: secret[len(secret)-4:], AgencyCode: n.AgencyCode, ReadOnly: n.ReadOnly,
		Days: n.Days, Actor: by.Username, Source: by.Source})
	return t, secret, err
}

// errBadToken is the one answer to a token that does not work, whatever
// the reason, so the answer tells nothing about which tokens exist.
func errBadToken() error {
	return kpi.Errorf(kpi.EUNAUTHORIZED, "Khóa API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
		"The API token is not valid, has expired or was revoked.")
}

// TokenRequest is one request made with a token: the token, the client's
// address and what is asked ("GET /api/v1/overview"), for the audit log.
type TokenRequest struct {
	Secret  string
	Address string
	Request string
}

// AuthenticateToken returns the user a token acts as: the token's user
// with the token's scope and grant, or an EUNAUTHORIZED error for an
// unknown, expired or revoked token, a disabled user, or a token whose
// scope has left its user's (the user was moved). A use is recorded (last
// use and an audit row) at most once a minute per token.
func (s *Service) AuthenticateToken(ctx context.Context, r TokenRequest) (*User, error) {
	if !strings.HasPrefix(r.Secret, TokenPrefix) || len(r.Secret) > 200 {
		return nil, errBadToken()
	}
	t, err := s.db.TokenByHash(ctx, hashToken(r.Secret))
	if kpi.ErrorCode(err) == kpi.ENOTFOUND {
		return nil, errBadToken()
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	if !t.Active(now) {
		return nil, errBadToken()
	}
	u, err := s.User(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, errBadToken()
	}
	grant := &TokenGrant{ID: t.ID, Name: t.Name, ReadOnly: t.ReadOnly}
	if t.AgencyCode != "" && t.AgencyCode != u.AgencyCode {
		tree, err := s.db.Tree(ctx)
		if err != nil {
			return nil, err
		}
		if u.Role != RoleAdmin && !tree.InSubtree(u.AgencyCode, t.AgencyCode) {
			return nil, errBadToken()
		}
		u.AgencyCode, grant.Narrowed = t.AgencyCode, true
	}
	u.Token = grant
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery {
		if err := s.db.RecordTokenUse(ctx, store.TokenUse{ID: t.ID, At: now, Address: r.Address, Request: r.Request}); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// Tokens lists a user's tokens (userID 0: everyone's, for administrators).
func (s *Service) Tokens(ctx context.Context, userID int64) ([]store.APIToken, error) {
	return s.db.Tokens(ctx, store.TokenFilter{UserID: userID})
}

// RevokeToken ends a token now. owner limits it to that user's tokens (0
// for an administrator, who may revoke anyone's).
func (s *Service) RevokeToken(ctx context.Context, by Actor, id, owner int64) error {
	return s.db.RevokeToken(ctx, store.TokenRevoke{ID: id, Owner: owner, Actor: by.Username, Source: by.Source})
}
