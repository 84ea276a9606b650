package web

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
)

// TestParseGate: two parses at a time per process, one per user; the
// others wait, and a wait that ends without a slot is a clear EBUSY.
func TestParseGate(t *testing.T) {
	g := &parseGate{slots: make(chan struct{}, 2), users: map[string]bool{}}
	ctx := context.Background()
	a, err := g.enter(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.enter(ctx, "a"); kpi.ErrorCode(err) != kpi.EBUSY {
		t.Errorf("a second parse of one user = %v, want EBUSY", err)
	}
	b, err := g.enter(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel() // a third user finds both slots taken and gives up at once
	if _, err := g.enter(cancelled, "c"); kpi.ErrorCode(err) != kpi.EBUSY || g.users["c"] {
		t.Errorf("a third parse = %v (c held: %v), want EBUSY and nothing held", err, g.users["c"])
	}
	done := make(chan error)
	go func() {
		release, err := g.enter(ctx, "c") // waits for a slot
		if err == nil {
			release()
		}
		done <- err
	}()
	a()
	if err := <-done; err != nil {
		t.Errorf("a waiting parse after a release = %v", err)
	}
	b()
	if len(g.slots) != 0 || len(g.users) != 0 {
		t.Errorf("after every release: %d slots, %d users held", len(g.slots), len(g.users))
	}
}
