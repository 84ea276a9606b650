package web_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestOverviewFollowsSavesOfBothYears: the overview keeps the previous
// year's figures apart from the year it shows, and the next request after
// a save shows it whichever year it changed — a save of the year before
// moves the "previous" figure and that year's trend, a save of the year
// shown moves the figure — in this process and from another one.
func TestOverviewFollowsSavesOfBothYears(t *testing.T) {
	path := storetest.DemoFile(t)
	db := prepareAdmin(t, storetest.OpenPath(t, path))
	ts := newServerOn(t, db, nil)
	leader := loginAs(t, ts, "leader")
	ctx := context.Background()
	read := func() (value, previous, prevQ3 float64) {
		t.Helper()
		var v overviewJSON
		if code := getJSON(t, leader, ts.URL+"/api/v1/overview?year=2023", &v); code != 200 {
			t.Fatalf("overview: status %d", code)
		}
		for _, f := range v.Headline {
			if f.Code == "hours_cut" {
				value, previous = f.Value, f.Previous.Value
			}
		}
		for _, tr := range v.Trends {
			if tr.Code == "hours_cut" && len(tr.Series) == 2 && tr.Series[0].Label == "2022" {
				prevQ3 = tr.Series[0].Cells[2].Value
			}
		}
		return value, previous, prevQ3
	}
	saved := map[kpi.Period]float64{}
	save := func(db *store.DB, p kpi.Period, add float64) {
		t.Helper()
		saved[p] += add
		v := saved[p]
		if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: "14722", Period: p, Values: map[string]*float64{"hours_cut": &v},
			Version: -1, Actor: "t", Source: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	value, previous, prevQ3 := read()
	read() // from the cache
	check := func(what string, dv, dp float64) {
		t.Helper()
		v, p, q := read()
		if !near(v, value+dv) || !near(p, previous+dp) || !near(q, prevQ3+dp) {
			t.Errorf("%s: hours_cut %v, previous %v, 2022 Q3 %v; want %v, %v, %v", what, v, p, q, value+dv, previous+dp, prevQ3+dp)
		}
		value, previous, prevQ3 = v, p, q
	}
	save(db, kpi.Period{Year: 2022, Quarter: 3}, 5)
	check("after a save of the previous year", 0, 5)
	save(db, kpi.Period{Year: 2023, Quarter: 3}, 9)
	check("after a save of the year shown", 9, 0)
	other := storetest.OpenPath(t, path) // another process on the same file
	save(other, kpi.Period{Year: 2022, Quarter: 3}, 2)
	check("after another process's save of the previous year", 0, 2)
	save(other, kpi.Period{Year: 2023, Quarter: 3}, 3)
	check("after another process's save of the year shown", 3, 0)
}
