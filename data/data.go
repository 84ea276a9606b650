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

// index766.csv is the score index of Decision 766/QĐ-TTg (2022): its
// groups, their points and each group's ratio as a formula over the
// catalogue's counts.
//
//go:embed index766.csv
var index766CSV []byte

// Catalogue parses the embedded indicator catalogue, with its score index.
func Catalogue() (*kpi.Catalogue, error) {
	cat, err := kpi.ParseCatalogue(bytes.NewReader(indicatorsCSV))
	if err != nil {
		return nil, err
	}
	groups, err := kpi.ParseScoreGroups(bytes.NewReader(index766CSV))
	if err != nil {
		return nil, err
	}
	return cat, cat.SetScoreIndex(groups)
}

// Agencies parses the embedded Ninh Bình agency list.
func Agencies() ([]kpi.Agency, error) {
	return kpi.ParseAgencies(bytes.NewReader(agenciesCSV))
}
