package valueset_test

import (
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store/storetest"
	"parkpi/internal/valueset"
)

// TestImportLinesByField: rows keyed code@option are lines of the
// indicator's breakdown, saved with each total the sum of its lines, as
// the form and the template do; a code@option that is not a line of the
// indicator is refused on its row and nothing is saved.
func TestImportLinesByField(t *testing.T) {
	db := storetest.OpenDemo(t)
	cat := storetest.Catalogue(t, db)
	var hoTich int64
	for _, o := range cat.OptionsOf("dos_received") {
		if o.Code == "ho_tich" {
			hoTich = o.ID
		}
	}
	q2 := kpi.Period{Year: 2022, Quarter: 2}
	var rows []valueset.Row
	for code, v := range map[string]float64{"dos_online": 10, "dos_direct": 5, "dos_carried": 0, "dos_received": 15, "dos_resolved": 15,
		"dos_early": 5, "dos_ontime": 10, "dos_late": 0, "dos_pending": 0, "dos_pending_ontime": 0, "dos_pending_overdue": 0} {
		rows = append(rows, valueset.Row{Agency: "14722", Year: 2022, Period: "q2", Indicator: kpi.OptionKey(code, hoTich), Value: num(v), Line: len(rows) + 1})
	}
	o := valueset.Options{Atomic: true, Actor: "api", Source: "api", Allowed: allow}
	wrong := append(append([]valueset.Row(nil), rows...), valueset.Row{Agency: "14722", Year: 2022, Period: "q2", Indicator: "dos_online@999999", Value: num(1), Line: len(rows) + 1})
	before := fingerprint(t, db)
	rep, err := valueset.Import(ctx, db, wrong, nil, o)
	if err != nil || rep.Applied || len(rep.Errors) != 1 || rep.Errors[0].Row != len(rows)+1 ||
		!strings.Contains(rep.Errors[0].MessageVI, "không phải một dòng phân tổ") || fingerprint(t, db) != before {
		t.Fatalf("a line that is not one: %v %+v", err, rep)
	}
	rep, err = valueset.Import(ctx, db, rows, nil, o)
	if err != nil || !rep.Applied {
		t.Fatalf("the lines of Hộ tịch: %v %+v", err, rep)
	}
	e, err := db.Entry(ctx, "14722", q2)
	if err != nil {
		t.Fatal(err)
	}
	if e.Options[hoTich]["dos_online"] != 10 || e.Options[hoTich]["dos_received"] != 15 || e.Values["dos_received"] != 15 || e.Values["dos_online"] != 10 {
		t.Fatalf("stored: totals %v, by field %v", e.Values, e.Options)
	}
}
