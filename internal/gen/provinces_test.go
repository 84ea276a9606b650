package gen_test

import (
	"context"
	"fmt"
	"testing"

	"parkpi/internal/gen"
	"parkpi/internal/kpi"
)

// TestTreeOfProvinces: --provinces splits the agencies among that many
// provinces (large ones, for a ten-thousand-row template), every agency
// below one of them; 0 keeps the default tree; impossible counts are refused.
func TestTreeOfProvinces(t *testing.T) {
	for _, tc := range []struct {
		n, provinces, want int
		ok                 bool
	}{
		{800, 2, 2, true},
		{800, 0, 31, true},
		{60, 11, 11, true},
		{60, 12, 0, false},
		{800, -1, 0, false},
	} {
		t.Run(fmt.Sprint(tc.n, "/", tc.provinces), func(t *testing.T) {
			agencies, err := gen.TreeOf(tc.n, tc.provinces, gen.DefaultSeed)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok %v", err, tc.ok)
			}
			if !tc.ok {
				return
			}
			tree, err := kpi.NewTree(agencies)
			if err != nil || tree.Len() != tc.n {
				t.Fatalf("%d agencies, %v; want %d", tree.Len(), err, tc.n)
			}
			provinces := tree.Children(gen.RootCode)
			if len(provinces) != tc.want {
				t.Fatalf("%d provinces, want %d", len(provinces), tc.want)
			}
			below := 0
			for _, p := range provinces {
				below += 1 + len(tree.Descendants(p.Code))
			}
			if below != tc.n-1 {
				t.Fatalf("%d agencies in the provinces, want %d", below, tc.n-1)
			}
		})
	}
	def, _ := gen.Tree(800, gen.DefaultSeed)
	same, _ := gen.TreeOf(800, 0, gen.DefaultSeed)
	if fmt.Sprint(def) != fmt.Sprint(same) {
		t.Fatal("TreeOf(n, 0) differs from Tree(n)")
	}
}

func TestProvincesOptionIsChecked(t *testing.T) {
	agencies, _ := gen.Tree(10, 1)
	for _, p := range []int{-1, 2} {
		err := gen.Generate(context.Background(), agencies, catalogue(t), gen.Options{Agencies: 10, Provinces: p, Years: 1}, &memSink{})
		if kpi.ErrorCode(err) != kpi.EINVALID {
			t.Errorf("provinces %d: %v, want invalid", p, err)
		}
	}
}
