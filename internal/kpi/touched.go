package kpi

// Touched is the part of an agency-year that a save of the series of codes
// can change while no report changes state: those series, and every input
// of the ranking indicators made of one of them (a ranking ratio is the
// agency's own rate, computed from all its inputs). The rest of the year
// contributes the same rows before and after such a save, and the report
// counts are the same too, so
//
//	Diff(Contribute(c, Touched(before)), Contribute(c, Touched(after)))
//
// is the whole year's Diff, for a fraction of the work: a form of twenty
// values need not derive the other indicators of the year twice.
func (c *Catalogue) Touched(y AgencyYear, codes []string) AgencyYear {
	keep := c.TouchedCodes(codes)
	out := y
	out.Values = make(map[SeriesKey]Quarters, len(keep))
	for k, q := range y.Values {
		if keep[k.Indicator] {
			out.Values[k] = q
		}
	}
	return out
}

// TouchedCodes are the indicators whose series Touched keeps: the codes
// saved and every input of a ranking indicator made of one of them. A save
// that changes no report's state needs only these series of the year, so
// it can read just them.
func (c *Catalogue) TouchedCodes(codes []string) map[string]bool {
	keep := make(map[string]bool, 2*len(codes))
	for _, code := range codes {
		keep[code] = true
	}
	for i := range c.ranked {
		if c.rankedOf(i, keep) {
			for _, in := range c.rankedInputs[i] {
				keep[in] = true
			}
		}
	}
	return keep
}

// rankedOf reports whether the i-th ranking indicator is made of one of
// the codes.
func (c *Catalogue) rankedOf(i int, codes map[string]bool) bool {
	for _, in := range c.rankedInputs[i] {
		if codes[in] {
			return true
		}
	}
	return false
}
