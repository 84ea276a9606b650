package kpi

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestTouchedDiffIsTheWholeDiff: for saves of random subsets of a random
// year's series (reports keeping their states), the diff of the touched
// part's contributions, and SaveDiff over the whole year and over the
// touched part (what a save reads), are the diff of the whole year's, row
// for row.
func TestTouchedDiffIsTheWholeDiff(t *testing.T) {
	c := rankedCatalogue(t)
	var codes []string
	for _, ind := range c.Entered() {
		codes = append(codes, ind.Code)
	}
	r := rand.New(rand.NewPCG(1, 2))
	states := []string{StateNotStarted, StateDraft, StateSubmitted, StateApproved}
	for round := range 300 {
		before := AgencyYear{Kind: KindCommune, Year: 2022, Values: map[SeriesKey]Quarters{}}
		for q := 1; q <= 4; q++ {
			before.States[q] = states[r.IntN(len(states))]
		}
		for _, code := range codes {
			if r.IntN(4) == 0 {
				continue
			}
			qs := Quarters{}
			for q := 1; q <= 4; q++ {
				if r.IntN(3) > 0 {
					qs[q] = float64(r.IntN(50))
				}
			}
			before.Values[SeriesKey{Indicator: code}] = qs
		}
		after := cloneValues(before)
		quarter := 1 + r.IntN(4)
		var saved []string
		for _, code := range codes {
			if r.IntN(3) > 0 {
				continue
			}
			saved = append(saved, code)
			k := SeriesKey{Indicator: code}
			if after.Values[k] == nil {
				after.Values[k] = Quarters{}
			}
			if r.IntN(5) == 0 {
				delete(after.Values[k], quarter)
			} else {
				after.Values[k][quarter] = float64(r.IntN(50))
			}
		}
		whole := Diff(Contribute(c, before), Contribute(c, after))
		tb, ta := touched(c, before, saved), touched(c, after, saved)
		part := Diff(Contribute(c, tb), Contribute(c, ta))
		if !reflect.DeepEqual(sorted(whole), sorted(part)) {
			t.Fatalf("round %d, saved %v in Q%d:\nwhole %v\npart  %v", round, saved, quarter, sorted(whole), sorted(part))
		}
		if save := c.SaveDiff(before, after, saved, quarter); !reflect.DeepEqual(sorted(whole), sorted(save)) {
			t.Fatalf("round %d, saved %v in Q%d:\nwhole %v\nsave  %v", round, saved, quarter, sorted(whole), sorted(save))
		}
		// A save reads only the touched series of its year (store's
		// readSaveYear): SaveDiff over those is the whole diff too.
		if save := c.SaveDiff(tb, ta, saved, quarter); !reflect.DeepEqual(sorted(whole), sorted(save)) {
			t.Fatalf("round %d, saved %v in Q%d, touched series only:\nwhole %v\nsave  %v", round, saved, quarter, sorted(whole), sorted(save))
		}
	}
}

// touched is the part of y a save of codes reads: the series of
// Catalogue.TouchedCodes.
func touched(c *Catalogue, y AgencyYear, codes []string) AgencyYear {
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

func cloneValues(y AgencyYear) AgencyYear {
	out := y
	out.Values = map[SeriesKey]Quarters{}
	for k, q := range y.Values {
		c := Quarters{}
		for n, v := range q {
			c[n] = v
		}
		out.Values[k] = c
	}
	return out
}

// sorted is a delta's rows as text, each list in one order.
func sorted(d RowDelta) [][]string {
	lists := []any{d.Sums, d.Counts, d.OwnSet, d.OwnGone, d.RankSet, d.RankGone, d.RankMoved}
	out := make([][]string, len(lists))
	for i, l := range lists {
		v := reflect.ValueOf(l)
		for j := range v.Len() {
			out[i] = append(out[i], fmt.Sprint(v.Index(j).Interface()))
		}
		slices.Sort(out[i])
	}
	return out
}
