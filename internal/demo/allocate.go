package demo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// allocate splits total into whole parts proportional to weights by the
// largest-remainder method: every part gets the floor of its quota, and the
// units left over go to the largest fractional remainders, ties to the lower
// index. The parts always add up to total exactly, which is what lets the
// province figures of SEED.md come out of per-agency values. Negative weights
// count as zero; if no weight is positive the split is even.
func allocate(total int, weights []float64) []int {
	out := make([]int, len(weights))
	if total <= 0 || len(weights) == 0 {
		return out
	}
	w := make([]float64, len(weights))
	var sum float64
	for i, x := range weights {
		if x > 0 && !math.IsInf(x, 0) {
			w[i] = x
			sum += x
		}
	}
	if sum == 0 {
		for i := range w {
			w[i] = 1
		}
		sum = float64(len(w))
	}
	type rem struct {
		i int
		f float64
	}
	var rems []rem
	given := 0
	for i := range w {
		q := float64(total) * w[i] / sum
		f := math.Floor(q)
		out[i] = int(f)
		given += out[i]
		if w[i] > 0 {
			rems = append(rems, rem{i, q - f})
		}
	}
	// Stable sort keeps index order among equal remainders: the tie-break.
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.f, a.f) })
	for k := 0; given < total; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	// Rounding in the quotas could in theory overshoot by a unit; take it
	// back from the smallest remainders so the sum stays exact.
	for k := len(rems) - 1; given > total; k-- {
		if i := rems[((k%len(rems))+len(rems))%len(rems)].i; out[i] > 0 {
			out[i]--
			given--
		}
	}
	return out
}

// allocateCapped is allocate with an upper bound per part: whatever a part
// receives beyond its cap is split again over the parts that still have room.
// Caps keep the generated columns consistent (level 3 + level 4 ≤ services,
// very satisfied ≤ satisfied ≤ responses, late ≤ resolved).
func allocateCapped(total int, weights []float64, caps []int) ([]int, error) {
	room := 0
	for _, c := range caps {
		room += max(c, 0)
	}
	if room < total {
		return nil, fmt.Errorf("demo: cannot place %d units in room for %d", total, room)
	}
	out := make([]int, len(caps))
	for left := total; left > 0; {
		w := make([]float64, len(caps))
		var sum float64
		for i := range caps {
			if out[i] < caps[i] && weights[i] > 0 {
				w[i] = weights[i]
				sum += w[i]
			}
		}
		if sum == 0 { // only zero-weight parts have room: fill them by room
			for i := range caps {
				w[i] = float64(max(caps[i]-out[i], 0))
			}
		}
		for i, add := range allocate(left, w) {
			give := min(add, caps[i]-out[i])
			out[i] += give
			left -= give
		}
	}
	return out, nil
}

// interp returns the whole value k/n of the way from a to b, rounded down.
// Flooring keeps a sum of interpolated parts within the interpolated whole,
// so services at level 3 + level 4 never exceed the services of a quarter.
func interp(a, b, k, n int) int {
	d := (b - a) * k
	q := d / n
	if d%n != 0 && (d < 0) != (n < 0) {
		q--
	}
	return a + q
}

// rollout returns, for n items in a random order, the period index from which
// each is "on": the first cumulative[p] items are on by period p. Items past
// the last count never start (-1). It models communes joining the portal or
// getting a video-conference endpoint over time.
func rollout(rng *rand.Rand, n int, cumulative []int) []int {
	start := make([]int, n)
	for rank, item := range rng.Perm(n) {
		start[item] = -1
		for p, c := range cumulative {
			if rank < c {
				start[item] = p
				break
			}
		}
	}
	return start
}

// uniform draws from [lo, hi).
func uniform(rng *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }

// round converts a non-negative quantity to whole units.
func round(x float64) int { return int(math.Round(x)) }
