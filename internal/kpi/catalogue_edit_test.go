package kpi_test

import (
	"slices"
	"strings"
	"testing"

	"parkpi/internal/kpi"
)

// digitised is the indicator an administrator adds for communes.
var digitised = kpi.Indicator{Code: "digitised", Group: "dossiers", NameVI: "Hồ sơ được số hóa", NameEN: "Dossiers digitised",
	UnitVI: "hồ sơ", UnitEN: "dossiers", Kind: kpi.KindEntered, OverQuarters: kpi.AggSum, AcrossAgencies: kpi.AcrossSum,
	Max: 1e7, HigherIsBetter: true, Outlier: kpi.DefaultOutlier}

func fieldCodes(d kpi.DataSet) []string {
	var out []string
	for _, f := range d.Fields {
		out = append(out, f.Indicator)
	}
	return out
}

// TestDefinitionEdits: each edit an administrator makes changes the one
// item it names, puts a new one where a reader looks for it, and leaves
// the definition it started from (and the catalogue built from it) as it
// was.
func TestDefinitionEdits(t *testing.T) {
	cat := catalogue(t)
	def := cat.Definition()
	before := cat.Definition()

	next := def.PutIndicator(digitised)
	at := slices.IndexFunc(next.Indicators, func(i kpi.Indicator) bool { return i.Code == "digitised" })
	if at < 0 || next.Indicators[at-1].Group != "dossiers" || (at+1 < len(next.Indicators) && next.Indicators[at+1].Group == "dossiers") {
		t.Fatalf("a new indicator is not after the last of its group: at %d", at)
	}
	renamed := digitised
	renamed.NameVI = "Hồ sơ đã số hóa"
	if again := next.PutIndicator(renamed); len(again.Indicators) != len(next.Indicators) || again.Indicators[at].NameVI != renamed.NameVI {
		t.Fatal("putting an existing indicator does not replace it where it stands")
	}

	next = next.PlaceOnForms("digitised", "dossiers", []string{"commune"})
	commune, _ := next.DataSet("commune")
	codes := fieldCodes(commune)
	i := slices.Index(codes, "digitised")
	if i < 0 || codes[i-1] != "dos_pending_overdue" || commune.Fields[i].Section != "dossiers" {
		t.Fatalf("the new field is not at the end of the commune form's dossier section: %v", codes)
	}
	if dept, _ := next.DataSet("department"); dept.Has("digitised") {
		t.Fatal("a data set not named got the field")
	}
	if off, _ := next.PlaceOnForms("digitised", "dossiers", nil).DataSet("commune"); off.Has("digitised") {
		t.Fatal("a data set no longer named keeps the field")
	}

	next = next.PlaceInView(kpi.ViewSummary, "digitised", true)
	if !next.Shown(kpi.ViewSummary, "digitised") || next.Shown(kpi.ViewOverview, "digitised") {
		t.Fatal("PlaceInView shows the indicator in the wrong views")
	}
	if next.PlaceInView(kpi.ViewSummary, "digitised", false).Shown(kpi.ViewSummary, "digitised") {
		t.Fatal("PlaceInView does not take the indicator off")
	}
	if _, problems := kpi.Build(next); len(problems) > 0 {
		t.Fatalf("the edited definition does not build: %+v", problems)
	}

	// A kind taken by another data set leaves the one that had it.
	pilot := kpi.DataSet{Code: "commune_pilot", NameVI: "Thí điểm", NameEN: "Pilot", PeriodType: kpi.PeriodQuarter,
		Kinds: []kpi.Kind{kpi.KindCommune}, Fields: []kpi.Field{{Section: "dossiers", Indicator: "dos_received"}}}
	moved := next.PutDataSet(pilot)
	if c, _ := moved.DataSet("commune"); len(c.Kinds) != 0 {
		t.Fatalf("the commune data set keeps its kind: %v", c.Kinds)
	}
	if _, problems := kpi.Build(moved); len(problems) > 0 {
		t.Fatalf("moving a kind to a new data set does not build: %+v", problems)
	}
	if _, err := next.RetireDataSet("commune"); kpi.ErrorCode(err) != kpi.EINVALID {
		t.Fatalf("retiring a data set communes still report = %v, want a refusal", err)
	}
	if out, err := moved.RetireDataSet("commune"); err != nil || slices.ContainsFunc(out.DataSets, func(d kpi.DataSet) bool { return d.Code == "commune" }) {
		t.Fatalf("retiring a data set no kind reports: %v", err)
	}

	rule := kpi.Rule{Code: "digitised_bound", Left: "digitised", Op: "<=", Right: "dos_resolved", Severity: kpi.SeverityError, MessageVI: "a", MessageEN: "a"}
	next = next.PutRule(rule)
	if r, ok := next.Rule("digitised_bound"); !ok || r.Right != "dos_resolved" || len(next.Rules) != len(def.Rules)+1 {
		t.Fatal("PutRule does not add the rule")
	}

	if len(kpi.DiffDefinitions(before, def)) != 0 || len(kpi.DiffDefinitions(before, cat.Definition())) != 0 {
		t.Fatal("an edit changed the definition it started from, or the catalogue")
	}
}

