package store_test

import (
	"context"
	"testing"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestContributions checks that the values behind a figure add up to it,
// carry their report state, and name who changed them last (from the audit
// log once a value is saved through the form path).
func TestContributions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		at := time.Date(2021, 4, 2, 8, 0, 0, 0, time.UTC)
		db.SetClock(func() time.Time { return at })
		save(t, db, "C1", 2021, 1, map[string]*float64{"dos_resolved": f(10), "dos_ontime": f(9)})
		save(t, db, "D", 2021, 1, map[string]*float64{"dos_resolved": f(5), "dos_ontime": f(5)})
		save(t, db, "C2", 2021, 1, map[string]*float64{"dos_resolved": f(7)}) // outside D
		at = at.Add(48 * time.Hour)
		save(t, db, "C1", 2021, 2, map[string]*float64{"dos_resolved": f(20), "dos_ontime": f(20)})

		tests := map[string]struct {
			q    store.DrillQuery
			want map[string]float64 // code/indicator -> value
		}{
			"quarter": {store.DrillQuery{Agency: "D", Indicators: []string{"dos_ontime", "dos_resolved"}, Year: 2021, Quarter: 1},
				map[string]float64{"D/dos_ontime": 5, "D/dos_resolved": 5, "C1/dos_ontime": 9, "C1/dos_resolved": 10}},
			"year folds the quarters": {store.DrillQuery{Agency: "D", Indicators: []string{"dos_resolved"}, Year: 2021},
				map[string]float64{"D/dos_resolved": 5, "C1/dos_resolved": 30}},
			"nothing asked": {store.DrillQuery{Agency: "D", Year: 2021}, map[string]float64{}},
		}
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				got, err := db.Contributions(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(tc.want) {
					t.Fatalf("got %d rows %+v, want %d", len(got), got, len(tc.want))
				}
				for _, c := range got {
					if w, ok := tc.want[c.Code+"/"+c.Indicator]; !ok || w != c.Value {
						t.Errorf("%s/%s = %v, want %v (listed: %v)", c.Code, c.Indicator, c.Value, w, ok)
					}
					if c.State != kpi.StateDraft || c.ChangedBy != "tester" || !c.Audited {
						t.Errorf("%s/%s: state %q by %q audited %v", c.Code, c.Indicator, c.State, c.ChangedBy, c.Audited)
					}
				}
				if len(got) > 0 && got[0].Code != "D" {
					t.Errorf("rows should follow tree order, D first: %+v", got[0])
				}
			})
		}
		year, _ := db.Contributions(ctx, store.DrillQuery{Agency: "C1", Indicators: []string{"dos_resolved"}, Year: 2021})
		if len(year) != 1 || !year[0].ChangedAt.Equal(at) || year[0].Quarter != 2 {
			t.Fatalf("a year's last change is its newest quarter's: %+v (want at %v, quarter 2)", year, at)
		}
		pair, _ := db.Contributions(ctx, store.DrillQuery{Agency: "C1", Indicators: []string{"dos_ontime", "dos_resolved"}, Year: 2021, Quarter: 1})
		if len(pair) != 2 || pair[0].Indicator != "dos_ontime" {
			t.Fatalf("indicators keep the order asked: %+v", pair)
		}
	})
}
