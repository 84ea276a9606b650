package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"parkpi/internal/config"
	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store/engines"
)

func migrateCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations and print the schema version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			v, err := db.Migrate(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "schema version %d\n", v)
			return nil
		},
	}
}

func seedCmd(cfg *config.Config) *cobra.Command {
	var withDemo bool
	cmd := &cobra.Command{
		Use:   "seed --demo",
		Short: "Load the Ninh Bình demo data into an empty database",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !withDemo {
				return kpi.Errorf(kpi.EINVALID, "Hãy nói nạp dữ liệu gì: --demo (bộ dữ liệu duy nhất hiện có).", "Say what to seed: --demo (the only dataset so far).")
			}
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := seed.Demo(cmd.Context(), db); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "demo data loaded into %s\n", engines.Redacted(cfg.DB))
			return nil
		},
	}
	cmd.Flags().BoolVar(&withDemo, "demo", false, "load the Ninh Bình demo (2020 to mid-2022)")
	return cmd
}

func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintln(cmd.OutOrStdout(), "parkpi", version)
		},
	}
}
