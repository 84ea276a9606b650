package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"parkpi/internal/config"
	"parkpi/internal/gen"
	"parkpi/internal/kpi"
	"parkpi/internal/store/engines"
)

// genCmd writes the synthetic national dataset used by `make bench`.
func genCmd(cfg *config.Config) *cobra.Command {
	o := gen.Options{Agencies: 5000, Years: 10}
	cmd := &cobra.Command{
		Use:   "gen [--agencies N] [--provinces N] [--years N] [--last-year Y] --db FILE|URL",
		Short: "Generate a synthetic national dataset (for load tests) into a new database file or an empty PostgreSQL database",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			file := !engines.IsPostgres(cfg.DB)
			if _, err := os.Stat(cfg.DB); file && err == nil {
				return kpi.Errorf(kpi.EINVALID, "Tệp %s đã có: gen chỉ ghi vào tệp mới.", "%s already exists: gen writes only a new file.", cfg.DB)
			}
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			st, err := gen.Load(cmd.Context(), db, o)
			if cerr := db.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				if file {
					removeDB(cfg.DB)
				}
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %s\n", engines.Redacted(cfg.DB), st)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Agencies, "agencies", o.Agencies, fmt.Sprintf("agencies in the tree (%d to %d)", gen.MinAgencies, gen.MaxAgencies))
	f.IntVar(&o.Provinces, "provinces", 0, "provinces to split the agencies among (0: 34, fewer for a small tree)")
	f.IntVar(&o.Years, "years", o.Years, fmt.Sprintf("years of quarterly values (1 to %d)", gen.MaxYears))
	f.IntVar(&o.LastYear, "last-year", gen.DefaultLastYear, "the last year with values")
	return cmd
}

// removeDB deletes a half-written dataset and its WAL files.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		_ = os.Remove(p)
	}
}
