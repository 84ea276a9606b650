package i18n

import (
	"fmt"
	"testing"
)

// TestNumber formats in each language's way, the same again from the memo,
// and keeps numbers that differ apart (languages, decimals, -0 and 0).
func TestNumber(t *testing.T) {
	tests := []struct {
		lang     string
		v        float64
		decimals int
		want     string
	}{
		{"vi", 1344, 0, "1.344"}, {"en", 1344, 0, "1,344"}, {"vi", 96.57, 2, "96,57"}, {"en", 96.57, 2, "96.57"},
		{"vi", 96.57, 1, "96,6"}, {"vi", 2381, 0, "2.381"}, {"xx", 1344, 0, "1.344"}, {"vi", 0, 0, "0"},
	}
	for round := range 2 { // the second round answers from the memo
		for _, tc := range tests {
			if got := Number(tc.lang, tc.v, tc.decimals); got != tc.want {
				t.Errorf("round %d: Number(%s, %v, %d) = %q, want %q", round, tc.lang, tc.v, tc.decimals, got, tc.want)
			}
		}
	}
	if got := Percent("vi", 99.8, 1); got != "99,8%" {
		t.Errorf("Percent = %q", got)
	}
	if got := Signed("vi", 2381, 0); got != "+2.381" {
		t.Errorf("Signed = %q", got)
	}
	for i := range numberMemoMax + 10 { // a full memo starts again, answers stay right
		if got, want := Number("en", float64(i), 0), fmt.Sprintf("%d", i); i < 1000 && got != want {
			t.Fatalf("Number(%d) = %q", i, got)
		}
	}
	if len(formatted.m) > numberMemoMax {
		t.Errorf("the memo holds %d numbers, more than %d", len(formatted.m), numberMemoMax)
	}
}

// BenchmarkNumber formats the figures of a dashboard, most of them the same
// as the time before.
func BenchmarkNumber(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Number("vi", float64(i%500)*1.37, 1)
	}
}
