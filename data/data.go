// Package data embeds the committed data files: the seed catalogue bundle
// (the CSV files `parkpi catalogue export` writes, which an empty database
// starts from) and the Ninh Bình agency list, so the binary needs nothing
// beside it.
package data

import (
	"bytes"
	"embed"

	"parkpi/internal/catalogue"
	"parkpi/internal/kpi"
)

//go:embed period_types.csv dimensions.csv dimension_options.csv groups.csv indicators.csv datasets.csv dataset_fields.csv rules.csv display.csv index766.csv
var bundle embed.FS

//go:embed agencies.csv
var agenciesCSV []byte

// Bundle is the seed catalogue bundle.
func Bundle() embed.FS { return bundle }

// Catalogue builds the seed catalogue.
func Catalogue() (*kpi.Catalogue, error) { return catalogue.Load(bundle) }

// Agencies parses the embedded Ninh Bình agency list.
func Agencies() ([]kpi.Agency, error) {
	return kpi.ParseAgencies(bytes.NewReader(agenciesCSV))
}
