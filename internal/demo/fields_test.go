package demo

import (
	"testing"

	"parkpi/internal/kpi"
)

// TestFieldBreakdown: the dossier counts of 2021 and 2022 are broken down
// by field — every column's fields add up to the agency-quarter's total
// exactly, every field's row keeps the form's identities, a field carries
// over what it left pending the quarter before (so a year's identities hold
// field by field too), each kind uses its own fields — and 2020 has no
// breakdown.
func TestFieldBreakdown(t *testing.T) {
	tree, cat, ds := setup(t)
	totals := cells(t, ds)
	type key struct {
		agency string
		period kpi.Period
		option int64
	}
	sums := map[cellKey]float64{}
	rows := map[key]map[string]float64{}
	fields := map[kpi.Kind]map[int64]bool{}
	for _, v := range ds.Values {
		if v.Option == 0 {
			continue
		}
		if v.Period.Year == 2020 {
			t.Fatalf("a 2020 value by field: %+v", v)
		}
		if o, ok := cat.Option(v.Option); !ok || o.ID != v.Option {
			t.Fatalf("%+v: not an option of the catalogue", v)
		}
		sums[cellKey{v.Agency, v.Period, v.Indicator}] += v.Value
		k := key{v.Agency, v.Period, v.Option}
		if rows[k] == nil {
			rows[k] = map[string]float64{}
		}
		rows[k][v.Indicator] = v.Value
		kind := tree.Get(v.Agency).Kind
		if fields[kind] == nil {
			fields[kind] = map[int64]bool{}
		}
		fields[kind][v.Option] = true
	}
	if len(sums) == 0 {
		t.Fatal("no values by field")
	}
	for k, s := range sums {
		if totals[k] != s {
			t.Errorf("%+v: fields add up to %v, the total is %v", k, s, totals[k])
		}
	}
	for k, total := range totals {
		if k.period.Year >= 2021 && len(cat.OptionsOf(k.ind)) > 0 && sums[k] != total {
			t.Errorf("%+v: total %v not broken down", k, total)
		}
	}
	for k, r := range rows {
		c := func(code string) float64 { return r[code] }
		if c("dos_received") != c("dos_online")+c("dos_direct")+c("dos_carried") ||
			c("dos_resolved") != c("dos_early")+c("dos_ontime")+c("dos_late") ||
			c("dos_pending") != c("dos_pending_ontime")+c("dos_pending_overdue") ||
			c("dos_received") != c("dos_resolved")+c("dos_pending") {
			t.Errorf("%+v breaks the form's identities: %v", k, r)
		}
	}
	carried := 0
	for k, r := range rows {
		prev := key{k.agency, k.period.Prev(), k.option}
		if before, ok := rows[prev]; ok && k.period.Prev().Year >= 2021 {
			if r["dos_carried"] != before["dos_pending"] {
				t.Errorf("%+v carries %v over, the quarter before left %v pending", k, r["dos_carried"], before["dos_pending"])
			}
			carried++
		}
	}
	if carried == 0 {
		t.Error("no field's carry-over checked")
	}
	ho, thue := optionID(t, cat, "ho_tich"), optionID(t, cat, "thue")
	if !fields[kpi.KindCommune][ho] || fields[kpi.KindCommune][thue] || !fields[kpi.KindVertical][thue] {
		t.Errorf("fields by kind: %v", fields)
	}
}

func optionID(t *testing.T, cat *kpi.Catalogue, code string) int64 {
	t.Helper()
	for _, o := range cat.OptionsOf("dos_online") {
		if o.Code == code {
			return o.ID
		}
	}
	t.Fatalf("no option %s", code)
	return 0
}
