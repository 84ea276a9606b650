package auth_test

import (
	"strconv"
	"testing"
	"time"

	"parkpi/internal/auth"
)

// TestThrottleRowsArePurged: counters of names tried once expire with
// their window and are deleted, so a stream of made-up usernames does not
// grow the database.
func TestThrottleRowsArePurged(t *testing.T) {
	db, svc, c := demo(t)
	for i := range 50 {
		svc.Login(ctx, auth.LoginRequest{Username: "made.up." + strconv.Itoa(i), Password: "x", Address: "10.0.0." + strconv.Itoa(i)})
	}
	rows := func() (n int) {
		if err := db.Reader().Get(&n, "SELECT COUNT(*) FROM login_attempts"); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := rows(); n != 100 {
		t.Fatalf("%d throttle rows after 50 names from 50 addresses, want 100", n)
	}
	c.add(svc.Config().LockFor + time.Minute)
	svc.Login(ctx, auth.LoginRequest{Username: "one.more", Password: "x", Address: "10.1.1.1"})
	if n := rows(); n != 2 {
		t.Errorf("%d throttle rows once the window is over, want 2 (the last failure's)", n)
	}
}
