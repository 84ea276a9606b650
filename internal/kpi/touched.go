package kpi

// TouchedCodes are the indicators whose series a save of the series of
// codes can change while no report changes state: those codes, and every
// input of the ranking indicators made of one of them (a ranking ratio is
// the agency's own rate, computed from all its inputs). The rest of the
// year contributes the same rows before and after such a save, and the
// report counts are the same too, so such a save reads only these series
// of the year, and SaveDiff over them is the whole year's Diff.
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
