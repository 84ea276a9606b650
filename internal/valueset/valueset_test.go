package valueset_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/gen"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
	"parkpi/internal/valueset"
)

var ctx = context.Background()

func num(v float64) *float64 { return &v }

// editable lists the agencies whose 2022 Q2 report may still change in the
// demo (not started, draft or returned), and the locked ones.
func editable(t *testing.T, db *store.DB) (open, locked []string) {
	t.Helper()
	rows, err := db.Completeness(ctx, store.CompletenessFilter{Scope: store.Scope{Agency: "37", Year: 2022, Quarter: 2}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if kpi.Editable(r.State) {
			open = append(open, r.Code)
		} else {
			locked = append(locked, r.Code)
		}
	}
	return open, locked
}

// fingerprint sums what an import may change, to prove a dry run or a
// refused import changed nothing.
func fingerprint(t *testing.T, db *store.DB) string {
	t.Helper()
	var parts []string
	for _, q := range []string{"SELECT COUNT(*) FROM kpi_values", "SELECT COALESCE(SUM(value), 0) FROM kpi_values",
		"SELECT COALESCE(SUM(version), 0) FROM submissions", "SELECT COUNT(*) FROM audit_log", "SELECT COALESCE(SUM(sum), 0) FROM rollups"} {
		var n float64
		if err := db.Reader().Get(&n, q); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, strconv.FormatFloat(n, 'f', -1, 64))
	}
	return strings.Join(parts, "/")
}

// rowsFor gives each agency three figures of 2022 Q2 that every data set
// of the seed catalogue holds (the e-government counts), so that agencies
// of any kind may import them.
func rowsFor(agencies []string) []valueset.Row {
	var rows []valueset.Row
	for _, a := range agencies {
		for _, v := range []struct {
			code  string
			value float64
		}{{"staff_total", 30}, {"staff_pc", 20}, {"has_lan", 1}} {
			rows = append(rows, valueset.Row{Agency: a, Year: 2022, Period: "q2", Indicator: v.code, Value: num(v.value), Line: len(rows) + 1})
		}
	}
	return rows
}

func allow(string) error { return nil }

