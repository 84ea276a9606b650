package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"parkpi/internal/auth"
	"parkpi/internal/store/storetest"
)

func TestUserCLI(t *testing.T) {
	db := storetest.DemoFile(t)
	env := map[string]string{"PARKPI_DB": db}
	tests := []struct {
		name    string
		args    []string
		wantOut string
		wantErr string
	}{
		{"add", []string{"user", "add", "new.officer", "--role", "officer", "--agency", "14722", "--name", "Cán bộ mới", "--password", "a-long-password"}, "user new.officer added", ""},
		{"add twice", []string{"user", "add", "new.officer", "--role", "officer", "--agency", "14722", "--name", "X", "--password", "a-long-password"}, "", "đã có người dùng"},
		{"add short password", []string{"user", "add", "short.pw", "--role", "staff", "--agency", "37", "--name", "X", "--password", "short"}, "", "ít nhất 10 ký tự"},
		{"add bad role", []string{"user", "add", "bad.role", "--role", "boss", "--agency", "37", "--name", "X", "--password", "a-long-password"}, "", "Vui lòng chọn vai trò"},
		{"add unknown agency", []string{"user", "add", "bad.agency", "--role", "staff", "--agency", "99999", "--name", "X", "--password", "a-long-password"}, "", "Không có cơ quan mã 99999"},
		{"add no username", []string{"user", "add"}, "", "accepts 1 arg"},
		{"passwd", []string{"user", "passwd", "new.officer", "--password", "another-long-one"}, "password of new.officer changed", ""},
		{"passwd unknown", []string{"user", "passwd", "nobody", "--password", "another-long-one"}, "", "Không có người dùng"},
		{"disable", []string{"user", "disable", "new.officer"}, "user new.officer disabled", ""},
		{"list", []string{"user", "list"}, "new.officer", ""},
		{"enable", []string{"user", "enable", "new.officer"}, "user new.officer enabled", ""},
		{"email", []string{"user", "email", "new.officer", "officer@ninhbinh.gov.vn"}, "reminders of new.officer go to", ""},
		{"bad email", []string{"user", "email", "new.officer", "not-an-address"}, "", "không hợp lệ"},
		{"unknown subcommand", []string{"user", "fly"}, "", "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := run(t, env, tc.args...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(cliMessage(err), tc.wantErr) || strings.Contains(cliMessage(err), "\n") {
					t.Fatalf("error = %v, want one line containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !strings.Contains(out, tc.wantOut) {
				t.Fatalf("out = %q, err = %v; want %q", out, err, tc.wantOut)
			}
		})
	}
	out, _ := run(t, env, "user", "list")
	if !strings.Contains(out, "disabled.user") || !strings.Contains(out, "disabled") {
		t.Fatalf("list lacks the disabled demo user:\n%s", out)
	}
}

func TestUserPasswordFromStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if _, err := run(t, nil, "seed", "--demo", "--db", db); err != nil {
		t.Fatal(err)
	}
	root := newRoot(func(string) string { return "" })
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetIn(strings.NewReader("from-stdin-secret\n"))
	root.SetArgs([]string{"user", "passwd", "leader", "--db", db})
	if err := root.Execute(); err != nil || !strings.Contains(out.String(), "password of leader changed") {
		t.Fatalf("passwd from stdin: %v %q", err, out.String())
	}
	root = newRoot(func(string) string { return "" })
	root.SetIn(strings.NewReader(""))
	root.SetArgs([]string{"user", "passwd", "leader", "--db", db})
	if err := root.Execute(); err == nil || !strings.Contains(cliMessage(err), "Chưa có mật khẩu") {
		t.Fatalf("empty stdin: %v", err)
	}
}

// TestFirstStartAdmin: a database without an admin gets one whose password
// is printed once and works; the next start prints nothing.
func TestFirstStartAdmin(t *testing.T) {
	db := storetest.OpenDemo(t)
	var first, second bytes.Buffer
	if err := ensureAdmin(context.Background(), db, &first); err != nil {
		t.Fatal(err)
	}
	if err := ensureAdmin(context.Background(), db, &second); err != nil {
		t.Fatal(err)
	}
	_, pw, ok := strings.Cut(first.String(), "Mật khẩu / password: ")
	pw, _, _ = strings.Cut(pw, "\n")
	if !ok || len(pw) < 16 || second.Len() != 0 {
		t.Fatalf("first start printed %q, second %q", first.String(), second.String())
	}
	u, _, err := auth.New(db).Login(context.Background(), auth.LoginRequest{Username: "admin", Password: pw})
	if err != nil || u.Role != auth.RoleAdmin {
		t.Fatalf("the printed password does not log the admin in: %v", err)
	}
}
