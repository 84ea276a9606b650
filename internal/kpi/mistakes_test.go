package kpi_test

import (
	"strings"
	"testing"

	"parkpi/internal/kpi"
)

// TestOnePerMistake: one mistyped value that breaks several balances gives
// one message, on that value's field, naming every balance it breaks; two
// mistakes in unrelated balances keep a message each.
func TestOnePerMistake(t *testing.T) {
	cat := catalogue(t)
	tests := []struct {
		name    string
		changes map[string]float64
		fields  []string // the fields with an error, one message each
		names   []string // what the one message of the first field names
	}{
		{"a mistyped total received breaks both of its balances", map[string]float64{"dos_received": 1001},
			[]string{"dos_received"}, []string{"Hồ sơ tiếp nhận trực tuyến +", "Tổng số hồ sơ đã giải quyết + Tổng số hồ sơ đang giải quyết"}},
		{"a mistyped total in progress is in two balances, as total and as part", map[string]float64{"dos_pending": 31},
			[]string{"dos_pending"}, []string{"“Tổng số hồ sơ đang giải quyết” (31) có thể đã nhập sai", "Hồ sơ đang giải quyết quá hạn = 30"}},
		{"a mistyped total resolved", map[string]float64{"dos_resolved": 971},
			[]string{"dos_resolved"}, []string{"cả 2 cân đối"}},
		{"two mistakes in unrelated balances", map[string]float64{"dos_late": 3, "staff_pc": 41},
			[]string{"dos_resolved", "staff_pc"}, []string{"Hồ sơ giải quyết quá hạn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := kpi.ValidateEntry(cat, kpi.EntryInput{Values: with(goodQuarter(), tt.changes)})
			var got []string
			for _, e := range c.Errors {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Fatalf("errors on %v, want one on each of %v: %+v", got, tt.fields, c.Errors)
			}
			for _, name := range tt.names {
				if !strings.Contains(c.Errors[0].MessageVI, name) {
					t.Errorf("message %q lacks %q", c.Errors[0].MessageVI, name)
				}
			}
			if c.Errors[0].MessageEN == "" || c.Errors[0].MessageEN == c.Errors[0].MessageVI {
				t.Errorf("English message %q", c.Errors[0].MessageEN)
			}
		})
	}
}
