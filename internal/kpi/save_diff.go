package kpi

// SaveDiff is Diff(Contribute(c, before), Contribute(c, after)) for a save
// of the series of codes in one quarter while no report changes state:
// after differs from before only in that quarter's values of those series,
// with the same kind and report states. It works out only what such a save
// can change, series by series, without the two whole contributions and
// the maps that match them up: the touched series (TouchedCodes), the quarter
// and the year (no other quarter reads the saved one), the ranking
// indicators made of a saved series (the others' inputs are the same before
// and after), and no report counts (they follow the states). A year whose
// kind or states differ gets the whole Diff.
func (c *Catalogue) SaveDiff(before, after AgencyYear, codes []string, quarter int) RowDelta {
	if before.Kind != after.Kind || before.States != after.States {
		return Diff(Contribute(c, before), Contribute(c, after))
	}
	keep := c.TouchedCodes(codes)
	s := saveDiff{c: c, kind: after.Kind, periods: [2]int{0, quarter}, before: before, after: after,
		figs: make(map[string][2][2]figs, len(keep))}
	for key, q := range after.Values {
		if keep[key.Indicator] {
			s.series(key, before.Values[key], q)
		}
	}
	for key, q := range before.Values {
		if _, ok := after.Values[key]; !ok && keep[key.Indicator] {
			s.series(key, q, nil)
		}
	}
	saved := make(map[string]bool, len(codes))
	for _, code := range codes {
		saved[code] = true
	}
	for i, ind := range c.ranked {
		if c.rankedOf(i, saved) {
			s.ranked(ind)
		}
	}
	return s.d
}

// saveDiff is SaveDiff's work: the delta so far, and the figures of the
// series worked out (before, after) that the ranking indicators read.
type saveDiff struct {
	c             *Catalogue
	kind          Kind
	periods       [2]int
	before, after AgencyYear
	figs          map[string][2][2]figs // option 0 series by code: before, after; by period
	d             RowDelta
}

// series adds what one series changes: its sums of the quarter and the
// year, and its own figure of the year.
func (s *saveDiff) series(key SeriesKey, before, after Quarters) {
	ind, ok := s.c.Get(key.Indicator)
	if !ok || ind.Kind != KindEntered || ind.OverQuarters == AggParts {
		return
	}
	var all [2][2]figs
	for slot, quarter := range s.periods {
		fb, fa := s.before.seriesFigs(ind, before, quarter), s.after.seriesFigs(ind, after, quarter)
		all[0][slot], all[1][slot] = fb, fa
		period := QuarterCode(quarter)
		bb, ba := bucketsOf(fb), bucketsOf(fa)
		s.sums(SumKey{period, key.Indicator, key.Option, s.kind, 0}, bb, ba)
		if quarter == 0 {
			s.own(OwnKey{period, key.Indicator, key.Option, 0}, bb, ba)
		}
	}
	if key.Option == 0 {
		s.figs[key.Indicator] = all
	}
}

// ranked adds what a ranking indicator's entries and (a ratio's) sums
// change in the quarter and the year.
func (s *saveDiff) ranked(ind Indicator) {
	for slot, quarter := range s.periods {
		period := QuarterCode(quarter)
		var f [2]figs
		for side := range f {
			for _, l := range Levels {
				fig := ownFigure(s.c, ind, func(code string) (float64, bool) {
					x := s.figs[code][side][slot][l]
					return x.v, x.ok
				})
				f[side][l].v, f[side][l].ok = fig.Value, fig.OK
			}
		}
		s.ranks(appendRanks(nil, ind.Code, period, f[0]), appendRanks(nil, ind.Code, period, f[1]))
		if ind.IsDerived() {
			s.sums(SumKey{period, ind.Code, 0, s.kind, 0}, bucketsOf(f[0]), bucketsOf(f[1]))
		}
	}
}

// bucketSet is a figure's buckets (index 1–3) as figs.buckets emits them.
type bucketSet [4]struct {
	sum float64
	n   int
	ok  bool
}

func bucketsOf(f figs) bucketSet {
	var out bucketSet
	f.buckets(func(b Level, sum float64, n int) { out[b].sum, out[b].n, out[b].ok = sum, n, true })
	return out
}

// sums adds the buckets' moves under key (its Bucket set for each), added
// up as Diff adds them: minus before, plus after.
func (s *saveDiff) sums(key SumKey, before, after bucketSet) {
	for b := LevelAll; b <= LevelApproved; b++ {
		if !before[b].ok && !after[b].ok {
			continue
		}
		var r SumRow
		r.SumKey, r.SumKey.Bucket = key, b
		if before[b].ok {
			r.Sum, r.N = -before[b].sum, -before[b].n
		}
		if after[b].ok {
			r.Sum, r.N = r.Sum+after[b].sum, r.N+after[b].n
		}
		if r.N != 0 || !negligible(r.Sum) {
			s.d.Sums = append(s.d.Sums, r)
		}
	}
}

// own adds the own figure's buckets that are new, changed or gone.
func (s *saveDiff) own(key OwnKey, before, after bucketSet) {
	for b := LevelAll; b <= LevelApproved; b++ {
		k := key
		k.Bucket = b
		switch {
		case after[b].ok && (!before[b].ok || before[b].sum != after[b].sum || before[b].n != after[b].n):
			s.d.OwnSet = append(s.d.OwnSet, OwnRow{k, after[b].sum, after[b].n})
		case before[b].ok && !after[b].ok:
			s.d.OwnGone = append(s.d.OwnGone, k)
		}
	}
}

// ranks adds the change of one indicator's entries of one period, as
// diffRanks and pairMoves work it out.
func (s *saveDiff) ranks(before, after []RankRow) {
	var gone []RankKey
	var fresh []RankRow
	for _, a := range after {
		found := false
		for _, b := range before {
			if b.RankKey == a.RankKey {
				found = true
				if b.Levels != a.Levels {
					s.d.RankSet = append(s.d.RankSet, a)
				}
			}
		}
		if !found {
			fresh = append(fresh, a)
		}
	}
	for _, b := range before {
		found := false
		for _, a := range after {
			found = found || a.RankKey == b.RankKey
		}
		if !found {
			gone = append(gone, b.RankKey)
		}
	}
	if len(gone) == 1 && len(fresh) == 1 {
		s.d.RankMoved = append(s.d.RankMoved, RankMove{From: gone[0], To: fresh[0]})
		return
	}
	s.d.RankGone = append(s.d.RankGone, gone...)
	s.d.RankSet = append(s.d.RankSet, fresh...)
}
