package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestWALStaysBounded: while readers keep the WAL in use without a pause
// (dashboards read under a stream of saves), the checkpointer still brings
// the WAL file back to empty once it has grown past its bound; PASSIVE
// checkpoints alone leave it at its largest, and it grew until the disk
// was full.
func TestWALStaysBounded(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	e, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	e.ckpt.close()
	e.ckpt = newCheckpointer(e.r, 5*time.Millisecond, 64)
	if _, err := e.w.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)"); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 3 { // snapshots that overlap: one reader is always in the WAL
		wg.Go(func() {
			time.Sleep(time.Duration(i) * time.Millisecond)
			for {
				select {
				case <-stop:
					return
				default:
				}
				tx, err := e.r.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
				if err != nil {
					t.Error(err)
					return
				}
				var n int
				if err := tx.Get(&n, "SELECT count(*) FROM t"); err != nil {
					t.Error(err)
				}
				time.Sleep(3 * time.Millisecond)
				_ = tx.Rollback()
			}
		})
	}
	defer func() { close(stop); wg.Wait() }()
	walSize := func() int64 {
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	var largest int64
	for range 1500 {
		if _, err := e.w.Exec("INSERT INTO t (v) VALUES (randomblob(3000))"); err != nil {
			t.Fatal(err)
		}
		e.ckpt.committed()
		largest = max(largest, walSize())
	}
	if largest < 1<<20 {
		t.Fatalf("the WAL never grew past %d bytes: the test wrote too little to show anything", largest)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if walSize() < 64*4096*2 {
			return
		}
		e.ckpt.committed()
	}
	t.Fatalf("with readers in it all along, the WAL stayed at %d bytes (largest %d); want it emptied past 64 pages", walSize(), largest)
}
