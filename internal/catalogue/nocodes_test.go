package catalogue_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"parkpi/data"
)

// TestNoIndicatorCodeInGo: no production Go file under cmd/ or internal/
// names an indicator code of the seed catalogue — what is reported, shown
// and checked is catalogue data. The demo generator and the synthetic
// national dataset (which make up values for the seed's indicators) and
// tests are outside the rule.
func TestNoIndicatorCodeInGo(t *testing.T) {
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, ind := range cat.All() {
		codes = append(codes, regexp.QuoteMeta(ind.Code))
	}
	word := regexp.MustCompile(`\b(` + strings.Join(codes, "|") + `)\b`)
	skip := map[string]bool{filepath.Join("internal", "demo"): true, filepath.Join("internal", "gen"): true}
	root := filepath.Join("..", "..")
	checked := 0
	for _, top := range []string{"cmd", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			if d.IsDir() && skip[rel] {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			checked++
			for n, line := range strings.Split(string(b), "\n") {
				if m := word.FindString(line); m != "" {
					t.Errorf("%s:%d names the indicator code %s: make it catalogue data", rel, n+1, m)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 100 {
		t.Fatalf("only %d Go files checked: the walk missed the tree", checked)
	}
}
