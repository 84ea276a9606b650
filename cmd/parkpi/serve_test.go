package main

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"parkpi/internal/config"
	"parkpi/internal/store/storetest"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServe runs serve until the returned stop function is called, which
// reports serve's result.
func startServe(t *testing.T, cfg config.Config) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, &cfg) }()
	// A first start seeds the demo, which under the race detector on a busy
	// machine takes many seconds: wait until it answers or ends, with only
	// a guard against a hang.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get("http://" + cfg.Addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve ended before it answered: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("server did not start within two minutes")
		}
	}
	return func() error { cancel(); return <-done }
}

// TestServeSeedsOnceAndShutsDown starts the server twice on one file: the
// first start seeds, the second finds data and leaves it alone; each stop
// returns cleanly.
func TestServeSeedsOnceAndShutsDown(t *testing.T) {
	cfg := config.Default()
	cfg.DB = filepath.Join(t.TempDir(), "serve.db")
	for i := 0; i < 2; i++ {
		cfg.Addr = freeAddr(t)
		stop := startServe(t, cfg)
		if err := stop(); err != nil {
			t.Fatalf("start %d: serve returned %v", i+1, err)
		}
	}
	db := storetest.OpenPath(t, cfg.DB)
	var loads int
	if err := db.Reader().Get(&loads, "SELECT COUNT(*) FROM audit_log WHERE action = 'bulk.load' AND entity = 'value'"); err != nil {
		t.Fatal(err)
	}
	if loads != 1 {
		t.Fatalf("the demo was loaded %d times over two starts, want once", loads)
	}
}

// TestServeTunesGC: serve sets its garbage-collection target unless the
// environment's GOGC does.
func TestServeTunesGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Fatalf("without GOGC the GC percent is %d, want %d", got, serveGCPercent)
	}
	tuneGC(func(k string) string { return map[string]string{"GOGC": "50"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("with GOGC set, tuneGC changed the GC percent to %d", got)
	}
}
