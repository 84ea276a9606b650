package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"parkpi/internal/config"
	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// exportCmd groups the Excel reports: agency, summary, form06.
func exportCmd(cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write a report: agency, summary, form06 (Excel) or report (Word)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return kpi.Errorf(kpi.EINVALID, "Hãy chọn báo cáo: agency, summary, form06 hoặc report (xem 'parkpi export --help').", "Say which report: agency, summary, form06 or report (see 'parkpi export --help').")
		},
	}
	cmd.AddCommand(exportAgencyCmd(cfg), exportSummaryCmd(cfg), exportForm06Cmd(cfg), exportReportCmd(cfg))
	return cmd
}

// exportFlags are the flags every report takes.
type exportFlags struct {
	year  int
	out   string
	state string
	opts  excel.Options
}

func (f *exportFlags) bind(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.year, "year", 0, "the year of the report (required)")
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "output file (default under out/)")
	cmd.Flags().StringVar(&f.state, "state", "approved", "which reports the figures count: approved, submitted or all")
}

func (f *exportFlags) check() error {
	if f.year == 0 {
		return kpi.Errorf(kpi.EINVALID, "Thiếu --year (năm báo cáo).", "--year is required.")
	}
	level, err := kpi.ParseLevel(f.state, kpi.LevelApproved)
	if err != nil {
		return err
	}
	f.opts.Level = level
	return (kpi.Period{Year: f.year, Quarter: 1}).Validate()
}

func exportAgencyCmd(cfg *config.Config) *cobra.Command {
	var fl exportFlags
	var code string
	cmd := &cobra.Command{
		Use:   "agency --code CODE --year YEAR [-o FILE]",
		Short: "An agency's report for a year (its subtree's figures), with charts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code == "" {
				return kpi.Errorf(kpi.EINVALID, "Thiếu --code (mã cơ quan).", "--code is required.")
			}
			if err := fl.check(); err != nil {
				return err
			}
			return runExport(cmd, cfg, fl.output(fmt.Sprintf("bao-cao-%s-%d.xlsx", code, fl.year)), func(ctx context.Context, db *store.DB) (*excelize.File, error) {
				return excel.AgencyYear(ctx, db, code, fl.year, fl.opts)
			})
		},
	}
	fl.bind(cmd)
	cmd.Flags().StringVar(&code, "code", "", "agency code, e.g. 14722 (required)")
	return cmd
}

func exportSummaryCmd(cfg *config.Config) *cobra.Command {
	var fl exportFlags
	var scope string
	cmd := &cobra.Command{
		Use:   "summary --year YEAR [--scope CODE] [-o FILE]",
		Short: "The province summary for a year: one row per agency, totals, charts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := fl.check(); err != nil {
				return err
			}
			return runExport(cmd, cfg, fl.output(fmt.Sprintf("tong-hop-%d.xlsx", fl.year)), func(ctx context.Context, db *store.DB) (*excelize.File, error) {
				return excel.Summary(ctx, db, scope, fl.year, fl.opts)
			})
		},
	}
	fl.bind(cmd)
	cmd.Flags().StringVar(&scope, "scope", "", "agency whose subtree to summarise (default: the province)")
	return cmd
}

func exportForm06Cmd(cfg *config.Config) *cobra.Command {
	var fl exportFlags
	var req excel.Form06Request
	cmd := &cobra.Command{
		Use:   "form06 --year YEAR [--quarter N | --half N] [--scope CODE] [-o FILE]",
		Short: "Biểu số 06/VPCP/KSTT for a quarter (1-4), a half of the year (1-2) or the whole year",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := fl.check(); err != nil {
				return err
			}
			if err := checkQuarter(req.Quarter); err != nil {
				return err
			}
			req.Year = fl.year
			name := fmt.Sprintf("bieu-06-%d.xlsx", fl.year)
			switch {
			case req.Quarter > 0:
				name = fmt.Sprintf("bieu-06-%d-q%d.xlsx", fl.year, req.Quarter)
			case req.Half > 0:
				name = fmt.Sprintf("bieu-06-%d-6thang-%d.xlsx", fl.year, req.Half)
			}
			return runExport(cmd, cfg, fl.output(name), func(ctx context.Context, db *store.DB) (*excelize.File, error) {
				return excel.Form06(ctx, db, req, fl.opts)
			})
		},
	}
	fl.bind(cmd)
	cmd.Flags().IntVar(&req.Quarter, "quarter", 0, "quarter 1-4; 0 for the whole year")
	cmd.Flags().IntVar(&req.Half, "half", 0, "six months: 1 (15/12 of the year before to 14/06) or 2 (15/06 to 14/12)")
	cmd.Flags().StringVar(&req.Scope, "scope", "", "agency whose subtree the form covers (default: the province)")
	return cmd
}

func (f *exportFlags) output(def string) string {
	if f.out != "" {
		return f.out
	}
	return filepath.Join("out", def)
}

// runExport opens the database, builds the workbook and writes it to path
// through a temporary file, so a failed export leaves no half file.
func runExport(cmd *cobra.Command, cfg *config.Config, path string, build func(context.Context, *store.DB) (*excelize.File, error)) error {
	db, err := openDB(cmd.Context(), cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	f, err := build(cmd.Context(), db)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		f.Close()
		return err
	}
	tmp := path + ".part"
	out, err := os.Create(tmp)
	if err != nil {
		f.Close()
		return err
	}
	if err := excel.WriteTo(f, out); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	fmt.Fprintln(cmd.OutOrStdout(), path)
	return nil
}

// checkQuarter checks --quarter: 1 to 4, or 0 for the whole year.
func checkQuarter(q int) error {
	if q < 0 || q > 4 {
		return kpi.Errorf(kpi.EINVALID, "--quarter phải từ 1 đến 4, hoặc 0 cho cả năm.", "--quarter must be 1 to 4, or 0 for the whole year.")
	}
	return nil
}
