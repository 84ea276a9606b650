package web

import (
	"bytes"
	"math"
	"testing"

	"parkpi/data"
	"parkpi/internal/kpi"
)

// FuzzTargetsCSV: any uploaded file is either a list of targets that each
// name a known agency and indicator, a valid year and a finite value in the
// indicator's range, or a list of at most maxLineErrors+1 messages — never
// both, never neither, never a panic.
func FuzzTargetsCSV(f *testing.F) {
	cat, err := data.Catalogue()
	if err != nil {
		f.Fatal(err)
	}
	tree, err := kpi.NewTree([]kpi.Agency{{Code: "37", Kind: kpi.KindProvince, Name: "Tỉnh"},
		{Code: "377", ParentCode: "37", Kind: kpi.KindDistrict, Name: "Huyện"}})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"agency_code,indicator,year,value\n37,ontime_rate,2022,98.5\n",
		"\ufeffagency_code;indicator;year;value\n377;hours_cut;2022;1.500\n", "agency_code,indicator,year,value\n37,ontime_rate,2022,NaN\n",
		"value,year,indicator,agency_code\n99,2021,sat_rate,377\n37\n", "a,b\n\"unterminated\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		targets, errs := parseTargetsCSV(b, tree, cat)
		if (targets == nil) == (errs == nil) || len(errs) > maxLineErrors+1 {
			t.Fatalf("%d targets and %d errors", len(targets), len(errs))
		}
		for _, e := range errs {
			if e.VI == "" || e.EN == "" {
				t.Fatalf("an error without words: %+v", e)
			}
		}
		for _, tg := range targets {
			ind, ok := cat.Get(tg.Indicator)
			if tree.Get(tg.AgencyCode) == nil || !ok || tg.Year < kpi.MinYear || tg.Year > kpi.MaxYear ||
				math.IsNaN(tg.Value) || math.IsInf(tg.Value, 0) || tg.Value < ind.Min || tg.Value > ind.Max {
				t.Fatalf("an invalid target accepted: %+v", tg)
			}
		}
		if targets != nil {
			var buf bytes.Buffer
			if err := writeTargetsCSV(&buf, targets, tree, cat); err != nil {
				t.Fatal(err)
			}
			again, errs := parseTargetsCSV(buf.Bytes(), tree, cat)
			if len(errs) > 0 || len(again) != len(targets) {
				t.Fatalf("the download of %d targets reads back as %d, errors %+v", len(targets), len(again), errs)
			}
		}
	})
}