// TestImportDryRunThenAtomic: a dry run checks everything and changes
// nothing; the same import then applies every agency-quarter in one go,
// audited with its source, and the totals move by what was imported.
func TestImportDryRunThenAtomic(t *testing.T) {
	db := storetest.OpenDemo(t)
	open, _ := editable(t, db)
	rows := rowsFor(open)
	before := fingerprint(t, db)
	o := valueset.Options{DryRun: true, Atomic: true, Actor: "officer.api", Source: "token:1", Allowed: allow}
	rep, err := valueset.Import(ctx, db, rows, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Applied || len(rep.Groups) != len(open) || rep.Changes == 0 || rep.Changes > len(rows) {
		t.Fatalf("dry run: %+v", rep)
	}
	for _, g := range rep.Groups {
		if g.Status != valueset.StatusWouldApply {
			t.Fatalf("dry run group %+v", g)
		}
	}
	if after := fingerprint(t, db); after != before {
		t.Fatalf("a dry run changed the database: %s -> %s", before, after)
	}
	o.DryRun = false
	if rep, err = valueset.Import(ctx, db, rows, nil, o); err != nil || !rep.Applied {
		t.Fatalf("import: %v %+v", err, rep)
	}
	for _, g := range rep.Groups {
		if g.Status != valueset.StatusApplied || g.Version < 1 {
			t.Fatalf("group %+v", g)
		}
	}
	got, _ := db.QuarterValues(ctx, open[0], kpi.Period{Year: 2022, Quarter: 2})
	if got["staff_total"] != 30 || got["staff_pc"] != 20 {
		t.Fatalf("values of %s = %v", open[0], got)
	}
	var audits int
	_ = db.Reader().Get(&audits, "SELECT COUNT(*) FROM audit_log WHERE source = 'token:1' AND actor = 'officer.api' AND action = 'value.save'")
	if audits != rep.Changes {
		t.Fatalf("audit rows %d, want one per changed value (%d)", audits, rep.Changes)
	}
	if rep, err = valueset.Import(ctx, db, rows, nil, o); err != nil || rep.Changes != 0 || rep.Groups[0].Status != valueset.StatusUnchanged {
		t.Fatalf("the same import again must change nothing: %v %+v", err, rep)
	}
}

// TestImportErrorsByRow: every problem comes back on its row in both
// languages; an atomic import with any error writes nothing, while a
// non-atomic one writes the agency-quarters without errors.
func TestImportErrorsByRow(t *testing.T) {
	db := storetest.OpenDemo(t)
	open, locked := editable(t, db)
	rows := rowsFor(open[:3])
	bad := []valueset.Row{
		{Agency: open[3], Year: 2022, Period: "q2", Indicator: "dos_received", Value: num(10)},
		{Agency: open[3], Year: 2022, Period: "q2", Indicator: "dos_online", Value: num(1)},
		{Agency: open[3], Year: 2022, Period: "q2", Indicator: "dos_direct", Value: num(1)},
		{Agency: open[3], Year: 2022, Period: "q2", Indicator: "dos_carried", Value: num(1)}, // 10 ≠ 1 + 1 + 1
		{Agency: locked[0], Year: 2022, Period: "q2", Indicator: "staff_total", Value: num(99)},
		{Agency: open[4], Year: 2022, Period: "q7", Indicator: "staff_total", Value: num(1)},
		{Agency: open[4], Year: 2022, Period: "q2", Indicator: "no_such", Value: num(1)},
		{Agency: open[4], Year: 2022, Period: "q2", Indicator: "ontime_rate", Value: num(1)}, // computed, not entered
		{Agency: open[5], Year: 2022, Period: "q2", Indicator: "staff_total"},
		{Agency: open[0], Year: 2022, Period: "q2", Indicator: "staff_total", Value: num(5)}, // repeats a row above
		{Agency: open[6], Year: 2022, Period: "q2", Indicator: "staff_total", Value: num(-3)},
	}
	for _, r := range bad {
		r.Line = len(rows) + 1
		rows = append(rows, r)
	}
	before := fingerprint(t, db)
	rep, err := valueset.Import(ctx, db, rows, nil, valueset.Options{Atomic: true, Actor: "a", Source: "api", Allowed: allow})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Applied || fingerprint(t, db) != before {
		t.Fatal("an atomic import with errors wrote something")
	}
	wantRows := map[int]string{10: "phải bằng", 14: "đã gửi hoặc đã duyệt", 15: "không hợp lệ", 16: "không có trong danh mục",
		17: "không có trong danh mục", 18: "Thiếu giá trị", 19: "Trùng với dòng 1", 20: "không được âm"}
	for _, e := range rep.Errors {
		if e.MessageEN == "" || e.MessageVI == e.MessageEN {
			t.Errorf("row %d: a message in one language only: %+v", e.Row, e)
		}
		if want, ok := wantRows[e.Row]; ok && strings.Contains(e.MessageVI, want) {
			delete(wantRows, e.Row)
		}
	}
	if len(wantRows) > 0 {
		t.Fatalf("errors missing for rows %v; got %+v", wantRows, rep.Errors)
	}
	statuses := map[string]string{}
	for _, g := range rep.Groups {
		statuses[g.Agency] = g.Status
	}
	if statuses[open[1]] != valueset.StatusSkipped || statuses[open[3]] != valueset.StatusError || statuses[locked[0]] != valueset.StatusError {
		t.Fatalf("statuses %v", statuses)
	}

	rep, err = valueset.Import(ctx, db, rows, nil, valueset.Options{Atomic: false, Actor: "a", Source: "api", Allowed: allow})
	if err != nil || !rep.Applied {
		t.Fatalf("non-atomic: %v %+v", err, rep)
	}
	got, _ := db.QuarterValues(ctx, open[1], kpi.Period{Year: 2022, Quarter: 2})
	bad3, _ := db.QuarterValues(ctx, open[3], kpi.Period{Year: 2022, Quarter: 2})
	if got["staff_total"] != 30 || bad3["dos_received"] == 10 {
		t.Fatalf("non-atomic import: clean group %v, broken group %v", got, bad3)
	}
}

func TestParseBodies(t *testing.T) {
	rows, err := valueset.ParseJSON(strings.NewReader(`{"dataValues": [{"agency": "14722", "year": 2022, "period": "q2", "indicator": "steps_cut", "value": 3}]}`))
	if err != nil || len(rows) != 1 || rows[0].Line != 1 || *rows[0].Value != 3 {
		t.Fatalf("JSON: %v %+v", err, rows)
	}
	for body, want := range map[string]string{
		`{"dataValues": [{"agency": "1", "value": "3"}]}`: "sai kiểu ở “dataValues.value”",
		`{"values": []}`:        "Không đọc được",
		`{"dataValues": []} {}`: "còn nội dung thừa",
		`not json`:              "Không đọc được",
	} {
		if _, err := valueset.ParseJSON(strings.NewReader(body)); err == nil || !strings.Contains(kpi.ErrorMessage(err, "vi"), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
	csv := "\xEF\xBB\xBFagency;year;period;indicator;value\n14722;2022;q2;steps_cut;3.5\n14722;2022;q2;hours_cut;1,5\n377;năm;q2;x;1\n"
	rows, errs, err := valueset.ParseCSV([]byte(csv))
	if err != nil || len(rows) != 1 || *rows[0].Value != 3.5 || rows[0].Line != 2 || len(errs) != 2 || errs[0].Row != 3 || errs[1].Row != 4 {
		t.Fatalf("CSV: %v rows %+v errs %+v", err, rows, errs)
	}
	if _, _, err := valueset.ParseCSV([]byte("agency,year,indicator\n")); err == nil || !strings.Contains(kpi.ErrorMessage(err, "en"), "lacks column") {
		t.Fatalf("CSV without a column: %v", err)
	}
}

// TestImportThousandAgencyQuarters: 1,000 agency-periods of a generated
// tree in one import (the service centres, monthly, by their first month)
// — a dry run of a centre's quarter is refused as its write would be; a
// dry run changes nothing; one broken row in the last of them stops them
// all; fixed, all are applied and stored.
func TestImportThousandAgencyQuarters(t *testing.T) {
	db := storetest.Open(t)
	if _, err := gen.Load(ctx, db, gen.Options{Agencies: 1001, Years: 1}); err != nil {
		t.Fatal(err)
	}
	tree, err := db.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var agencies []string
	monthly := map[string]bool{}
	for _, a := range tree.All() {
		if a.ParentCode != "" {
			agencies = append(agencies, a.Code)
			monthly[a.Code] = a.Kind == kpi.KindServiceCentre
		}
	}
	rows := rowsFor(agencies)
	centre := -1
	for i := range rows {
		rows[i].Year, rows[i].Period = gen.DefaultLastYear+1, "q1"
		if monthly[rows[i].Agency] {
			centre = i
		}
	}
	before := fingerprint(t, db)
	o := valueset.Options{DryRun: true, Atomic: true, Actor: "bulk", Source: "api", Allowed: allow}
	rep, err := valueset.Import(ctx, db, rows, nil, o)
	if centre < 0 || err != nil || rep.OK() || fingerprint(t, db) != before {
		t.Fatalf("a centre's quarter in a dry run: %v, %d errors", err, len(rep.Errors))
	}
	for _, e := range rep.Errors {
		if !monthly[e.Agency] || !strings.Contains(e.MessageVI, "báo cáo theo tháng") {
			t.Fatalf("a dry run's error for %s: %s", e.Agency, e.MessageVI)
		}
	}
	for i := range rows {
		if monthly[rows[i].Agency] {
			rows[i].Period = "m01"
		}
	}
	if rep, err := valueset.Import(ctx, db, rows, nil, o); err != nil || !rep.OK() || len(rep.Groups) != 1000 || fingerprint(t, db) != before {
		t.Fatalf("dry run of 1,000: %v, %d groups, changed: %v", err, len(rep.Groups), fingerprint(t, db) != before)
	}
	o.DryRun = false
	last := &rows[len(rows)-1]
	last.Value = num(-1)
	if rep, err := valueset.Import(ctx, db, rows, nil, o); err != nil || rep.Applied || len(rep.Errors) != 1 || rep.Errors[0].Row != last.Line ||
		fingerprint(t, db) != before {
		t.Fatalf("one broken row of 3,000: %v %+v", err, rep.Errors)
	}
	last.Value = num(1)
	rep, err = valueset.Import(ctx, db, rows, nil, o)
	if err != nil || !rep.Applied || rep.Changes != len(rows) {
		t.Fatalf("import of 1,000: %v, %d changes", err, rep.Changes)
	}
	stored := 0
	for _, a := range agencies {
		v, _ := db.QuarterValues(ctx, a, kpi.Period{Year: gen.DefaultLastYear + 1, Quarter: 1})
		stored += len(v)
	}
	if stored != len(rows) {
		t.Fatalf("%d values stored, want %d", stored, len(rows))
	}
}
