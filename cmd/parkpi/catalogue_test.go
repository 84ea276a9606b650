package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"parkpi/data"
	"parkpi/internal/catalogue"
	"parkpi/internal/store/storetest"
)

// TestCatalogueExportImport: exporting the demo's catalogue and importing
// the unchanged bundle reports no change; a changed name is one change,
// applied; a bundle whose rule names an unknown indicator is refused with
// its file and line, and changes nothing.
func TestCatalogueExportImport(t *testing.T) {
	env := map[string]string{"PARKPI_DB": storetest.DemoFile(t)}
	dir := filepath.Join(t.TempDir(), "bundle")
	if out, err := run(t, env, "catalogue", "export", "-o", dir); err != nil || !strings.Contains(out, "written to") {
		t.Fatalf("export: %q, %v", out, err)
	}
	for _, name := range catalogue.Files() {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		seed, _ := data.Bundle().ReadFile(name)
		if string(got) != string(seed) {
			t.Errorf("the export of a seeded database differs from the seed's %s", name)
		}
	}
	if out, err := run(t, env, "catalogue", "import", dir); err != nil || !strings.Contains(out, "no change") {
		t.Fatalf("import of the unchanged bundle: %q, %v", out, err)
	}
	edit(t, filepath.Join(dir, "groups.csv"), "Chỉ số đánh giá", "Các chỉ số đánh giá")
	if out, err := run(t, env, "catalogue", "import", "--dry-run", dir); err != nil || !strings.Contains(out, "change groups/indices") || !strings.Contains(out, "dry run") {
		t.Fatalf("dry run: %q, %v", out, err)
	}
	if out, err := run(t, env, "catalogue", "import", dir); err != nil || !strings.Contains(out, "1 changes applied") {
		t.Fatalf("import: %q, %v", out, err)
	}
	if out, err := run(t, env, "catalogue", "import", dir); err != nil || !strings.Contains(out, "no change") {
		t.Fatalf("import again: %q, %v", out, err)
	}
	rules := filepath.Join(dir, "rules.csv")
	b, _ := os.ReadFile(rules)
	line := strings.Count(string(b), "\n") + 1
	os.WriteFile(rules, append(b, []byte("digitised_bound,error,digitised,<=,dos_resolved,,Sai,Wrong,,false,\n")...), 0o644)
	out, err := run(t, env, "catalogue", "import", dir)
	want := "rules.csv:" + itoa(line) + ":"
	if err == nil || !strings.Contains(out, want) || !strings.Contains(out, "digitised") {
		t.Fatalf("a bundle with an unknown indicator in a rule: %q, %v; want %q", out, err, want)
	}
	if out, _ := run(t, env, "catalogue", "import", "--dry-run", dir); !strings.Contains(out, "rules.csv") {
		t.Fatalf("the refused bundle was applied: %q", out)
	}
}

func edit(t *testing.T, path, from, to string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), from) {
		t.Fatalf("%s lacks %q (%v)", path, from, err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), from, to, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
