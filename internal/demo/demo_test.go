package demo

import (
	"math"
	"os"
	"reflect"
	"sync"
	"testing"

	"parkpi/data"
	"parkpi/internal/kpi"
)

// fixture loads the real catalogue and agencies once and generates the
// dataset once; tests only read it.
var fixture struct {
	once sync.Once
	tree *kpi.Tree
	cat  *kpi.Catalogue
	ds   *Dataset
	err  error
}

func setup(t *testing.T) (*kpi.Tree, *kpi.Catalogue, *Dataset) {
	t.Helper()
	fixture.once.Do(func() {
		fixture.tree, fixture.cat, fixture.err = load()
		if fixture.err == nil {
			fixture.ds, fixture.err = Generate(fixture.tree, fixture.cat)
		}
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.tree, fixture.cat, fixture.ds
}

func load() (*kpi.Tree, *kpi.Catalogue, error) {
	fa, err := os.Open("../../data/agencies.csv")
	if err != nil {
		return nil, nil, err
	}
	defer fa.Close()
	agencies, err := kpi.ParseAgencies(fa)
	if err != nil {
		return nil, nil, err
	}
	tree, err := kpi.NewTree(agencies)
	if err != nil {
		return nil, nil, err
	}
	cat, err := data.Catalogue()
	return tree, cat, err
}

// shown rounds v to the indicator's display precision.
func shown(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}

func TestGenerateIsDeterministic(t *testing.T) {
	tree, cat, ds := setup(t)
	again, err := Generate(tree, cat)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ds, again) {
		t.Fatal("two Generate calls gave different datasets")
	}
}

// TestSeedFigures checks every province figure of SEED.md at the precision
// the app shows it.
func TestSeedFigures(t *testing.T) {
	tree, cat, ds := setup(t)
	tests := []struct {
		year int
		code string
		want float64
	}{
		{2021, "tthc_simplified", 1344}, {2021, "steps_cut", 2590}, {2021, "hours_cut", 3141},
		{2020, "hours_cut", 760}, {2021, "portal_linked", 172}, {2021, "svc_total", 2039},
		{2021, "svc_level3", 313}, {2021, "svc_level4", 1209}, {2020, "svc_level4", 811},
		{2021, "ontime_rate", 99.8}, {2021, "sat_rate", 100}, {2021, "sat_very_rate", 96.57},
		{2021, "div_cut", 19}, {2021, "subdept_cut", 4}, {2021, "psu_cut", 7},
		{2021, "lan_rate", 100}, {2021, "vc_endpoints", 162},
	}
	figs := map[int]map[string]kpi.Figure{}
	for _, y := range []int{2020, 2021} {
		figs[y] = Figures(ds, tree, cat, "37", y, 0)
	}
	for _, tc := range tests {
		ind, _ := cat.Get(tc.code)
		f := figs[tc.year][tc.code]
		if !f.OK || shown(f.Value, ind.Decimals) != tc.want {
			t.Errorf("%d %s = %v (ok %v), want %v", tc.year, tc.code, f.Value, f.OK, tc.want)
		}
	}
	deltas := map[string]float64{"hours_cut": 2381, "svc_level4": 398}
	for code, want := range deltas {
		if d := kpi.Change(figs[2021][code], figs[2020][code]); !d.OK || d.Diff != want {
			t.Errorf("%s 2021 − 2020 = %v, want %v", code, d.Diff, want)
		}
	}
}

// TestOtherYears checks that 2020 is worse and 2022 a little better, and that
// the indicators left empty stay empty.
func TestOtherYears(t *testing.T) {
	tree, cat, ds := setup(t)
	f20, f21, f22 := Figures(ds, tree, cat, "37", 2020, 0), Figures(ds, tree, cat, "37", 2021, 0), Figures(ds, tree, cat, "37", 2022, 0)
	if r := f20["ontime_rate"].Value; r < 99.3 || r > 99.6 {
		t.Errorf("2020 on-time rate %v, want 99.3–99.6", r)
	}
	better := []string{"ontime_rate", "sat_very_rate", "svc_total", "svc_level4", "pc_rate"}
	for _, code := range better {
		if !(f21[code].Value < f22[code].Value) {
			t.Errorf("%s: 2022 %v not above 2021 %v", code, f22[code].Value, f21[code].Value)
		}
	}
	worse := []string{"portal_linked", "vc_endpoints", "lan_rate", "svc_total", "div_cut", "pc_rate"}
	for _, code := range worse {
		if !(f20[code].Value < f21[code].Value) {
			t.Errorf("%s: 2020 %v not below 2021 %v", code, f20[code].Value, f21[code].Value)
		}
	}
	for _, figs := range []map[string]kpi.Figure{f20, f21, f22} {
		for _, code := range []string{"svc_full", "svc_partial", "par_index", "sipas"} {
			if figs[code].OK {
				t.Errorf("%s has a value; the demo leaves it empty", code)
			}
		}
	}
	share := func(f map[string]kpi.Figure) float64 { return f["dos_online"].Value / f["dos_received"].Value }
	if !(share(f20) < share(f21) && share(f21) < share(f22)) {
		t.Errorf("online share does not grow: %.3f %.3f %.3f", share(f20), share(f21), share(f22))
	}
}

// byKind totals one kind of agency.
func byKind(tree *kpi.Tree, cat *kpi.Catalogue, ds *Dataset, kind kpi.Kind, year int) map[string]kpi.Figure {
	return figuresWhere(ds, cat, func(code string) bool { return tree.Get(code).Kind == kind }, year, 0)
}

func TestBreakdownByKind(t *testing.T) {
	tree, cat, ds := setup(t)
	tests := []struct {
		code string
		kind kpi.Kind
		want float64 // -1: no value
	}{
		{"portal_linked", kpi.KindDepartment, 18}, {"portal_linked", kpi.KindDistrict, 8},
		{"portal_linked", kpi.KindCommune, 143}, {"portal_linked", kpi.KindVertical, 3},
		{"portal_linked", kpi.KindProvince, -1}, {"portal_linked", kpi.KindServiceCentre, -1},
		{"vc_endpoints", kpi.KindProvince, 3}, {"vc_endpoints", kpi.KindDistrict, 16},
		{"vc_endpoints", kpi.KindCommune, 143}, {"vc_endpoints", kpi.KindDepartment, -1},
		{"pc_rate", kpi.KindProvince, 100}, {"pc_rate", kpi.KindDepartment, 100},
		{"pc_rate", kpi.KindDistrict, 100}, {"pc_rate", kpi.KindVertical, 100},
		{"pc_rate", kpi.KindServiceCentre, 100}, {"lan_rate", kpi.KindCommune, 100},
		{"tthc_simplified", kpi.KindCommune, -1}, {"sat_responses", kpi.KindDepartment, -1},
	}
	for _, tc := range tests {
		f := byKind(tree, cat, ds, tc.kind, 2021)[tc.code]
		if tc.want < 0 && f.OK || tc.want >= 0 && (!f.OK || f.Value != tc.want) {
			t.Errorf("2021 %s of %s = %v (ok %v), want %v", tc.code, tc.kind, f.Value, f.OK, tc.want)
		}
	}
	// "about 85 %" of commune staff: the subtotal shows 85 at 0 decimals.
	f := byKind(tree, cat, ds, kpi.KindCommune, 2021)["pc_rate"]
	if shown(f.Value, 0) != 85 {
		t.Errorf("commune pc_rate 2021 = %v, want 85 at 0 decimals", f.Value)
	}
}

// agencyYear returns one agency's year figures.
func agencyYear(ds *Dataset, cat *kpi.Catalogue, code string, year int) map[string]kpi.Figure {
	return figuresWhere(ds, cat, func(c string) bool { return c == code }, year, 0)
}

func TestCommuneRates(t *testing.T) {
	tree, cat, ds := setup(t)
	rates := map[float64]bool{}
	for _, a := range tree.All() {
		if a.Kind != kpi.KindCommune {
			continue
		}
		f := agencyYear(ds, cat, a.Code, 2021)
		pc := f["pc_rate"].Value
		if pc < 75 || pc > 95 {
			t.Errorf("commune %s pc_rate %v outside 75–95", a.Code, pc)
		}
		if n := f["staff_total"].Value; n < 18 || n > 27 {
			t.Errorf("commune %s staff %v outside 18–27", a.Code, n)
		}
		rates[f["dos_received"].Value] = true
	}
	if len(rates) < 100 {
		t.Errorf("only %d distinct commune dossier volumes: communes look alike", len(rates))
	}
}
