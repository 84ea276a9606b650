package demo

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   int
		weights []float64
		want    []int
	}{
		{"ties go to the lower index", 10, []float64{1, 1, 1}, []int{4, 3, 3}},
		{"largest remainders", 7, []float64{0.5, 0.25, 0.25}, []int{3, 2, 2}},
		{"exact", 12, []float64{1, 2, 3}, []int{2, 4, 6}},
		{"no positive weight splits evenly", 5, []float64{0, 0}, []int{3, 2}},
		{"zero total", 0, []float64{1, 2}, []int{0, 0}},
		{"zero weight gets nothing", 3, []float64{0, 1, 0}, []int{0, 3, 0}},
		{"negative weight counts as zero", 100, []float64{1, -1, 1}, []int{50, 0, 50}},
		{"fewer units than parts", 2, []float64{1, 1, 1}, []int{1, 1, 0}},
		{"empty", 4, nil, []int{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := allocate(tc.total, tc.weights); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("allocate(%d, %v) = %v, want %v", tc.total, tc.weights, got, tc.want)
			}
		})
	}
}

// TestAllocateProperties: for random weights the parts add up exactly and
// each is within one unit of its quota.
func TestAllocateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		w := make([]float64, 1+rng.IntN(200))
		var sum float64
		for i := range w {
			w[i] = rng.Float64() * 10
			sum += w[i]
		}
		total := rng.IntN(100000)
		got := allocate(total, w)
		s := 0
		for i, x := range got {
			s += x
			if q := float64(total) * w[i] / sum; math.Abs(float64(x)-q) >= 1 {
				t.Fatalf("part %d = %d, quota %v", i, x, q)
			}
		}
		if s != total {
			t.Fatalf("parts add to %d, want %d", s, total)
		}
	}
}

func TestAllocateCapped(t *testing.T) {
	tests := []struct {
		name    string
		total   int
		weights []float64
		caps    []int
		want    []int
		wantErr bool
	}{
		{"overflow moves on", 10, []float64{1, 1}, []int{3, 10}, []int{3, 7}, false},
		{"zero weights filled last", 10, []float64{1, 0}, []int{5, 5}, []int{5, 5}, false},
		{"caps not binding", 4, []float64{1, 1}, []int{9, 9}, []int{2, 2}, false},
		{"equal to caps", 6, []float64{1, 2}, []int{2, 4}, []int{2, 4}, false},
		{"too little room", 10, []float64{1, 1}, []int{3, 3}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := allocateCapped(tc.total, tc.weights, tc.caps)
			if (err != nil) != tc.wantErr || !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("allocateCapped = %v, %v; want %v, error %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestInterp(t *testing.T) {
	tests := []struct{ a, b, k, n, want int }{
		{0, 10, 1, 3, 3}, {10, 0, 1, 3, 6}, {5, 5, 2, 4, 5}, {2, 9, 4, 4, 9}, {2, 9, 0, 4, 2},
	}
	for _, tc := range tests {
		if got := interp(tc.a, tc.b, tc.k, tc.n); got != tc.want {
			t.Errorf("interp(%d, %d, %d, %d) = %d, want %d", tc.a, tc.b, tc.k, tc.n, got, tc.want)
		}
	}
}

func TestRollout(t *testing.T) {
	start := rollout(rand.New(rand.NewPCG(3, 4)), 10, []int{2, 5, 8})
	on := make([]int, 3)
	never := 0
	for _, s := range start {
		if s < 0 {
			never++
			continue
		}
		for p := s; p < 3; p++ {
			on[p]++
		}
	}
	if !reflect.DeepEqual(on, []int{2, 5, 8}) || never != 2 {
		t.Errorf("rollout: on %v, never %d", on, never)
	}
}
