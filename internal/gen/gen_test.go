package gen_test

import (
	"context"
	"math"
	"testing"

	"parkpi/data"
	"parkpi/internal/demo"
	"parkpi/internal/gen"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// memSink keeps what the generator produces, as the reference data.
type memSink struct {
	values []kpi.Value
	subs   []kpi.Submission
}

func (m *memSink) Value(_ context.Context, v kpi.Value) error {
	m.values = append(m.values, v)
	return nil
}
func (m *memSink) Submission(_ context.Context, s kpi.Submission) error {
	m.subs = append(m.subs, s)
	return nil
}

func catalogue(t *testing.T) *kpi.Catalogue {
	t.Helper()
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func generate(t *testing.T, agencies []kpi.Agency, o gen.Options) *memSink {
	t.Helper()
	m := &memSink{}
	if err := gen.Generate(context.Background(), agencies, catalogue(t), o, m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTreeShape(t *testing.T) {
	agencies, err := gen.Tree(5000, gen.DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := kpi.NewTree(agencies)
	if err != nil {
		t.Fatal(err)
	}
	if tree.Len() != 5000 || len(tree.Roots()) != 1 {
		t.Fatalf("%d agencies, %d roots; want 5000 and 1", tree.Len(), len(tree.Roots()))
	}
	provinces := tree.Children(gen.RootCode)
	if len(provinces) != gen.Provinces {
		t.Fatalf("%d provinces, want %d", len(provinces), gen.Provinces)
	}
	for _, p := range provinces {
		count := map[kpi.Kind]int{}
		for _, c := range tree.Children(p.Code) {
			count[c.Kind]++
		}
		if d, v, s := count[kpi.KindDepartment], count[kpi.KindVertical], count[kpi.KindServiceCentre]; d < 20 || d > 25 || v < 2 || v > 5 || s != 1 || count[kpi.KindCommune] < 50 {
			t.Errorf("%s: %v", p.Code, count)
		}
	}
	for _, tc := range []struct {
		n  int
		ok bool
	}{{gen.MinAgencies - 1, false}, {gen.MinAgencies, true}, {60, true}, {4274, true}} {
		got, err := gen.Tree(tc.n, gen.DefaultSeed)
		if (err == nil) != tc.ok || (tc.ok && len(got) != tc.n) {
			t.Errorf("Tree(%d) = %d agencies, %v", tc.n, len(got), err)
		}
	}
}

func TestOptionsAreChecked(t *testing.T) {
	agencies, _ := gen.Tree(10, 1)
	for _, o := range []gen.Options{{Agencies: 3, Years: 1}, {Agencies: 10, Years: 0}, {Agencies: 10, Years: 200}, {Agencies: 10, Years: 2, LastYear: 2000}} {
		err := gen.Generate(context.Background(), agencies, catalogue(t), o, &memSink{})
		if kpi.ErrorCode(err) != kpi.EINVALID {
			t.Errorf("%+v: %v, want invalid", o, err)
		}
	}
}

type cell struct {
	agency string
	period kpi.Period
}

// TestIdentities checks every agency-quarter of a small dataset: Biểu 06
// holds, the carried-over dossiers are the previous quarter's pending ones,
// the stocks nest, every value lies in its indicator's range, every entered
// indicator has a value, the months of a monthly data set fold back into
// their quarters, and a second run gives the same rows.
func TestIdentities(t *testing.T) {
	cat := catalogue(t)
	agencies, _ := gen.Tree(60, gen.DefaultSeed)
	o := gen.Options{Agencies: 60, Years: 2}
	m := generate(t, agencies, o)
	cells := map[cell]map[string]float64{}
	for _, v := range m.values {
		ind, ok := cat.Get(v.Indicator)
		if !ok || v.Value < ind.Min || v.Value > ind.Max {
			t.Fatalf("%+v outside its indicator's range", v)
		}
		k := cell{v.Agency, v.Period}
		if cells[k] == nil {
			cells[k] = map[string]float64{}
		}
		cells[k][v.Indicator] = v.Value
	}
	quarters := 0
	months := map[cell]map[string]kpi.Quarters{}
	for _, v := range m.values {
		if v.Period.Month == 0 {
			quarters++
			continue
		}
		q := cell{v.Agency, v.Period.QuarterOf()}
		if months[q] == nil {
			months[q] = map[string]kpi.Quarters{}
		}
		if months[q][v.Indicator] == nil {
			months[q][v.Indicator] = kpi.Quarters{}
		}
		months[q][v.Indicator][v.Period.Month-(v.Period.Quarter-1)*3] = v.Value
	}
	if want := 59 * 8 * len(cat.Entered()); quarters != want {
		t.Fatalf("%d quarter values, want %d (every entered indicator, agency but the root, quarter)", quarters, want)
	}
	if len(months) != 2*8 { // the two service centres of a 60-agency tree, monthly since 2022
		t.Fatalf("%d agency-quarters by month, want 16", len(months))
	}
	for q, byInd := range months {
		folded := cat.FoldSeries(byInd)
		for code, ms := range byInd {
			if got, ok := folded[code]; !ok || len(ms) != 3 || got != cells[q][code] {
				t.Errorf("%s %v %s: months %v fold to %v, the quarter is %v", q.agency, q.period, code, ms, got, cells[q][code])
			}
		}
	}
	for k, c := range cells {
		checkCell(t, k, c, cells)
	}
	again := generate(t, agencies, o)
	for i := range m.values {
		if m.values[i] != again.values[i] {
			t.Fatalf("run 2 differs at %d: %+v vs %+v", i, m.values[i], again.values[i])
		}
	}
}

func checkCell(t *testing.T, k cell, c map[string]float64, all map[cell]map[string]float64) {
	t.Helper()
	rules := []struct {
		name string
		ok   bool
	}{
		{"3 = 4 + 5 + 6", c["dos_received"] == c["dos_online"]+c["dos_direct"]+c["dos_carried"]},
		{"7 = 8 + 9 + 10", c["dos_resolved"] == c["dos_early"]+c["dos_ontime"]+c["dos_late"]},
		{"11 = 12 + 13", c["dos_pending"] == c["dos_pending_ontime"]+c["dos_pending_overdue"]},
		{"3 = 7 + 11", c["dos_received"] == c["dos_resolved"]+c["dos_pending"]},
		{"level 3 + 4 <= total", c["svc_level3"]+c["svc_level4"] <= c["svc_total"]},
		{"full + partial <= total", c["svc_full"]+c["svc_partial"] <= c["svc_total"]},
		{"very <= satisfied <= responses", c["sat_very"] <= c["sat_satisfied"] && c["sat_satisfied"] <= c["sat_responses"]},
		{"computers <= staff", c["staff_pc"] <= c["staff_total"]},
	}
	for _, r := range rules {
		if !r.ok {
			t.Errorf("%s %v: %s broken", k.agency, k.period, r.name)
		}
	}
	if prev, ok := all[cell{k.agency, k.period.Prev()}]; ok && prev["dos_pending"] != c["dos_carried"] {
		t.Errorf("%s %v carries %v, previous quarter pending %v", k.agency, k.period, c["dos_carried"], prev["dos_pending"])
	}
}

// TestLoadAgreesWithAggregation loads a small dataset and compares the
// dashboards' figures (read from the rollups) with an aggregation from
// scratch of the generated values (demo.Figures, an independent reference),
// for the nation, a province and a commune, each year and quarter, in total
// and by kind.
func TestLoadAgreesWithAggregation(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	o := gen.Options{Agencies: 60, Years: 2}
	st, err := gen.Load(ctx, db, o)
	if err != nil {
		t.Fatal(err)
	}
	agencies, _ := gen.Tree(60, gen.DefaultSeed)
	m := generate(t, agencies, o)
	if st.Agencies != 60 || st.Values != len(m.values) || st.Submissions != len(m.subs) || st.Rollups == 0 {
		t.Fatalf("stats %+v, generated %d values and %d submissions", st, len(m.values), len(m.subs))
	}
	tree, _ := kpi.NewTree(agencies)
	commune := tree.Children("P01")[len(tree.Children("P01"))-1].Code
	for _, scope := range []string{gen.RootCode, "P02", commune} {
		for year := gen.DefaultLastYear - 1; year <= gen.DefaultLastYear; year++ {
			for q := range 5 {
				compareScope(t, db, tree, m.values, store.Scope{Agency: scope, Year: year, Quarter: q})
			}
		}
	}
	if _, err := gen.Load(ctx, db, o); kpi.ErrorCode(err) != kpi.ECONFLICT {
		t.Fatalf("a second load into the same database: %v, want conflict", err)
	}
}

func compareScope(t *testing.T, db *store.DB, tree *kpi.Tree, values []kpi.Value, s store.Scope) {
	t.Helper()
	got, err := db.FiguresByKind(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	cat := storetest.Catalogue(t, db)
	want := demo.Figures(&demo.Dataset{Values: values}, tree, cat, s.Agency, s.Year, s.Quarter)
	sameFigures(t, s, "total", got.Total, want)
	for _, kind := range kpi.Kinds {
		var ofKind []kpi.Value
		for _, v := range values {
			if tree.Get(v.Agency).Kind == kind {
				ofKind = append(ofKind, v)
			}
		}
		want := demo.Figures(&demo.Dataset{Values: ofKind}, tree, cat, s.Agency, s.Year, s.Quarter)
		sameFigures(t, s, string(kind), got.ByKind[kind], want)
	}
}

func sameFigures(t *testing.T, s store.Scope, what string, got, want map[string]kpi.Figure) {
	t.Helper()
	for code, w := range want {
		g := got[code]
		if g.OK != w.OK || math.Abs(g.Value-w.Value) > 1e-6*math.Max(1, math.Abs(w.Value)) {
			t.Errorf("%+v %s %s: rollups %+v, from scratch %+v", s, what, code, g, w)
		}
	}
}

// TestNestedKindsRebuild covers a tree the national one lacks: a
// department under a department (both report under the same kind in the
// upper one's scope) and a root that reports itself. The rebuilt rollups,
// then the rollups moved by a save, must match an aggregation from scratch.
func TestNestedKindsRebuild(t *testing.T) {
	ctx := context.Background()
	agencies := []kpi.Agency{
		{Code: "T", Kind: kpi.KindProvince, Name: "Tỉnh"},
		{Code: "S", ParentCode: "T", Kind: kpi.KindDepartment, Name: "Sở"},
		{Code: "CC", ParentCode: "S", Kind: kpi.KindDepartment, Name: "Chi cục"},
		{Code: "X", ParentCode: "T", Kind: kpi.KindCommune, Name: "Xã"},
	}
	o := gen.Options{Agencies: gen.MinAgencies, Years: 1}
	db := storetest.Open(t)
	l, err := db.NewLoader(ctx, agencies, store.LoaderOptions{Actor: "test", Batch: 100})
	if err != nil {
		t.Fatal(err)
	}
	m := &memSink{}
	if err := gen.Generate(ctx, agencies, storetest.Catalogue(t, db), o, teeSink{l, m}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	tree, _ := kpi.NewTree(agencies)
	for _, scope := range []string{"T", "S", "CC"} {
		for q := range 5 {
			compareScope(t, db, tree, m.values, store.Scope{Agency: scope, Year: gen.DefaultLastYear, Quarter: q})
		}
	}
	p := kpi.Period{Year: gen.DefaultLastYear, Quarter: 4}
	v := 12345.0
	if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: "CC", Period: p, Values: map[string]*float64{"hours_cut": &v, "svc_total": nil}, Version: -1, Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	var edited []kpi.Value
	for _, x := range m.values {
		switch {
		case x.Agency == "CC" && x.Period == p && x.Indicator == "hours_cut":
			x.Value = v
		case x.Agency == "CC" && x.Period == p && x.Indicator == "svc_total":
			continue
		}
		edited = append(edited, x)
	}
	for q := range 5 {
		compareScope(t, db, tree, edited, store.Scope{Agency: "T", Year: gen.DefaultLastYear, Quarter: q})
	}
}

type teeSink struct{ a, b gen.Sink }

func (s teeSink) Value(ctx context.Context, v kpi.Value) error {
	if err := s.a.Value(ctx, v); err != nil {
		return err
	}
	return s.b.Value(ctx, v)
}

func (s teeSink) Submission(ctx context.Context, x kpi.Submission) error {
	if err := s.a.Submission(ctx, x); err != nil {
		return err
	}
	return s.b.Submission(ctx, x)
}
