package store_test

import (
	"context"
	"sync"
	"testing"

	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestDeadlockIsRetried makes two instances' writes wait for each other
// in a circle on a real PostgreSQL server (each takes a lock the other then
// asks for): the server aborts one of them with a deadlock (40P01), and the
// store runs that write again, so both callers succeed and nothing reaches
// them but success.
func TestDeadlockIsRetried(t *testing.T) {
	ctx := context.Background()
	target := storetest.EmptyTarget(t, storetest.Postgres)
	a, b := storetest.OpenTarget(t, target), storetest.OpenTarget(t, target)
	var both sync.WaitGroup // each holds its first lock
	both.Add(2)
	write := func(db *store.DB, first, second int) func() error {
		var once sync.Once
		return func() error {
			return store.WriteRaw(ctx, db, func(ctx context.Context, x store.Execer) error {
				if _, err := x.ExecContext(ctx, x.Rebind("SELECT pg_advisory_xact_lock(CAST(? AS bigint))"), first); err != nil {
					return err
				}
				once.Do(func() { both.Done(); both.Wait() }) // only the first try waits for the other
				_, err := x.ExecContext(ctx, x.Rebind("SELECT pg_advisory_xact_lock(CAST(? AS bigint))"), second)
				return err
			})
		}
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	wg.Go(func() { errs[0] = write(a, 1001, 1002)() })
	wg.Go(func() { errs[1] = write(b, 1002, 1001)() })
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("write %d: %v, want success after a retry", i, err)
		}
	}
	if n := a.Retries() + b.Retries(); n < 1 {
		t.Fatalf("%d transactions run again, want at least the deadlock's victim", n)
	}
}
