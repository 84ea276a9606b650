package main

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/store"
)

// warmPools opens every connection the store's pools may hold before a
// timed window, as a server that has been running has them open: otherwise
// the first saves of a round pay for the connections (and, on
// PostgreSQL, each new backend's first touches of shared memory and its
// catalogue caches) inside the window. Nothing is written.
func warmPools(ctx context.Context, db *store.DB) error {
	for _, pool := range []*sqlx.DB{db.Writer(), db.Reader()} {
		if err := openAll(ctx, pool); err != nil {
			return err
		}
	}
	return nil
}

// openAll takes as many connections at once as the pool may open (one at
// most when it is unbounded), pings each and gives them back idle.
func openAll(ctx context.Context, pool *sqlx.DB) error {
	n := max(pool.Stats().MaxOpenConnections, 1)
	conns := make([]*sql.Conn, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c, err := pool.Conn(ctx)
			if err == nil {
				err = c.PingContext(ctx)
			}
			conns[i], errs[i] = c, err
		})
	}
	wg.Wait()
	for _, c := range conns {
		if c != nil {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}