// TestProblemsByField: a refused indicator or rule names the column of
// each problem, so a form shows every one beside its own field.
func TestProblemsByField(t *testing.T) {
	cat := catalogue(t)
	bad := digitised
	bad.NameEN, bad.UnitVI, bad.Min, bad.Max, bad.Outlier.Factor = "", "", 5, 1, 0.5
	_, problems := kpi.Build(cat.Definition().PutIndicator(bad))
	got := map[string]bool{}
	for _, p := range problems {
		if p.Table == kpi.TableIndicators && p.Key == "digitised" {
			got[p.Field] = true
		}
	}
	for _, f := range []string{"name_en", "unit_vi", "max", "outlier_factor"} {
		if !got[f] {
			t.Errorf("no problem on %s: %+v", f, problems)
		}
	}

	r := kpi.Rule{Code: "r", Left: "dos_resolved + nope", Op: "=<", Right: "dos_late", Severity: kpi.SeverityError, MessageEN: "x"}
	_, problems = cat.CompileRule(r)
	fields := map[string]string{}
	for _, p := range problems {
		fields[p.Field] = p.MessageVI
	}
	if !strings.Contains(fields["left"], "tại ký tự thứ 16") || fields["op"] == "" || fields["message_vi"] == "" || len(fields) != 3 {
		t.Fatalf("rule problems by field: %+v", problems)
	}
	if err := kpi.ProblemsError(problems); kpi.ErrorCode(err) != kpi.EINVALID || !strings.Contains(kpi.ErrorMessage(err, "vi"), "tại ký tự thứ 16") {
		t.Fatalf("the problems as one error: %v", err)
	}
}

// TestTryRule: a rule tried against an agency's stored quarters flags the
// quarters that break it, reads prev from the quarter before (across a
// year's end), and skips quarters lacking a value it reads.
func TestTryRule(t *testing.T) {
	cat := catalogue(t)
	q := func(y, n int, v map[string]float64) kpi.StoredQuarter {
		return kpi.StoredQuarter{Period: kpi.Period{Year: y, Quarter: n}, Values: v}
	}
	quarters := []kpi.StoredQuarter{
		q(2022, 2, map[string]float64{"svc_total": 2, "svc_full": 1, "svc_partial": 610, "dos_carried": 4}),
		q(2021, 4, map[string]float64{"svc_total": 10, "svc_full": 4, "svc_partial": 6, "dos_pending": 4}),
		q(2022, 1, map[string]float64{"svc_total": 10, "dos_carried": 5, "dos_pending": 4}),
	}
	bound, _ := cat.Definition().Rule("svc_online_bound")
	r, problems := cat.CompileRule(bound)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	trial := cat.TryRule(r, kpi.KindCommune, quarters)
	if trial.Applies != 3 || trial.Checked != 2 || len(trial.Hits) != 1 {
		t.Fatalf("trial of the online-services bound: %+v", trial)
	}
	hit := trial.Hits[0]
	if hit.Period != (kpi.Period{Year: 2022, Quarter: 2}) || hit.Left != 611 || hit.Right != 2 || !strings.Contains(hit.Message.MessageVI, "(611)") {
		t.Fatalf("the flagged quarter: %+v", hit)
	}
	carried, _ := cat.Definition().Rule("dos_carried_prev")
	r, _ = cat.CompileRule(carried)
	trial = cat.TryRule(r, kpi.KindCommune, quarters)
	if trial.Checked != 2 || len(trial.Hits) != 1 || trial.Hits[0].Period.Quarter != 1 || trial.Hits[0].Right != 4 {
		t.Fatalf("trial of carried over = previous in progress: %+v", trial)
	}
	// A rule over a field the agency's form does not hold reads only history.
	own := kpi.Rule{Code: "steps", Left: "steps_cut", Op: "<=", Right: "tthc_simplified", Severity: kpi.SeverityError, MessageVI: "x", MessageEN: "x"}
	r, _ = cat.CompileRule(own)
	old := []kpi.StoredQuarter{q(2020, 1, map[string]float64{"steps_cut": 9, "tthc_simplified": 1})}
	if trial := cat.TryRule(r, kpi.KindCommune, old); trial.Checked != 0 || len(trial.Hits) != 0 {
		t.Fatalf("a commune's stored values outside its form fed the rule: %+v", trial)
	}
	if trial := cat.TryRule(r, kpi.KindDepartment, old); len(trial.Hits) != 1 {
		t.Fatalf("a department's quarter breaking the rule is not flagged: %+v", trial)
	}
}
