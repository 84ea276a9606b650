package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"parkpi/internal/config"
)

// serverHoldsLock reports whether a server holds the database's serve lock.
func serverHoldsLock(t *testing.T, db string) bool {
	t.Helper()
	f, err := os.OpenFile(db+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

func users(t *testing.T, path string) []string {
	t.Helper()
	c, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := c.Query("SELECT username FROM users ORDER BY username")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		rows.Scan(&u)
		out = append(out, u)
	}
	return out
}

// TestBackupRestore: a backup is taken while a real server runs on the
// database; restore is refused while the server runs, and once it has
// stopped puts the backup in place — the user added after the backup is
// gone from the database, and the database it replaced is kept aside.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "parkpi.db"), filepath.Join(dir, "backups", "b.db")
	if _, err := run(t, nil, "seed", "--demo", "--db", db); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DB, cfg.Addr = db, "127.0.0.1:0"
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, &cfg) }()
	// The refusal below needs the server running: wait for its lock (a
	// loaded machine may take seconds to open the database), never past a
	// server that stopped.
	for deadline := time.Now().Add(2 * time.Minute); !serverHoldsLock(t, db); time.Sleep(10 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("the server stopped before it held the database: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the server never held the database's lock")
		}
	}
	if out, err := run(t, nil, "backup", "-o", backup, "--db", db); err != nil || !strings.Contains(out, "backup of") {
		t.Fatalf("backup while serving: %v %s", err, out)
	}
	if _, err := run(t, nil, "backup", "-o", backup, "--db", db); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second backup over the first = %v, want a refusal", err)
	}
	if out, err := run(t, map[string]string{"PARKPI_DB": db}, "user", "add", "after.backup", "--role", "staff", "--agency", "37",
		"--name", "Sau sao lưu", "--password", "a-long-password"); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	if _, err := run(t, nil, "restore", backup, "--db", db); err == nil || !strings.Contains(err.Error(), "running") {
		t.Fatalf("restore under a running server = %v, want a refusal", err)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	out, err := run(t, nil, "restore", backup, "--db", db)
	if err != nil || !strings.Contains(out, "restored") || !strings.Contains(out, "before-restore") {
		t.Fatalf("restore = %v %s", err, out)
	}
	if got := strings.Join(users(t, db), " "); strings.Contains(got, "after.backup") || !strings.Contains(got, "officer.yenhoa") {
		t.Errorf("users after the restore: %s", got)
	}
	kept, _ := filepath.Glob(db + ".before-restore-*")
	if len(kept) == 0 || !strings.Contains(strings.Join(users(t, kept[0]), " "), "after.backup") {
		t.Errorf("the replaced database is not kept with its last user: %v", kept)
	}
	if _, err := run(t, nil, "restore", filepath.Join(dir, "nope.db"), "--db", db); err == nil {
		t.Error("restoring a missing file succeeded")
	}
}
