package auth_test

import (
	"strings"
	"testing"
	"time"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
)

// TestTokenLifecycle: a token is shown once and stored hashed, acts as its
// user, stops at expiry, revocation or when its user is disabled, and each
// use is audited at most once a minute.
func TestTokenLifecycle(t *testing.T) {
	db, svc, c := demo(t)
	db.SetClock(c.now)
	officer, err := svc.UserByName(ctx, "officer.yenmo")
	if err != nil {
		t.Fatal(err)
	}
	by := auth.Actor{Username: officer.Username, Source: "web"}
	tok, secret, err := svc.CreateToken(ctx, by, officer, auth.NewToken{Name: "Một cửa", Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, auth.TokenPrefix) || len(secret) < 40 || tok.Hint != secret[len(secret)-4:] {
		t.Fatalf("secret %q, hint %q", secret, tok.Hint)
	}
	var stored int
	if err := db.Reader().Get(&stored, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? OR hint = ? AND length(token_hash) = 64", secret, tok.Hint); err != nil || stored != 1 {
		t.Fatalf("want the hash stored, never the token: %d rows (%v)", stored, err)
	}
	if err := db.Reader().Get(&stored, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", secret); err != nil || stored != 0 {
		t.Fatal("the token itself is stored")
	}
	req := auth.TokenRequest{Secret: secret, Address: "10.1.1.1", Request: "GET /api/v1/overview"}
	u, err := svc.AuthenticateToken(ctx, req)
	if err != nil || u.Username != "officer.yenmo" || u.AgencyCode != "377" || u.Role != auth.RoleOfficer || u.Token == nil {
		t.Fatalf("authenticate: %+v %v", u, err)
	}
	for i := 0; i < 3; i++ { // within the minute: no new audit row
		c.add(10 * time.Second)
		if _, err := svc.AuthenticateToken(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	c.add(time.Minute)
	if _, err := svc.AuthenticateToken(ctx, req); err != nil {
		t.Fatal(err)
	}
	var uses int
	_ = db.Reader().Get(&uses, "SELECT COUNT(*) FROM audit_log WHERE action = 'token.use' AND new_value = 'GET /api/v1/overview' AND old_value = '10.1.1.1'")
	if uses != 2 {
		t.Fatalf("token.use audit rows = %d, want 2 (one a minute)", uses)
	}

	for _, bad := range []string{"", "parkpi_nope", secret + "x", "Bearer " + secret} {
		if _, err := svc.AuthenticateToken(ctx, auth.TokenRequest{Secret: bad}); kpi.ErrorCode(err) != kpi.EUNAUTHORIZED {
			t.Errorf("token %q: %v, want unauthorized", bad, err)
		}
	}
	c.add(31 * 24 * time.Hour)
	if _, err := svc.AuthenticateToken(ctx, req); kpi.ErrorCode(err) != kpi.EUNAUTHORIZED {
		t.Fatalf("expired token: %v", err)
	}

	_, secret2, err := svc.CreateToken(ctx, by, officer, auth.NewToken{Name: "Một cửa"}) // the first has expired: its name is free
	if err != nil {
		t.Fatal(err)
	}
	list, _ := svc.Tokens(ctx, officer.ID)
	if len(list) != 2 || list[0].ExpiresAt.Sub(c.now()) != 90*24*time.Hour {
		t.Fatalf("tokens = %+v, want two, the newest lasting the default 90 days", list)
	}
	if err := svc.RevokeToken(ctx, by, list[0].ID, officer.ID+1); kpi.ErrorCode(err) != kpi.ENOTFOUND {
		t.Fatalf("revoking another user's token: %v", err)
	}
	if err := svc.RevokeToken(ctx, by, list[0].ID, officer.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AuthenticateToken(ctx, auth.TokenRequest{Secret: secret2}); kpi.ErrorCode(err) != kpi.EUNAUTHORIZED {
		t.Fatalf("revoked token: %v", err)
	}
	if err := svc.RevokeToken(ctx, by, list[0].ID, 0); kpi.ErrorCode(err) != kpi.ECONFLICT {
		t.Fatalf("revoking twice: %v", err)
	}
	var audits int
	_ = db.Reader().Get(&audits, "SELECT COUNT(*) FROM audit_log WHERE action IN ('token.create', 'token.revoke') AND entity = 'token'")
	if audits != 3 {
		t.Fatalf("token audit rows = %d, want 2 creations and 1 revocation", audits)
	}

	_, secret3, _ := svc.CreateToken(ctx, by, officer, auth.NewToken{Name: "third"})
	if err := svc.SetDisabled(ctx, auth.Actor{Username: "admin"}, officer.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AuthenticateToken(ctx, auth.TokenRequest{Secret: secret3}); kpi.ErrorCode(err) != kpi.EUNAUTHORIZED {
		t.Fatalf("a disabled user's token: %v", err)
	}
}

// TestTokenScopeAndReadOnly: a token narrows its user's rights, never
// widens them.
func TestTokenScopeAndReadOnly(t *testing.T) {
	db, svc, c := demo(t)
	db.SetClock(c.now)
	tree, err := db.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	officer, _ := svc.UserByName(ctx, "officer.yenmo")
	by := auth.Actor{Username: "officer.yenmo", Source: "web"}
	_, narrow, err := svc.CreateToken(ctx, by, officer, auth.NewToken{Name: "Yên Hòa only", AgencyCode: "14722"})
	if err != nil {
		t.Fatal(err)
	}
	_, ro, err := svc.CreateToken(ctx, by, officer, auth.NewToken{Name: "read", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	un, _ := svc.AuthenticateToken(ctx, auth.TokenRequest{Secret: narrow})
	ur, _ := svc.AuthenticateToken(ctx, auth.TokenRequest{Secret: ro})
	yenMoOther := tree.Children("377")[1].Code
	checks := []struct {
		name string
		u    *auth.User
		act  auth.Action
		code string
		want bool
	}{
		{"narrow enters its agency", un, auth.ActEnter, "14722", true},
		{"narrow stays out of its user's other communes", un, auth.ActEnter, yenMoOther, false},
		{"narrow stays out of the district itself", un, auth.ActView, "377", false},
		{"read-only views", ur, auth.ActView, yenMoOther, true},
		{"read-only exports", ur, auth.ActExport, "377", true},
		{"read-only never enters", ur, auth.ActEnter, "377", false},
		{"read-only never submits", ur, auth.ActSubmit, "14722", false},
	}
	for _, ck := range checks {
		if got := auth.Can(ck.u, ck.act, ck.code, tree); got != ck.want {
			t.Errorf("%s: Can = %v, want %v", ck.name, got, ck.want)
		}
	}

	admin := &auth.User{ID: 1, Username: "root", Role: auth.RoleAdmin, AgencyCode: "37"}
	narrowAdmin := *admin
	narrowAdmin.AgencyCode, narrowAdmin.Token = "377", &auth.TokenGrant{Narrowed: true}
	if !auth.Can(admin, auth.ActApprove, "37-S03", tree) || auth.Can(&narrowAdmin, auth.ActApprove, "37-S03", tree) ||
		!auth.Can(&narrowAdmin, auth.ActApprove, "14722", tree) {
		t.Error("an admin's narrowed token must keep to its subtree")
	}

	bad := []struct {
		n     auth.NewToken
		field string
	}{
		{auth.NewToken{Name: ""}, auth.FieldTokenName},
		{auth.NewToken{Name: strings.Repeat("x", 61)}, auth.FieldTokenName},
		{auth.NewToken{Name: "d", Days: 400}, auth.FieldTokenDays},
		{auth.NewToken{Name: "s", AgencyCode: "37-S03"}, auth.FieldTokenScope}, // outside Yên Mô
		{auth.NewToken{Name: "u", AgencyCode: "NOPE"}, auth.FieldTokenScope},
		{auth.NewToken{Name: "read"}, ""}, // taken by an active token
	}
	for _, b := range bad {
		_, _, err := svc.CreateToken(ctx, by, officer, b.n)
		fe, isFields := err.(auth.TokenFieldErrors)
		switch {
		case b.field == "" && (kpi.ErrorCode(err) != kpi.EINVALID || isFields):
			t.Errorf("%+v: %v, want a plain invalid error", b.n, err)
		case b.field != "" && (!isFields || fe[b.field] == nil):
			t.Errorf("%+v: %v, want an error on %s", b.n, err, b.field)
		}
	}
}
