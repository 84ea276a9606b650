package gen_test

import (
	"testing"

	"parkpi/internal/gen"
	"parkpi/internal/kpi"
)

// TestGeneratedQuartersPassValidation runs the catalogue's validation over
// every generated agency-quarter, with the fields of the agency's data set
// and the quarter before as the previous one: a generated quarter must be
// one an officer could have entered (the benchmark imports them back
// through the template).
func TestGeneratedQuartersPassValidation(t *testing.T) {
	cat := catalogue(t)
	agencies, _ := gen.Tree(120, gen.DefaultSeed)
	kinds := map[string]kpi.Kind{}
	for _, a := range agencies {
		kinds[a.Code] = a.Kind
	}
	m := generate(t, agencies, gen.Options{Agencies: 120, Years: 2})
	cells := map[cell]map[string]float64{}
	for _, v := range m.values {
		ds := cat.DataSetFor(kinds[v.Agency])
		if ds == nil || !ds.Has(v.Indicator) {
			continue
		}
		k := cell{v.Agency, v.Period}
		if cells[k] == nil {
			cells[k] = map[string]float64{}
		}
		cells[k][v.Indicator] = v.Value
	}
	if len(cells) == 0 {
		t.Fatal("no generated quarter is on a data set")
	}
	for k, values := range cells {
		in := kpi.EntryInput{Kind: kinds[k.agency], Year: k.period.Year, Values: values, Previous: cells[cell{k.agency, k.period.Prev()}]}
		if c := kpi.ValidateEntry(cat, in); !c.OK() {
			t.Errorf("%s %v: %d errors, first: %s", k.agency, k.period, len(c.Errors), c.Errors[0].Message("vi"))
		}
	}
}
