package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"parkpi/internal/config"
	"parkpi/internal/kpi"
)

// rebuildCmd recomputes the derived tables from the entered values and
// reports: the repair tool. Writes keep those tables current by deltas, so
// --check (which changes nothing) should always find them equal.
func rebuildCmd(cfg *config.Config) *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "rebuild [--check]",
		Short: "Recompute every figure, total, ranking entry and report count from the entered values (--check: only compare)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			start := time.Now()
			if check {
				diffs, err := db.CheckDerived(cmd.Context())
				if err != nil {
					return err
				}
				for _, d := range diffs {
					fmt.Fprintln(cmd.OutOrStdout(), d)
				}
				if len(diffs) > 0 {
					return kpi.Errorf(kpi.ECONFLICT, "Các bảng tổng hợp khác với kết quả tính lại (%d chỗ khác); chạy parkpi rebuild để sửa.",
						"The derived tables differ from a rebuild (%d differences); run parkpi rebuild to repair them.", len(diffs))
				}
				fmt.Fprintf(cmd.OutOrStdout(), "derived tables agree with a rebuild (%s)\n", time.Since(start).Round(time.Millisecond))
				return nil
			}
			if err := db.Rebuild(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "compare the derived tables with a rebuild, change nothing")
	return cmd
}
