package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"parkpi/data"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/engines"
)

// copyCmd copies a whole database to another engine: a province that
// started on the embedded SQLite file moves to a PostgreSQL server (and
// back).
func copyCmd() *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "copy --from SRC --to DST",
		Short: "Copy a whole database into an empty one, on either engine (a SQLite file or a postgres:// URL)",
		Long: "Copy every table of SRC into DST in one transaction on DST, reading SRC in one snapshot.\n" +
			"DST must be empty (a new SQLite file, or a new PostgreSQL database made with createdb);\n" +
			"stop the servers on SRC first, so that nothing is written to it meanwhile.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" || to == "" {
				return kpi.Errorf(kpi.EINVALID, "Cần cả --from (nguồn) và --to (đích).", "Both --from (the source) and --to (the destination) are needed.")
			}
			if from == to {
				return kpi.Errorf(kpi.EINVALID, "Nguồn và đích là một.", "The source and the destination are the same.")
			}
			ctx := cmd.Context()
			cat, err := data.Catalogue()
			if err != nil {
				return err
			}
			src, err := engines.Open(ctx, from, cat)
			if err != nil {
				return fmt.Errorf("%s: %w", engines.Redacted(from), err)
			}
			defer src.Close()
			dst, err := engines.Open(ctx, to, cat)
			if err != nil {
				return fmt.Errorf("%s: %w", engines.Redacted(to), err)
			}
			defer dst.Close()
			start := time.Now()
			st, err := store.Copy(ctx, src, dst)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "copied %s (%s) to %s (%s) in %s: %d agencies, %d values, %d reports, %d users, %d audit rows\n",
				engines.Redacted(from), src.Engine(), engines.Redacted(to), dst.Engine(), time.Since(start).Round(time.Millisecond),
				st["agencies"], st["kpi_values"], st["submissions"], st["users"], st["audit_log"])
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the database to copy: a SQLite file or a postgres:// URL")
	cmd.Flags().StringVar(&to, "to", "", "the empty database to copy into: a SQLite file or a postgres:// URL")
	return cmd
}
