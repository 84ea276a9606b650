package kpi

import "sort"

// StoredQuarter is one quarter an agency has values for.
type StoredQuarter struct {
	Period Period
	Values map[string]float64
}

// RuleHit is a stored quarter a rule flags, with both sides' values and
// the rule's message as the officer would read it.
type RuleHit struct {
	Period      Period
	Left, Right float64
	Message     FieldError
}

// RuleTrial is what a rule would say about an agency's stored quarters.
type RuleTrial struct {
	Applies int       // quarters of a year and data set the rule holds for
	Checked int       // of those, the quarters with every value it reads
	Hits    []RuleHit // the quarters it flags, oldest first
}

// TryRule runs r (compiled by CompileRule) over an agency's stored
// quarters as ValidateEntry would check each of them: against the agency's
// data set of that year, with the quarter before as prev, only when every
// value it reads is there and sound. It is how an administrator sees which
// quarters a rule would flag before saving it.
func (c *Catalogue) TryRule(r Rule, kind Kind, quarters []StoredQuarter) RuleTrial {
	qs := append([]StoredQuarter(nil), quarters...)
	sort.Slice(qs, func(a, b int) bool { return qs[a].Period.Index() < qs[b].Period.Index() })
	byIndex := make(map[int]map[string]float64, len(qs))
	for _, q := range qs {
		byIndex[q.Period.Index()] = q.Values
	}
	ds := c.DataSetFor(kind)
	var t RuleTrial
	for _, q := range qs {
		if !r.AppliesTo(dataSetCode(ds), q.Period.Year) {
			continue
		}
		t.Applies++
		in := EntryInput{Kind: kind, Year: q.Period.Year, Values: q.Values, Previous: byIndex[q.Period.Prev().Index()]}
		_, bad := checkFields(c, ds, in)
		if !usable(r, in, bad) {
			continue
		}
		t.Checked++
		if msg, ok := r.Check(in.Values, in.Previous); !ok {
			l, rv, _ := r.sides(in.Values, in.Previous)
			t.Hits = append(t.Hits, RuleHit{Period: q.Period, Left: l, Right: rv, Message: msg})
		}
	}
	return t
}
