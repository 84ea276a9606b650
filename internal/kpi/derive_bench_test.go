package kpi_test

import (
	"testing"

	"parkpi/data"
	"parkpi/internal/kpi"
)

// BenchmarkDerive derives the seed catalogue's figures of one agency that
// reports dossiers but no survey or staff counts (most of a country's
// agencies): what a report does for every agency of the summary.
func BenchmarkDerive(b *testing.B) {
	cat, err := data.Catalogue()
	if err != nil {
		b.Fatal(err)
	}
	totals := map[string]kpi.Total{}
	for _, code := range []string{"dos_received", "dos_online", "dos_direct", "dos_carried", "dos_resolved", "dos_early", "dos_ontime", "dos_late"} {
		totals[code] = kpi.Total{Sum: 10, N: 1}
	}
	b.ReportAllocs()
	for b.Loop() {
		kpi.Derive(cat, totals)
	}
}
