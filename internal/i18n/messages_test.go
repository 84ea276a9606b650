package i18n

import "testing"

func TestEveryMessageHasBothLanguages(t *testing.T) {
	for _, k := range Keys() {
		if T("vi", k) == "" || T("en", k) == "" {
			t.Errorf("message %q lacks a translation", k)
		}
	}
	if T("vi", "no.such.key") != "no.such.key" {
		t.Error("a missing key should show itself")
	}
}

func TestNumberFormats(t *testing.T) {
	tests := []struct {
		lang     string
		v        float64
		decimals int
		pct      bool
		want     string
	}{
		{"vi", 1344, 0, false, "1.344"},
		{"en", 1344, 0, false, "1,344"},
		{"vi", 99.8, 1, true, "99,8%"},
		{"en", 99.8, 1, true, "99.8%"},
		{"vi", 96.5700001, 2, true, "96,57%"},
		{"vi", 100, 2, true, "100%"},
		{"vi", 1234567.5, 1, false, "1.234.567,5"},
	}
	for _, tc := range tests {
		got := Number(tc.lang, tc.v, tc.decimals)
		if tc.pct {
			got = Percent(tc.lang, tc.v, tc.decimals)
		}
		if got != tc.want {
			t.Errorf("%s %v = %q, want %q", tc.lang, tc.v, got, tc.want)
		}
	}
	if got := Signed("vi", 2381, 0); got != "+2.381" {
		t.Errorf("Signed = %q", got)
	}
	for _, tc := range []struct {
		v        float64
		decimals int
		want     string
	}{{-12, 0, "−12"}, {-0.04, 1, "0"}, {0.04, 1, "0"}, {0.3, 1, "+0,3"}, {-1.09, 2, "−1,09"}} {
		if got := Signed("vi", tc.v, tc.decimals); got != tc.want {
			t.Errorf("Signed(%v, %d) = %q, want %q", tc.v, tc.decimals, got, tc.want)
		}
	}
}
