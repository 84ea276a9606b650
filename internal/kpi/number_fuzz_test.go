package kpi_test

import (
	"math"
	"testing"

	"parkpi/internal/kpi"
)

// FuzzParseNumber: any text typed in a field or a cell is either a finite
// number or a coded error with a message, never a panic; and a number read
// is read the same again once written back the way the language writes it.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1.344", "99,8", "1.234.567,5", "1 344", "-3", "", " ", "=1+1", "1e5", "99.8", "1.2.3,4,5",
		"0,0001", "١٢٣", "1,344", "NaN", "+Inf", "9999999999999999999999", "-0", "1.000,", ",5", "\u00a01\u00a0"} {
		f.Add("vi", s)
		f.Add("en", s)
	}
	f.Fuzz(func(t *testing.T, lang, s string) {
		v, err := kpi.ParseNumber(lang, s)
		if err != nil {
			if kpi.ErrorCode(err) != kpi.EINVALID || kpi.ErrorMessage(err, "vi") == "" || kpi.ErrorMessage(err, "en") == "" {
				t.Fatalf("ParseNumber(%q, %q) = %v: not a coded error with messages", lang, s, err)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseNumber(%q, %q) = %v", lang, s, v)
		}
		if math.Abs(v) >= 1e15 {
			return // beyond float64's exact integers the 4-decimal form may not round-trip
		}
		back, err := kpi.ParseNumber(lang, kpi.FormatNumber(lang, v))
		if err != nil || math.Abs(back-v) > 5e-5 {
			t.Fatalf("ParseNumber(%q, %q) = %v, written %q, read back %v (%v)", lang, s, v, kpi.FormatNumber(lang, v), back, err)
		}
	})
}
