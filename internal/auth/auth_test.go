package auth_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

var ctx = context.Background()

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{t: time.Date(2022, 3, 1, 8, 0, 0, 0, time.UTC)} }
func login(svc *auth.Service, user, pw string) (*auth.User, string, error) {
	return svc.Login(ctx, auth.LoginRequest{Username: user, Password: pw, Address: "10.0.0.1"})
}

func demo(t *testing.T) (*store.DB, *auth.Service, *clock) {
	t.Helper()
	db := storetest.OpenDemo(t)
	svc := auth.New(db)
	c := newClock()
	svc.SetClock(c.now)
	return db, svc, c
}

func TestLoginAndSessionTimeouts(t *testing.T) {
	_, svc, c := demo(t)
	u, token, err := login(svc, "Officer.YenHoa", seed.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != auth.RoleOfficer || u.AgencyCode != "14722" {
		t.Fatalf("user = %+v", u)
	}
	// Used every hour, the session lives until the absolute timeout.
	for i := 0; i < 11; i++ {
		c.add(time.Hour)
		if got, err := svc.Authenticate(ctx, token); err != nil || got == nil {
			t.Fatalf("after %d h: session ended (%v)", i+1, err)
		}
	}
	c.add(time.Hour + time.Minute)
	if got, _ := svc.Authenticate(ctx, token); got != nil {
		t.Fatal("a session outlived the absolute timeout")
	}
	_, token, _ = login(svc, "officer.yenhoa", seed.DemoPassword)
	c.add(2*time.Hour + time.Minute)
	if got, _ := svc.Authenticate(ctx, token); got != nil {
		t.Fatal("a session outlived the idle timeout")
	}
	if got, _ := svc.Authenticate(ctx, "made-up"); got != nil {
		t.Fatal("an unknown token logged in")
	}
}

func TestLoginRotatesAndLogoutEnds(t *testing.T) {
	_, svc, _ := demo(t)
	_, first, _ := login(svc, "leader", seed.DemoPassword)
	_, second, err := svc.Login(ctx, auth.LoginRequest{Username: "leader", Password: seed.DemoPassword, OldToken: first})
	if err != nil || second == first {
		t.Fatalf("second login: %v", err)
	}
	if u, _ := svc.Authenticate(ctx, first); u != nil {
		t.Fatal("the session before login survived the login")
	}
	if err := svc.Logout(ctx, second, auth.Where{}); err != nil {
		t.Fatal(err)
	}
	if u, _ := svc.Authenticate(ctx, second); u != nil {
		t.Fatal("a session survived logout")
	}
}

func TestWrongLoginsSayTheSame(t *testing.T) {
	_, svc, _ := demo(t)
	_, _, wrongPw := login(svc, "leader", "not the password")
	_, _, noUser := login(svc, "nobody.here", "not the password")
	if kpi.ErrorMessage(wrongPw, "vi") != "Tên đăng nhập hoặc mật khẩu không đúng." ||
		kpi.ErrorMessage(wrongPw, "vi") != kpi.ErrorMessage(noUser, "vi") || kpi.ErrorMessage(noUser, "en") != "Wrong username or password." {
		t.Fatalf("messages differ: %v / %v", wrongPw, noUser)
	}
	if _, _, err := login(svc, "disabled.user", "wrong password!"); kpi.ErrorMessage(err, "vi") != kpi.ErrorMessage(wrongPw, "vi") {
		t.Fatalf("a disabled account with a wrong password answers %v", err)
	}
	if _, _, err := login(svc, "disabled.user", seed.DemoPassword); kpi.ErrorCode(err) != kpi.EFORBIDDEN {
		t.Fatalf("a disabled account logged in: %v", err)
	}
}

func TestThrottle(t *testing.T) {
	_, svc, c := demo(t)
	for _, name := range []string{"leader", "nobody.here"} {
		for i := 0; i < 5; i++ {
			if _, _, err := login(svc, name, "wrong password"); auth.IsThrottled(err) {
				t.Fatalf("%s: throttled after %d failures", name, i)
			}
		}
		_, _, err := login(svc, name, seed.DemoPassword)
		if !auth.IsThrottled(err) {
			t.Fatalf("%s: the 6th attempt was not throttled: %v", name, err)
		}
	}
	c.add(15*time.Minute + time.Second)
	if _, _, err := login(svc, "leader", seed.DemoPassword); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

func TestThrottlePerAddress(t *testing.T) {
	_, svc, _ := demo(t)
	max := svc.Config().MaxFailuresPerAddress
	for i := 0; i < max; i++ {
		// A different account each time: only the address counter fills.
		_, _, _ = svc.Login(ctx, auth.LoginRequest{Username: "guess" + string(rune('a'+i)), Password: "x", Address: "10.9.9.9"})
	}
	_, _, err := svc.Login(ctx, auth.LoginRequest{Username: "leader", Password: seed.DemoPassword, Address: "10.9.9.9"})
	if !auth.IsThrottled(err) {
		t.Fatalf("the address was not throttled: %v", err)
	}
	if _, _, err := svc.Login(ctx, auth.LoginRequest{Username: "leader", Password: seed.DemoPassword, Address: "10.1.1.1"}); err != nil {
		t.Fatalf("another address was throttled too: %v", err)
	}
}

// TestPasswordNeverInDatabase writes users and sessions, then looks for the
// passwords in every byte of the database files.
func TestPasswordNeverInDatabase(t *testing.T) {
	path := storetest.DemoFile(t)
	db := storetest.OpenPath(t, path)
	svc := auth.New(db)
	const secret, reset = "Tr0ub4dor&3-unique", "correct-horse-battery"
	u, err := svc.CreateUser(ctx, auth.Actor{Username: "test"}, auth.NewUser{Username: "secret.keeper",
		FullName: "Người giữ bí mật", Role: auth.RoleStaff, AgencyCode: "37", Password: secret})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := login(svc, "secret.keeper", secret); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetPassword(ctx, auth.Actor{Username: "test"}, u.ID, reset); err != nil {
		t.Fatal(err)
	}
	_, token, err := login(svc, "secret.keeper", reset)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(path + "*") // the main file, -wal and -shm
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{secret, reset, token} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q in clear", filepath.Base(f), s)
			}
		}
	}
}
