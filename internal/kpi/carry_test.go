package kpi_test

import (
	"strings"
	"testing"

	"parkpi/internal/kpi"
)

// TestCarryOvers: the catalogue's rules name the field that carries the
// previous quarter's closing figure, and a value that differs from it is
// the rule's warning naming both.
func TestCarryOvers(t *testing.T) {
	cat := catalogue(t)
	got := cat.CarryOvers()
	if len(got) != 1 || got[0] != (kpi.CarryOver{Field: "dos_carried", From: "dos_pending"}) {
		t.Fatalf("carry-overs = %+v", got)
	}
	c := kpi.ValidateEntry(cat, kpi.EntryInput{Values: goodQuarter(), Previous: map[string]float64{"dos_pending": 25}})
	_, warns := c.For("dos_carried")
	if len(warns) != 1 || !strings.Contains(warns[0].MessageVI, "(20) khác số hồ sơ đang giải quyết cuối quý trước (25)") {
		t.Fatalf("warnings on dos_carried = %+v", warns)
	}
}
