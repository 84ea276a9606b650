package main

import (
	"context"
	"strings"
	"testing"

	"parkpi/internal/auth"
	"parkpi/internal/store/storetest"
)

// TestTokenCLI: an administrator makes, lists and revokes tokens; the
// token is printed once, alone on the last line, and works until revoked.
func TestTokenCLI(t *testing.T) {
	path := storetest.DemoFile(t)
	env := map[string]string{"PARKPI_DB": path}
	out, err := run(t, env, "token", "create", "officer.yenhoa", "--name", "Một cửa điện tử", "--days", "30", "--read-only")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	secret := lines[len(lines)-1]
	if !strings.HasPrefix(secret, auth.TokenPrefix) || strings.Contains(secret, " ") {
		t.Fatalf("the last line is not the token alone:\n%s", out)
	}
	list, err := run(t, env, "token", "list", "--user", "officer.yenhoa")
	if err != nil || !strings.Contains(list, "Một cửa điện tử") || !strings.Contains(list, "read-only") ||
		!strings.Contains(list, "active") || strings.Contains(list, secret) {
		t.Fatalf("list (%v):\n%s", err, list)
	}
	db := storetest.OpenPath(t, path)
	u, err := auth.New(db).AuthenticateToken(context.Background(), auth.TokenRequest{Secret: secret})
	if err != nil || u.Username != "officer.yenhoa" || !u.Token.ReadOnly {
		t.Fatalf("the printed token does not work: %+v %v", u, err)
	}
	db.Close()
	id := strings.Fields(strings.Split(list, "\n")[1])[0]
	if out, err := run(t, env, "token", "revoke", id); err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %q %v", out, err)
	}
	if list, _ := run(t, env, "token", "list"); !strings.Contains(list, "revoked") {
		t.Fatalf("list after revoke:\n%s", list)
	}
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"token", "create", "officer.yenhoa"}, "Đặt tên cho khóa API"},
		{[]string{"token", "create", "nobody", "--name", "x"}, "Không có người dùng"},
		{[]string{"token", "create", "officer.yenhoa", "--name", "x", "--scope", "37"}, "Phạm vi của khóa"},
		{[]string{"token", "create", "officer.yenhoa", "--name", "x", "--days", "999"}, "1 đến 366 ngày"},
		{[]string{"token", "revoke", "abc"}, "không hợp lệ"},
		{[]string{"token", "revoke", "999"}, "Không có khóa API này"},
		{[]string{"token", "revoke", id}, "đã bị thu hồi rồi"},
		{[]string{"token"}, "create, list"},
	}
	for _, b := range bad {
		if _, err := run(t, env, b.args...); err == nil || !strings.Contains(cliMessage(err), b.want) {
			t.Errorf("%v: %v, want %q", b.args, err, b.want)
		}
	}
}
