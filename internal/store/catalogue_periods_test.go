package store_test

import (
	"context"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestPeriodTypesStored: a database holds the Decree's period types as
// catalogue data; an administrator's change of the quarter's cut-off is
// stored, audited as a change and seen by another process, whose quarter
// spans follow it.
func TestPeriodTypesStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		target := storetest.EmptyTarget(t, engine)
		db, other := storetest.OpenTarget(t, target), storetest.OpenTarget(t, target)
		def := storetest.Catalogue(t, db).Definition()
		if len(def.PeriodTypes) != 4 || def.PeriodTypes[1] != kpi.DefaultPeriodTypes()[1] {
			t.Fatalf("stored period types = %+v", def.PeriodTypes)
		}
		def.PeriodTypes[1].StartDay, def.PeriodTypes[1].EndDay = 1, 0 // calendar quarters
		changes, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: def, Actor: "admin", Source: "test"})
		if err != nil || len(changes) != 1 || changes[0].Table != kpi.TablePeriodTypes || changes[0].Key != kpi.PeriodQuarter {
			t.Fatalf("SaveCatalogue = %+v, %v; want one change of the quarter type", changes, err)
		}
		if got := storetest.Catalogue(t, other).SpanText(kpi.Period{Year: 2021, Quarter: 4}, "vi"); got != "(từ ngày 01/10/2021 đến ngày 31/12/2021)" {
			t.Errorf("the other process's Q4 2021 = %s", got)
		}
	})
}
