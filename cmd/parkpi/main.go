// Command parkpi is the whole application in one binary: serve, migrate,
// seed and version. This package only wires the parts together.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"parkpi/data"
	"parkpi/internal/config"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/engines"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if err := newRoot(os.Getenv).Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "parkpi:", cliMessage(err))
		os.Exit(1)
	}
}

// cliMessage gives our coded errors in both languages on one line.
func cliMessage(err error) string {
	var e *kpi.Error
	if errors.As(err, &e) {
		return e.MessageVI + " / " + e.MessageEN
	}
	return "Lỗi / Error: " + err.Error()
}

// newRoot builds the command tree; getenv is a parameter so tests can
// run the CLI with their own environment.
func newRoot(getenv func(string) string) *cobra.Command {
	cfg := config.Default()
	envErr := cfg.FromEnv(getenv)
	root := &cobra.Command{
		Use:           "parkpi",
		Short:         "parkpi tracks a province's administrative-reform KPIs",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if envErr != nil {
				return envErr
			}
			return cfg.Validate()
		},
	}
	cfg.BindCommon(root.PersistentFlags())
	root.AddCommand(serveCmd(&cfg), migrateCmd(&cfg), seedCmd(&cfg), versionCmd(), genCmd(&cfg), rebuildCmd(&cfg))
	root.AddCommand(userCmd(&cfg), tokenCmd(&cfg), remindCmd(&cfg))
	root.AddCommand(exportCmd(&cfg), copyCmd(), catalogueCmd(&cfg))
	root.AddCommand(backupCmd(&cfg), restoreCmd(&cfg))
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return kpi.Errorf(kpi.EINVALID, "Tham số không hợp lệ: %v (xem '%s --help').", "Invalid flag: %v (see '%s --help').", err, cmd.CommandPath())
	})
	return root
}

func newLogger(cfg *config.Config) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// openDB opens the database with the embedded indicator catalogue.
func openDB(ctx context.Context, cfg *config.Config) (*store.DB, error) {
	cat, err := data.Catalogue()
	if err != nil {
		return nil, err
	}
	db, err := engines.Open(ctx, cfg.DB, cat)
	if err != nil {
		return nil, err
	}
	db.SetDeadlineDays(cfg.DeadlineDays) // a submission is recorded late by the pages' calendar
	return db, nil
}
