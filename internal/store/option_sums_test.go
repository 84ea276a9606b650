package store_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestOptionSumsAddUpToTotals: in the demo, the dossier counts of 2021 by
// field add up, over fields and kinds, to the very totals the figures
// show — for the province and a leaf commune, for a quarter and the year
// (whose carried-over and pending columns are folded field by field) — and
// 2020, never broken down, has no fields. On both engines: the catalogue's
// dimensions and the values by option are stored and read back alike.
func TestOptionSumsAddUpToTotals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) { optionSumsAddUp(t, storetest.OpenDemoOn(t, engine)) })
}

// optionSumsAddUp is TestOptionSumsAddUpToTotals on one engine's demo.
func optionSumsAddUp(t *testing.T, db *store.DB) {
	ctx := context.Background()
	cat := storetest.Catalogue(t, db)
	var codes []string
	for _, ind := range cat.Entered() {
		if len(cat.OptionsOf(ind.Code)) > 0 && ind.OverQuarters != kpi.AggParts {
			codes = append(codes, ind.Code)
		}
	}
	if len(codes) < 10 {
		t.Fatalf("broken-down indicators: %v", codes)
	}
	for _, s := range []store.Scope{{Agency: "37", Year: 2021, Quarter: 4}, {Agency: "37", Year: 2021}, {Agency: "14722", Year: 2021, Quarter: 4},
		{Agency: "14722", Year: 2021}, {Agency: "37", Year: 2021, Quarter: 4, Level: kpi.LevelApproved}} {
		sums, err := db.OptionSums(ctx, s, codes)
		if err != nil {
			t.Fatal(err)
		}
		figs, err := db.Figures(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range codes {
			var total float64
			for _, byCode := range sums {
				for _, v := range byCode[code] {
					total += v
				}
			}
			if total != figs[code].Value || total == 0 {
				t.Errorf("%+v %s: fields add up to %v, the figure is %v", s, code, total, figs[code].Value)
			}
		}
	}
	if old, err := db.OptionSums(ctx, store.Scope{Agency: "37", Year: 2020, Quarter: 4}, codes); err != nil || len(old) != 0 {
		t.Errorf("2020 by field: %v, %v", old, err)
	}
}
