// Package data embeds the committed data files: the indicator catalogue and
// the Ninh Bình agency list, so the binary needs nothing beside it.
package data

import (
	"bytes"
	_ "embed"

	"parkpi/internal/kpi"
)

//go:embed indicators.csv
var indicatorsCSV []byte

//go:embed agencies.csv
var agenciesCSV []byte

// Catalogue parses the embedded indicator catalogue.
func Catalogue() (*kpi.Catalogue, error) {
	return kpi.ParseCatalogue(bytes.NewReader(indicatorsCSV))
}

// Agencies parses the embedded Ninh Bình agency list.
func Agencies() ([]kpi.Agency, error) {
	return kpi.ParseAgencies(bytes.NewReader(agenciesCSV))
}
