package store_test

// Benchmarks at national scale. They run only with -bench (`make bench`
// runs them on the 5,000-agency dataset, see scripts/bench.sh); set
// PARKPI_BENCH_DB to a database made by `parkpi gen` (it is written to: use
// a copy), or they generate a 500-agency dataset of their own.

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"parkpi/internal/gen"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/engines"
	"parkpi/internal/store/storetest"
)

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// benchDB opens the benchmark dataset; cached=false turns the read cache
// off so the queries themselves are measured.
func benchDB(b *testing.B, cached bool) *store.DB {
	b.Helper()
	benchOnce.Do(func() {
		if p := os.Getenv("PARKPI_BENCH_DB"); p != "" {
			// Opening a missing file would create an empty database (and a
			// relative path is relative to the package folder).
			_, benchErr = os.Stat(p)
			benchPath = p
			return
		}
		dir, err := os.MkdirTemp("", "parkpi-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchPath = filepath.Join(dir, "bench.db")
		db, err := engines.Open(context.Background(), benchPath, catalogueFor(b))
		if err != nil {
			benchErr = err
			return
		}
		_, benchErr = gen.Load(context.Background(), db, gen.Options{Agencies: 500, Years: 3})
		db.Close()
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	_ = cached // the store caches nothing: every read is a read
	return storetest.OpenPath(b, benchPath)
}

func catalogueFor(b *testing.B) *kpi.Catalogue {
	db := storetest.Open(b)
	return storetest.Catalogue(b, db)
}

// latest returns the root and the latest year of the dataset.
func latest(b *testing.B, db *store.DB) (string, int) {
	b.Helper()
	ctx := context.Background()
	root, err := db.RootAgency(ctx)
	if err != nil {
		b.Fatal(err)
	}
	years, err := db.Years(ctx)
	if err != nil || len(years) == 0 {
		b.Fatalf("years %v, %v", years, err)
	}
	return root.Code, years[0]
}

// overviewReads are the store reads behind the overview's headline: the
// years, the scope by kind, the same period a year earlier.
func overviewReads(ctx context.Context, db *store.DB, s store.Scope) error {
	if _, err := db.Years(ctx); err != nil {
		return err
	}
	if _, err := db.FiguresByKind(ctx, s); err != nil {
		return err
	}
	_, err := db.Figures(ctx, store.Scope{Agency: s.Agency, Year: s.Year - 1, Quarter: s.Quarter})
	return err
}

func BenchmarkOverviewReads(b *testing.B) {
	for _, cached := range []bool{false, true} {
		name := map[bool]string{false: "uncached", true: "cached"}[cached]
		b.Run(name, func(b *testing.B) {
			db := benchDB(b, cached)
			root, year := latest(b, db)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				s := store.Scope{Agency: root, Year: year - i%3, Quarter: i % 5}
				if err := overviewReads(ctx, db, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkYears(b *testing.B) {
	db := benchDB(b, false)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Years(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOwnFigures is every agency's own figures for a year: rankings
// and the province summary.
func BenchmarkOwnFigures(b *testing.B) {
	for _, q := range []int{0, 4} {
		b.Run(map[int]string{0: "year", 4: "quarter"}[q], func(b *testing.B) {
			db := benchDB(b, false)
			root, year := latest(b, db)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := db.OwnFigures(ctx, store.Scope{Agency: root, Year: year, Quarter: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkChildFigures(b *testing.B) {
	db := benchDB(b, false)
	root, year := latest(b, db)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.ChildFigures(ctx, store.Scope{Agency: root, Year: year}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveValues saves 20-value forms (gen.Form) into the dataset's last quarter
// (left in draft), 50 goroutines at a time in the parallel case.
func BenchmarkSaveValues(b *testing.B) {
	for _, par := range []int{1, 50} {
		b.Run(map[int]string{1: "serial", 50: "50clients"}[par], func(b *testing.B) {
			db := benchDB(b, true)
			_, year := latest(b, db)
			agencies := saveTargets(b, db)
			var next atomic.Int64
			salt := time.Now().UnixNano() % 997 // every run writes new values
			b.ReportAllocs()
			b.SetParallelism(max(1, par/2)) // GOMAXPROCS is 2 on the target machine
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := next.Add(1)
					w := store.ValueWrite{Agency: agencies[int(n)%len(agencies)], Period: kpi.Period{Year: year, Quarter: 4},
						Values: gen.Form(int(n + salt)), Version: -1, Actor: "bench", Source: "bench"}
					if _, err := db.SaveValues(context.Background(), w); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// saveTargets returns the agencies below the root.
func saveTargets(b *testing.B, db *store.DB) []string {
	b.Helper()
	tree, err := db.Tree(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	var agencies []string
	for _, a := range tree.All() {
		if a.ParentCode != "" {
			agencies = append(agencies, a.Code)
		}
	}
	return agencies
}
