package seed_test

import (
	"context"
	"math"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestNinhBinh2021 is the acceptance test of the demo data: every figure the
// province published for 2021, computed by the same query layer as the
// pages from quarterly per-agency values, at its displayed precision.
func TestNinhBinh2021(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	cur, err := db.FiguresByKind(ctx, store.Scope{Agency: "37", Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	prev, err := db.Figures(ctx, store.Scope{Agency: "37", Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code     string
		want     float64
		decimals int
	}{
		{"tthc_simplified", 1344, 0}, {"steps_cut", 2590, 0}, {"hours_cut", 3141, 0},
		{"svc_total", 2039, 0}, {"svc_level3", 313, 0}, {"svc_level4", 1209, 0},
		{"ontime_rate", 99.8, 1}, {"sat_rate", 100, 2}, {"sat_very_rate", 96.57, 2},
		{"div_cut", 19, 0}, {"subdept_cut", 4, 0}, {"psu_cut", 7, 0},
		{"vc_endpoints", 162, 0}, {"lan_rate", 100, 1}, {"portal_linked", 172, 0},
	}
	for _, tc := range tests {
		got := cur.Total[tc.code]
		if !got.OK || round(got.Value, tc.decimals) != tc.want {
			t.Errorf("%s 2021 = %+v, want %v at %d decimals", tc.code, got, tc.want, tc.decimals)
		}
	}
	deltas := map[string]float64{"hours_cut": 2381, "svc_level4": 398}
	for code, want := range deltas {
		if d := kpi.Change(cur.Total[code], prev[code]); !d.OK || d.Diff != want {
			t.Errorf("%s change vs 2020 = %+v, want %v", code, d, want)
		}
	}
	byKind := []struct {
		code string
		kind kpi.Kind
		want float64
	}{
		{"portal_linked", kpi.KindDepartment, 18}, {"portal_linked", kpi.KindDistrict, 8},
		{"portal_linked", kpi.KindCommune, 143}, {"portal_linked", kpi.KindVertical, 3},
		{"vc_endpoints", kpi.KindProvince, 3}, {"vc_endpoints", kpi.KindDistrict, 16}, {"vc_endpoints", kpi.KindCommune, 143},
		{"pc_rate", kpi.KindDepartment, 100}, {"pc_rate", kpi.KindDistrict, 100},
	}
	for _, tc := range byKind {
		if got := cur.ByKind[tc.kind][tc.code]; !got.OK || got.Value != tc.want {
			t.Errorf("%s of %s = %+v, want %v", tc.code, tc.kind, got, tc.want)
		}
	}
	if got := round(cur.ByKind[kpi.KindCommune]["pc_rate"].Value, 0); got != 85 {
		t.Errorf("commune staff with a computer = %v%%, want about 85%%", got)
	}
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// TestSeedRefusesData proves a second seed (or a restart) changes nothing.
func TestSeedRefusesData(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	before, err := db.Figures(ctx, store.Scope{Agency: "37", Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	if err := seed.Demo(ctx, db); kpi.ErrorCode(err) != kpi.ECONFLICT {
		t.Fatalf("seeding a database with data: %v, want a conflict", err)
	}
	n, _ := db.CountAgencies(ctx)
	if n != 174 {
		t.Fatalf("%d agencies after a refused seed, want 174", n)
	}
	after, _ := db.Figures(ctx, store.Scope{Agency: "37", Year: 2021})
	if after["hours_cut"] != before["hours_cut"] {
		t.Fatalf("figures changed: %+v -> %+v", before["hours_cut"], after["hours_cut"])
	}
}
