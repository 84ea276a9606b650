package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"parkpi/internal/config"
	"parkpi/internal/kpi"
	"parkpi/internal/store/engines"
)

func backupCmd(cfg *config.Config) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup -o FILE",
		Short: "Write an online, consistent copy of the database (safe while the server runs)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return kpi.Errorf(kpi.EINVALID, "Hãy cho biết tệp sao lưu: -o TỆP.", "Say where the backup goes: -o FILE.")
			}
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.Backup(cmd.Context(), out); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backup of %s written to %s\n", engines.Redacted(cfg.DB), out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the backup file to write (must not exist)")
	return cmd
}

func restoreCmd(cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Put a backup into place as the database (refused while a server runs on it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kept, err := engines.Restore(args[0], cfg.DB)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s restored into %s\n", args[0], cfg.DB)
			if kept != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "the database it replaced is kept as %s\n", kept)
			}
			return nil
		},
	}
	return cmd
}
