package kpi

import "math"

// RowDelta is what changes in the maintained tables when an agency-year's
// contribution goes from before to after: the sums and counts move by the
// difference; own figures and rank entries are replaced row by row.
type RowDelta struct {
	Sums     []SumRow   // after − before, rows that move
	Counts   []CountRow // after − before, rows that move
	OwnSet   []OwnRow   // own figures to write (new or changed)
	OwnGone  []OwnKey   // own figures that are gone
	RankSet  []RankRow  // rank entries to write (new, or answering other levels)
	RankGone []RankKey  // rank entries that are gone
	// RankMoved are entries whose figure changed: the one entry of an
	// indicator and period that went, and the one new entry that came (the
	// usual save), so that the entry can be moved in place.
	RankMoved []RankMove
}

// RankMove is a rank entry whose figure changed.
type RankMove struct {
	From RankKey
	To   RankRow
}

// Empty reports whether nothing changes.
func (d RowDelta) Empty() bool {
	return len(d.Sums)+len(d.Counts)+len(d.OwnSet)+len(d.OwnGone)+len(d.RankSet)+len(d.RankGone)+len(d.RankMoved) == 0
}

// Diff is the change from before to after.
func Diff(before, after Contribution) RowDelta {
	var d RowDelta
	sums := make(map[SumKey]SumRow, len(before.Sums)+len(after.Sums))
	for _, r := range before.Sums {
		sums[r.SumKey] = SumRow{r.SumKey, -r.Sum, -r.N}
	}
	for _, r := range after.Sums {
		s := sums[r.SumKey]
		sums[r.SumKey] = SumRow{r.SumKey, s.Sum + r.Sum, s.N + r.N}
	}
	for _, r := range sums {
		if r.N != 0 || !negligible(r.Sum) {
			d.Sums = append(d.Sums, r)
		}
	}
	counts := make(map[CountKey]int, len(before.Counts)+len(after.Counts))
	for _, r := range before.Counts {
		counts[r.CountKey] -= r.N
	}
	for _, r := range after.Counts {
		counts[r.CountKey] += r.N
	}
	for k, n := range counts {
		if n != 0 {
			d.Counts = append(d.Counts, CountRow{k, n})
		}
	}
	d.OwnSet, d.OwnGone = diffOwn(before.Own, after.Own)
	d.RankSet, d.RankGone, d.RankMoved = diffRanks(before.Ranks, after.Ranks)
	return d
}

func diffOwn(before, after []OwnRow) ([]OwnRow, []OwnKey) {
	old := make(map[OwnKey]OwnRow, len(before))
	for _, r := range before {
		old[r.OwnKey] = r
	}
	var set []OwnRow
	for _, r := range after {
		if o, ok := old[r.OwnKey]; !ok || o != r {
			set = append(set, r)
		}
		delete(old, r.OwnKey)
	}
	gone := make([]OwnKey, 0, len(old))
	for k := range old {
		gone = append(gone, k)
	}
	return set, gone
}

func diffRanks(before, after []RankRow) ([]RankRow, []RankKey, []RankMove) {
	old := make(map[RankKey]LevelSet, len(before))
	for _, r := range before {
		old[r.RankKey] = r.Levels
	}
	var set, fresh []RankRow
	for _, r := range after {
		l, ok := old[r.RankKey]
		switch {
		case !ok:
			fresh = append(fresh, r)
		case l != r.Levels:
			set = append(set, r)
		}
		delete(old, r.RankKey)
	}
	gone := make([]RankKey, 0, len(old))
	for k := range old {
		gone = append(gone, k)
	}
	moved, gone, fresh := pairMoves(gone, fresh)
	return append(set, fresh...), gone, moved
}

// pairMoves pairs the entry that went with the new one that came for the
// same indicator and period, where there is exactly one of each.
func pairMoves(gone []RankKey, fresh []RankRow) ([]RankMove, []RankKey, []RankRow) {
	type ip struct{ ind, period string }
	count := map[ip][2]int{}
	for _, k := range gone {
		c := count[ip{k.Indicator, k.Period}]
		c[0]++
		count[ip{k.Indicator, k.Period}] = c
	}
	for _, r := range fresh {
		c := count[ip{r.Indicator, r.Period}]
		c[1]++
		count[ip{r.Indicator, r.Period}] = c
	}
	from := map[ip]RankKey{}
	var restGone []RankKey
	for _, k := range gone {
		if count[ip{k.Indicator, k.Period}] == [2]int{1, 1} {
			from[ip{k.Indicator, k.Period}] = k
		} else {
			restGone = append(restGone, k)
		}
	}
	var moved []RankMove
	var restFresh []RankRow
	for _, r := range fresh {
		if k, ok := from[ip{r.Indicator, r.Period}]; ok {
			moved = append(moved, RankMove{From: k, To: r})
		} else {
			restFresh = append(restFresh, r)
		}
	}
	return moved, restGone, restFresh
}

// negligible is a sum that only rounding left: adding and taking away the
// same fractions (an average over quarters) may not give exactly 0.
func negligible(v float64) bool { return math.Abs(v) < 1e-9 }

// Negligible reports whether a stored sum is zero but for rounding.
func Negligible(v float64) bool { return negligible(v) }

// Negate is the contribution taken away: sums and counts negated, nothing
// else (own figures and rank entries are rows of the agency, not sums).
func (c Contribution) Negate() Contribution {
	out := Contribution{Sums: make([]SumRow, len(c.Sums)), Counts: make([]CountRow, len(c.Counts))}
	for i, r := range c.Sums {
		out.Sums[i] = SumRow{r.SumKey, -r.Sum, -r.N}
	}
	for i, r := range c.Counts {
		out.Counts[i] = CountRow{r.CountKey, -r.N}
	}
	return out
}
