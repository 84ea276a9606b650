// Package seed fills an empty database with the Ninh Bình demo: the agency
// tree, quarterly values for 2020 to mid-2022 and illustrative targets.
package seed

import (
	"context"

	"parkpi/data"
	"parkpi/internal/demo"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Actor is the name the audit log gives to the demo seed.
const Actor = "seed"

// Demo loads the Ninh Bình demo into an empty database, in transactions
// that leave nothing behind on failure. A database that holds agencies is
// refused (store.ErrNotEmpty when another instance loaded it meanwhile): a
// start must never change existing data.
func Demo(ctx context.Context, db *store.DB) error {
	n, err := db.CountAgencies(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return kpi.Errorf(kpi.ECONFLICT, "Cơ sở dữ liệu đã có số liệu (%d cơ quan); không nạp dữ liệu mẫu.",
			"The database already holds data (%d agencies); the demo is not loaded.", n)
	}
	agencies, err := data.Agencies()
	if err != nil {
		return err
	}
	tree, err := kpi.NewTree(agencies)
	if err != nil {
		return err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	ds, err := demo.Generate(tree, cat)
	if err != nil {
		return err
	}
	if err := db.BulkLoad(ctx, toBulk(agencies, ds)); err != nil {
		return err
	}
	return demoUsers(ctx, db)
}

// toBulk makes one load of the agencies and the dataset: one transaction,
// so a failed seed leaves an empty database that the next start seeds again.
func toBulk(agencies []kpi.Agency, ds *demo.Dataset) store.Bulk {
	b := store.Bulk{Agencies: agencies, Actor: Actor, Source: "demo", Targets: ds.Targets, Values: ds.Values}
	for _, s := range ds.Submissions {
		b.Submissions = append(b.Submissions, kpi.Submission{Agency: s.Agency, Period: s.Period, State: s.State})
	}
	return b
}
