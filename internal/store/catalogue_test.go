package store_test

import (
	"context"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// withDigitised is the seed plus what an administrator adds for communes:
// the indicator "Hồ sơ được số hóa" on the communes' form, the rule
// "digitised ≤ resolved", and a card on the overview and a column in the
// summary.
func withDigitised(def kpi.Definition) kpi.Definition {
	def.Indicators = append(def.Indicators, kpi.Indicator{Code: "digitised", Group: "dossiers",
		NameVI: "Hồ sơ được số hóa", NameEN: "Dossiers digitised", UnitVI: "hồ sơ", UnitEN: "dossiers",
		Kind: kpi.KindEntered, OverQuarters: kpi.AggSum, AcrossAgencies: kpi.AcrossSum, Max: 10000000,
		HigherIsBetter: true, Outlier: kpi.DefaultOutlier})
	for i := range def.DataSets {
		if def.DataSets[i].Code == "commune" {
			def.DataSets[i].Fields = append(def.DataSets[i].Fields, kpi.Field{Section: "dossiers", Indicator: "digitised"})
		}
	}
	def.Rules = append(def.Rules, kpi.Rule{Code: "digitised_bound", Left: "digitised", Op: "<=", Right: "dos_resolved",
		Severity: kpi.SeverityError, MessageVI: "Hồ sơ được số hóa ({left}) không được lớn hơn hồ sơ đã giải quyết ({right}).",
		MessageEN: "Dossiers digitised ({left}) cannot exceed dossiers resolved ({right})."})
	def.Display = append(def.Display, kpi.DisplayItem{View: kpi.ViewOverview, Indicator: "digitised"},
		kpi.DisplayItem{View: kpi.ViewSummary, Indicator: "digitised"})
	return def
}

// TestCatalogueChangeFollowedWithoutRestart: an indicator and a rule added
// through the store are seen at once by this process and by another one
// (or another instance) on the same database; the rule refuses an entry with its message; a value
// saved shows in the province's figures; a changed rule over quarters
// recomputes the stored figures in the same transaction.
func TestCatalogueChangeFollowedWithoutRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		target := storetest.DemoTarget(t, engine)
		db, other := storetest.OpenTarget(t, target), storetest.OpenTarget(t, target)
		before := storetest.Catalogue(t, other)
		def := withDigitised(storetest.Catalogue(t, db).Definition())
		changes, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: def, Actor: "admin", Source: "test"})
		if err != nil || len(changes) == 0 {
			t.Fatalf("SaveCatalogue: %v, %d changes", err, len(changes))
		}
		cat := storetest.Catalogue(t, other)
		if _, ok := cat.Get("digitised"); !ok || cat.Version == before.Version {
			t.Fatalf("the other process still has catalogue version %d without the new indicator", cat.Version)
		}
		q2 := kpi.Period{Year: 2022, Quarter: 2}
		e, err := other.Entry(ctx, "14722", q2)
		if err != nil {
			t.Fatal(err)
		}
		vals := map[string]float64{"dos_resolved": 40, "dos_early": 10, "dos_ontime": 30, "dos_late": 0, "digitised": 50}
		c := kpi.ValidateEntry(cat, e.Input(vals))
		if errs, _ := c.For("digitised"); len(errs) != 1 || errs[0].MessageVI != "Hồ sơ được số hóa (50) không được lớn hơn hồ sơ đã giải quyết (40)." {
			t.Fatalf("the rule's message: %+v", c.Errors)
		}
		if errs := kpi.CheckWritable(cat, kpi.KindDepartment, 2022, []string{"digitised"}); len(errs) != 1 {
			t.Fatalf("a department may write the communes' new field: %+v", errs)
		}
		v := 30.0
		if _, err := other.SaveValues(ctx, store.ValueWrite{Agency: "14722", Period: q2, Values: map[string]*float64{"digitised": &v},
			Version: e.Submission.Version, Actor: "officer.yenhoa", Source: "test"}); err != nil {
			t.Fatal(err)
		}
		figs, err := db.Figures(ctx, store.Scope{Agency: "37", Year: 2022, Quarter: 2})
		if err != nil || !figs["digitised"].OK || figs["digitised"].Value != 30 {
			t.Fatalf("province figure of the new indicator = %+v (%v)", figs["digitised"], err)
		}
		for i := range def.Indicators {
			if def.Indicators[i].Code == "digitised" {
				def.Indicators[i].OverQuarters = kpi.AggLast
			}
		}
		if _, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: def, Actor: "admin", Source: "test"}); err != nil {
			t.Fatal(err)
		}
		if diffs, err := db.CheckDerived(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("after a new rule over quarters the stored figures differ from a rebuild: %v %v", err, diffs)
		}
		if changes, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: def, Actor: "admin", Source: "test"}); err != nil || len(changes) != 0 {
			t.Fatalf("saving the same definition again: %v, %+v", err, changes)
		}
		drop := def
		drop.Indicators = drop.Indicators[:len(drop.Indicators)-1]
		drop.DataSets, drop.Rules, drop.Display = storetest.Catalogue(t, db).Definition().DataSets, nil, nil
		drop = withoutDigitised(drop)
		if _, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: drop, Actor: "admin", Source: "test"}); err == nil ||
			!strings.Contains(kpi.ErrorMessage(err, "vi"), "thôi sử dụng") {
			t.Fatalf("removing an indicator with values = %v, want a refusal that says to retire it", err)
		}
	})
}

// withoutDigitised takes the new field off the data sets.
func withoutDigitised(def kpi.Definition) kpi.Definition {
	sets := make([]kpi.DataSet, len(def.DataSets))
	for i, d := range def.DataSets {
		sets[i] = d
		sets[i].Fields = nil
		for _, f := range d.Fields {
			if f.Indicator != "digitised" {
				sets[i].Fields = append(sets[i].Fields, f)
			}
		}
	}
	def.DataSets = sets
	return def
}

// TestCatalogueSaveFromAnOldVersion: a definition made from a catalogue
// that another save has moved on since is refused as a conflict and
// changes nothing; made from the current version, it is saved.
func TestCatalogueSaveFromAnOldVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := storetest.OpenDemoOn(t, engine)
		old := storetest.Catalogue(t, db)
		first := withDigitised(old.Definition())
		if _, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: first, Actor: "a", Source: "test", BaseVersion: old.Version}); err != nil {
			t.Fatal(err)
		}
		second := old.Definition() // made before the first save: it lacks the new indicator
		second.Groups[0].NameEN = "Procedure reform"
		_, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: second, Actor: "b", Source: "test", BaseVersion: old.Version})
		if kpi.ErrorCode(err) != kpi.ECONFLICT {
			t.Fatalf("a save from an old version = %v, want a conflict", err)
		}
		now := storetest.Catalogue(t, db)
		if _, ok := now.Get("digitised"); !ok || now.Group(second.Groups[0].Code).NameEN == "Procedure reform" {
			t.Fatal("the refused save changed the catalogue")
		}
		third := now.Definition()
		third.Groups[0].NameEN = "Procedure reform"
		if _, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: third, Actor: "b", Source: "test", BaseVersion: now.Version}); err != nil {
			t.Fatalf("a save from the current version: %v", err)
		}
	})
}
