package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"parkpi/internal/catalogue"
	"parkpi/internal/config"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// catalogueCmd exports and imports the catalogue as a bundle of CSV files.
func catalogueCmd(cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{Use: "catalogue", Short: "Export or import the catalogue (indicators, data sets, rules, display choices) as CSV files"}
	cmd.AddCommand(catalogueExportCmd(cfg), catalogueImportCmd(cfg))
	return cmd
}

func catalogueExportCmd(cfg *config.Config) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "export -o DIR",
		Short: "Write the current catalogue as CSV files (UTF-8, one per kind, columns documented in DIR/README.md)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return kpi.Errorf(kpi.EINVALID, "Cần thư mục đích: -o THƯ_MỤC.", "A target folder is needed: -o DIR.")
			}
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			cat, err := db.Catalogue(cmd.Context())
			if err != nil {
				return err
			}
			if err := catalogue.WriteDir(dir, cat.Definition()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "catalogue version %d written to %s\n", cat.Version, dir)
			return nil
		},
	}
	cmd.Flags().StringVarP(&dir, "output", "o", "", "the folder to write the CSV files into (made if needed)")
	return cmd
}

func catalogueImportCmd(cfg *config.Config) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import DIR [--dry-run]",
		Short: "Apply a bundle of CSV files in one transaction; --dry-run lists what would change and writes nothing",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			info, err := os.Stat(args[0])
			if err != nil || !info.IsDir() {
				return kpi.Errorf(kpi.EINVALID, "Không có thư mục %s.", "There is no folder %s.", args[0])
			}
			def, lines, problems := catalogue.Read(os.DirFS(args[0]))
			if len(problems) == 0 {
				if _, built := kpi.Build(def); len(built) > 0 {
					problems = catalogue.Locate(built, lines)
				}
			}
			if len(problems) > 0 {
				return refuseBundle(cmd.ErrOrStderr(), problems)
			}
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			changes, err := db.SaveCatalogue(cmd.Context(), store.CatalogueWrite{Definition: def, Actor: "cli", Source: "import", DryRun: dryRun})
			if err != nil {
				return err
			}
			printChanges(cmd.OutOrStdout(), changes, dryRun)
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what would change, write nothing")
	return cmd
}

// refuseBundle lists every problem by file and line and refuses the
// bundle as a whole.
func refuseBundle(w io.Writer, problems catalogue.Problems) error {
	for _, p := range problems {
		fmt.Fprintln(w, p.String())
	}
	return kpi.Errorf(kpi.EINVALID, "Bộ danh mục có %d lỗi, không áp dụng gì.", "The bundle has %d problems; nothing was applied.", len(problems))
}

func printChanges(w io.Writer, changes []kpi.DefChange, dryRun bool) {
	if len(changes) == 0 {
		fmt.Fprintln(w, "no change: the catalogue is already this bundle")
		return
	}
	for _, c := range changes {
		fmt.Fprintf(w, "%s %s/%s\n", c.Action, c.Table, c.Key)
	}
	verb := "applied"
	if dryRun {
		verb = "would apply (dry run, nothing written)"
	}
	fmt.Fprintf(w, "%d changes %s\n", len(changes), verb)
}
