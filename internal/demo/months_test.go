package demo

import (
	"testing"

	"parkpi/internal/kpi"
)

// TestMonthsFoldToQuarters: the service centre's data set is monthly, and
// its 2022 months fold, indicator by indicator and by each one's rule over
// periods, into exactly the quarters the demo has always had (so every
// quarter and year figure is unchanged); 2021 and 2020 have no months, and
// only agencies of a monthly data set have any.
func TestMonthsFoldToQuarters(t *testing.T) {
	tree, cat, ds := setup(t)
	c := cells(t, ds)
	months := map[cellKey]kpi.Quarters{}
	for k, v := range c {
		if k.period.Month == 0 {
			continue
		}
		if k.period.Year != 2022 || !cat.DataSetFor(tree.Get(k.agency).Kind).MonthlyIn(k.period.Year) {
			t.Errorf("%s %v: a month outside 2022 or of a data set not monthly that year", k.agency, k.period)
		}
		q := cellKey{k.agency, k.period.QuarterOf(), k.ind}
		if months[q] == nil {
			months[q] = kpi.Quarters{}
		}
		months[q][k.period.Month-(k.period.Quarter-1)*3] = v
	}
	if len(months) == 0 {
		t.Fatal("no months in the demo")
	}
	for q, m := range months {
		got, ok := cat.FoldSeries(map[string]kpi.Quarters{q.ind: m})[q.ind]
		if want, has := c[q]; !ok || !has || got != want || len(m) != 3 {
			t.Errorf("%s %v %s: months %v fold to %v, the quarter is %v", q.agency, q.period, q.ind, m, got, want)
		}
	}
	for k := range c {
		if k.period.Month == 0 && cat.DataSetFor(tree.Get(k.agency).Kind).MonthlyIn(k.period.Year) {
			if _, ok := months[k]; !ok {
				t.Errorf("%s %v %s: a quarter of a monthly data set without months", k.agency, k.period, k.ind)
			}
		}
	}
}
