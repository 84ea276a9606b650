package catalogue_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"parkpi/data"
	"parkpi/internal/catalogue"
)

// TestSeedBundleRoundTrip: the seed in data/ builds, and is exactly what
// writing its definition gives, file by file: data/ is an export.
func TestSeedBundleRoundTrip(t *testing.T) {
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	enc, err := catalogue.Encode(cat.Definition())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range catalogue.Files() {
		want, err := os.ReadFile(filepath.Join("../../data", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(enc[name]) != string(want) {
			t.Errorf("%s: writing the seed's definition differs from data/%s", name, name)
			if os.Getenv("PARKPI_WRITE_SEED") != "" {
				_ = os.WriteFile(filepath.Join("../../data", name), enc[name], 0o644)
			}
		}
	}
}

// TestBundleProblemsByFileAndLine: a rule naming an unknown indicator and
// a bad number are refused with the file and line of each.
func TestBundleProblemsByFileAndLine(t *testing.T) {
	fsys := seedFS(t)
	rules := string(fsys["rules.csv"].Data)
	rules += "digitised_bound,error,digitised,<=,dos_resolved,,Sai {left},Wrong {left},,false,\n"
	fsys["rules.csv"] = &fstest.MapFile{Data: []byte(rules)}
	ind := strings.Replace(string(fsys["indicators.csv"].Data), ",0,100000,true,0,3,", ",zero,100000,true,0,3,", 1)
	fsys["indicators.csv"] = &fstest.MapFile{Data: []byte(ind)}
	_, err := catalogue.Load(fsys)
	ps, ok := err.(catalogue.Problems)
	if !ok || len(ps) == 0 {
		t.Fatalf("Load = %v, want problems", err)
	}
	if ps[0].File != "indicators.csv" || ps[0].Line != 2 || !strings.Contains(ps[0].MessageEN, "zero") {
		t.Errorf("first problem = %+v, want indicators.csv:2 about zero", ps[0])
	}
	// Fix the number: the rule is then the one problem, on its own line.
	fsys["indicators.csv"] = seedFS(t)["indicators.csv"]
	_, err = catalogue.Load(fsys)
	ps, _ = err.(catalogue.Problems)
	lines := strings.Count(rules, "\n")
	if len(ps) != 1 || ps[0].File != "rules.csv" || ps[0].Line != lines || !strings.Contains(ps[0].MessageVI, "digitised") ||
		!strings.Contains(ps[0].MessageEN, "character 1") {
		t.Fatalf("problems = %v, want one at rules.csv:%d naming digitised at character 1", ps, lines)
	}
}

func seedFS(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	for _, name := range catalogue.Files() {
		b, err := os.ReadFile(filepath.Join("../../data", name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: b}
	}
	return out
}

// TestBundleScoreIndexProblems: the score index is checked with the rest
// of the bundle — a group whose formula names a count the catalogue lacks
// is refused on its own line of index766.csv.
func TestBundleScoreIndexProblems(t *testing.T) {
	fsys := seedFS(t)
	index := string(fsys["index766.csv"].Data) + "extra,Thêm,Extra,5,dos_online / dos_scanned\n"
	fsys["index766.csv"] = &fstest.MapFile{Data: []byte(index)}
	_, err := catalogue.Load(fsys)
	ps, _ := err.(catalogue.Problems)
	if len(ps) != 1 || ps[0].File != "index766.csv" || ps[0].Line != strings.Count(index, "\n") || !strings.Contains(ps[0].MessageEN, "dos_scanned") {
		t.Fatalf("problems = %v, want one at index766.csv:%d naming dos_scanned", ps, strings.Count(index, "\n"))
	}
}
