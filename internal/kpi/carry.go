package kpi

import "strings"

// CarryOver is a field that opens a quarter with what the previous quarter
// closed with: the dossiers carried over into a quarter are the dossiers
// still in progress at the end of the one before. The entry form prefills
// the field from the previous quarter.
type CarryOver struct {
	Field string `json:"field"` // this quarter's field
	From  string `json:"from"`  // the previous quarter's field it carries
}

// CarryOvers are the catalogue's carry-overs, read from its rules: a rule
// in force that says a field equals a field of the previous period
// ("X == prev.Y": column 6 of Biểu 06 is column 11 of the quarter before)
// makes the first a carry-over of the second. The rule itself warns when a
// value typed differs.
func (c *Catalogue) CarryOvers() []CarryOver {
	var out []CarryOver
	seen := map[string]bool{}
	for _, r := range c.rules {
		if r.Op != "==" || r.RetiredFrom != 0 || len(r.left.Codes) != 1 || len(r.right.Prev) != 1 {
			continue
		}
		field, from := r.left.Codes[0], r.right.Prev[0]
		if strings.TrimSpace(r.Left) != field || strings.TrimSpace(r.Right) != "prev."+from || seen[field] {
			continue
		}
		if f, ok := c.Get(field); ok && f.Kind == KindEntered {
			seen[field] = true
			out = append(out, CarryOver{Field: field, From: from})
		}
	}
	return out
}
