package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"parkpi/internal/config"
	"parkpi/internal/seed"
	"parkpi/internal/store"
	"parkpi/internal/store/engines"
	"parkpi/internal/web"
)

func serveCmd(cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web application (seeds the demo into an empty database)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return serve(ctx, cfg)
		},
	}
	cfg.BindServe(cmd.Flags())
	return cmd
}

// serve runs until ctx ends, then lets in-flight requests finish and closes
// the database cleanly.
func serve(ctx context.Context, cfg *config.Config) error {
	log := newLogger(cfg)
	tuneGC(os.Getenv)
	// Held while serving, so `parkpi restore` refuses to replace the file
	// under a running server.
	unlock, err := engines.LockServing(cfg.DB)
	if err != nil {
		return err
	}
	defer unlock()
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.CountAgencies(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		log.Info("empty database: loading the Ninh Bình demo", "db", engines.Redacted(cfg.DB))
		switch err := seed.Demo(ctx, db); {
		case errors.Is(err, store.ErrNotEmpty):
			log.Info("another instance loaded the demo meanwhile")
		case err != nil:
			return fmt.Errorf("seed demo: %w", err)
		default:
			printDemoLogins(os.Stdout)
		}
	}
	if err := ensureAdmin(ctx, db, os.Stdout); err != nil {
		return err
	}
	nets, err := cfg.Metrics.Networks()
	if err != nil {
		return err
	}
	kick := make(chan struct{}, 1) // a returned report: run the reminders now
	lag, err := cfg.Lag(db.Engine())
	if err != nil {
		return err
	}
	srv, err := web.New(db, log, web.Options{SecureCookies: cfg.SecureCookies, DeadlineDays: cfg.DeadlineDays, TotalsLag: lag,
		Metrics: web.MetricsAccess{Allow: nets, Token: cfg.Metrics.Token},
		ReportReturned: func() {
			select {
			case kick <- struct{}{}:
			default: // a run is already asked for
			}
		}})
	if err != nil {
		return err
	}
	hs := &http.Server{Addr: cfg.Addr, Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	loopCtx, stopLoop := context.WithCancel(ctx)
	loopDone := make(chan struct{})
	go func() { remindLoop(loopCtx, db, cfg, log, kick); close(loopDone) }()
	defer func() { stopLoop(); <-loopDone }() // before the database closes
	log.Info("parkpi listening", "addr", cfg.Addr, "db", engines.Redacted(cfg.DB), "engine", db.Engine(), "version", version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// serveGCPercent is the server's garbage-collection target unless GOGC says
// otherwise. Its live heap is small (the tree, the catalogue and the cached
// views, some tens of MB) while a dashboard load allocates fast, so at Go's
// default of 100 the collector's background work was 8 % of the server's
// CPU under the mixed load of make bench (dashboard reads while savers
// commit); at 200 it was 4 %, for a larger heap (the server's peak RSS
// under that load is in docs/PERFORMANCE.md).
const serveGCPercent = 200

// tuneGC sets serveGCPercent when the environment does not set GOGC.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}
