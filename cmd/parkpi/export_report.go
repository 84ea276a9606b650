package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"parkpi/internal/config"
	"parkpi/internal/report"
)

// exportReportCmd writes the Word report of a scope and period, or its
// PDF through LibreOffice.
func exportReportCmd(cfg *config.Config) *cobra.Command {
	var fl exportFlags
	var req report.Request
	var pdf bool
	cmd := &cobra.Command{
		Use:   "report --year YEAR [--quarter N] [--scope CODE] [--pdf] [-o FILE]",
		Short: "Báo cáo kết quả cải cách hành chính (.docx; --pdf through LibreOffice)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := fl.check(); err != nil {
				return err
			}
			if err := checkQuarter(req.Quarter); err != nil {
				return err
			}
			if pdf {
				if _, err := report.Office(); err != nil {
					return err
				}
			}
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			req.Year = fl.year
			if req.Scope == "" {
				root, err := db.RootAgency(cmd.Context())
				if err != nil {
					return err
				}
				req.Scope = root.Code
			}
			b, err := report.DOCX(cmd.Context(), db, req, report.Options{Level: fl.opts.Level})
			if err != nil {
				return err
			}
			ext := "docx"
			if pdf {
				if b, err = report.PDF(cmd.Context(), b); err != nil {
					return err
				}
				ext = "pdf"
			}
			path := fl.output(report.FileName(req, ext))
			if err := writeWhole(path, b); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), path)
			return nil
		},
	}
	fl.bind(cmd)
	cmd.Flags().IntVar(&req.Quarter, "quarter", 0, "quarter 1-4; 0 for the whole year")
	cmd.Flags().StringVar(&req.Scope, "scope", "", "agency whose subtree the report covers (default: the province)")
	cmd.Flags().BoolVar(&pdf, "pdf", false, "write the PDF (needs LibreOffice) instead of the .docx")
	return cmd
}

// writeWhole writes b to path through a temporary file beside it, so a
// failed write leaves no half file.
func writeWhole(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".part"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
