package valueset

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Options say how to import: DryRun checks everything and writes nothing;
// Atomic applies every agency-quarter in one transaction or none (any
// error, anywhere, stops it all); without it each agency-quarter that has
// no error is applied on its own. Allowed refuses an agency the caller may
// not write.
type Options struct {
	DryRun  bool
	Atomic  bool
	Actor   string
	Source  string
	Allowed func(agency string) error
}

// RowError is a problem of one row, in both languages; Row 0 is the body
// as a whole.
type RowError struct {
	Row       int    `json:"row"`
	Agency    string `json:"agency,omitempty"`
	Year      int    `json:"year,omitempty"`
	Period    string `json:"period,omitempty"`
	Indicator string `json:"indicator,omitempty"`
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
}

// Group statuses of the report.
const (
	StatusApplied    = "applied"     // written
	StatusWouldApply = "would_apply" // a dry run: would be written
	StatusUnchanged  = "unchanged"   // every value is as stored: nothing to write
	StatusError      = "error"       // has errors: not written
	StatusSkipped    = "skipped"     // no error of its own, not written because the import is atomic and others failed
)

// Group is one agency-quarter of the import and what became of it.
type Group struct {
	Agency  string `json:"agency"`
	Year    int    `json:"year"`
	Period  string `json:"period"`
	Rows    int    `json:"rows"`
	Changes int    `json:"changes"`
	Status  string `json:"status"`
	Version int    `json:"version,omitempty"` // the quarter's version after the write
}

// Report is the answer to an import.
type Report struct {
	DryRun   bool       `json:"dry_run"`
	Atomic   bool       `json:"atomic"`
	Applied  bool       `json:"applied"` // something was written
	Rows     int        `json:"rows"`
	Changes  int        `json:"changes"`
	Groups   []Group    `json:"agency_periods"`
	Errors   []RowError `json:"errors"`
	Warnings []RowError `json:"warnings"`
}

// OK reports whether the import had no error.
func (r *Report) OK() bool { return len(r.Errors) == 0 }

type groupKey struct {
	agency string
	period kpi.Period
}

// importer is one import's state: the rows by group, and which line is in
// which group, to put the planner's messages back on their rows.
type importer struct {
	rep    *Report
	order  []groupKey
	groups map[groupKey]*Group
	first  map[groupKey]int // the group's first line
	cells  map[groupKey][]excel.UploadCell
	lineOf map[string]groupKey // line (as the planner's cell) -> group
	rows   map[int]Row
	bad    map[groupKey]bool
	writes map[groupKey]store.ValueWrite
}

// Import checks rows (and parse errors found before, in errs) and, unless
// it is a dry run or an atomic import with errors, writes them. It returns
// an error only for what is not the rows' fault (the database), and for a
// write refused as a whole (an atomic import whose quarter changed since
// it was checked: a conflict).
func Import(ctx context.Context, db *store.DB, rows []Row, errs []RowError, o Options) (*Report, error) {
	im := &importer{rep: &Report{DryRun: o.DryRun, Atomic: o.Atomic, Rows: len(rows) + len(errs), Errors: errs},
		groups: map[groupKey]*Group{}, first: map[groupKey]int{}, cells: map[groupKey][]excel.UploadCell{}, lineOf: map[string]groupKey{},
		rows: map[int]Row{}, bad: map[groupKey]bool{}, writes: map[groupKey]store.ValueWrite{}}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	if err := im.group(cat, rows); err != nil {
		return nil, err
	}
	if err := im.plan(ctx, db, o); err != nil {
		return nil, err
	}
	if err := im.apply(ctx, db, o); err != nil {
		return nil, err
	}
	return im.finish(), nil
}

// group checks each row on its own and files it under its agency-quarter.
func (im *importer) group(cat *kpi.Catalogue, rows []Row) error {
	seen := map[string]int{}
	for _, r := range rows {
		p, msg := rowPeriod(r)
		if msg == nil {
			msg = rowValue(cat, r)
		}
		dup := r.Agency + "\x00" + p.String() + "\x00" + r.Indicator
		if msg == nil && seen[dup] != 0 {
			msg = &[2]string{fmt.Sprintf("Trùng với dòng %d (cùng cơ quan, kỳ và chỉ tiêu).", seen[dup]),
				fmt.Sprintf("Repeats row %d (same agency, period and indicator).", seen[dup])}
		}
		k := groupKey{r.Agency, p}
		if msg != nil {
			im.rowError(r, msg[0], msg[1])
			if p.Validate() == nil && r.Agency != "" {
				im.file(k, r, false)
				im.bad[k] = true
			}
			continue
		}
		seen[dup] = r.Line
		im.file(k, r, true)
	}
	if len(im.order) > MaxAgencyPeriods {
		return kpi.Errorf(kpi.EINVALID, "Quá nhiều cặp cơ quan – quý (%d): mỗi lần nhập tối đa %d.",
			"Too many agency-quarters (%d): at most %d per import.", len(im.order), MaxAgencyPeriods)
	}
	return nil
}

// file puts a row in its group; only checked rows become planner cells.
func (im *importer) file(k groupKey, r Row, checked bool) {
	g, ok := im.groups[k]
	if !ok {
		g = &Group{Agency: k.agency, Year: k.period.Year, Period: k.period.Address()}
		im.groups[k], im.first[k] = g, r.Line
		im.order = append(im.order, k)
	}
	g.Rows++
	im.rows[r.Line] = r
	if checked {
		line := strconv.Itoa(r.Line)
		im.lineOf[line] = k
		code, option, _ := kpi.ParseOptionKey(r.Indicator) // "code@option": a line of its breakdown
		im.cells[k] = append(im.cells[k], excel.UploadCell{Agency: r.Agency, Indicator: code, Option: option, Cell: line, Value: r.Value})
	}
}

func (im *importer) rowError(r Row, vi, en string) {
	im.rep.Errors = append(im.rep.Errors, RowError{Row: r.Line, Agency: r.Agency, Year: r.Year, Period: r.Period,
		Indicator: r.Indicator, MessageVI: vi, MessageEN: en})
}

// rowPeriod reads the row's period: a quarter ("q2" or "2") or, for a
// data set entered by month, a month ("m07" or "m7"), and its year.
func rowPeriod(r Row) (kpi.Period, *[2]string) {
	p, ok := kpi.ParsePeriod(r.Year, r.Period)
	switch {
	case strings.TrimSpace(r.Agency) == "":
		return p, &[2]string{"Thiếu mã cơ quan.", "The agency code is missing."}
	case !ok:
		return p, &[2]string{fmt.Sprintf("Kỳ “%d/%s” không hợp lệ: cần năm %d–%d và quý q1–q4 (hoặc tháng m01–m12).", r.Year, r.Period, kpi.MinYear, kpi.MaxYear),
			fmt.Sprintf("Period “%d/%s” is not valid: want a year %d–%d and a quarter q1–q4 (or a month m01–m12).", r.Year, r.Period, kpi.MinYear, kpi.MaxYear)}
	}
	return p, nil
}

// rowValue checks that the row names an entered indicator and holds a
// number; the value's own rules are the validation's.
func rowValue(cat *kpi.Catalogue, r Row) *[2]string {
	code, option, isLine := kpi.ParseOptionKey(r.Indicator)
	ind, ok := cat.Get(code)
	switch {
	case isLine && !cat.HasOption(code, option):
		return &[2]string{"“" + r.Indicator + "” không phải một dòng phân tổ của chỉ tiêu.", "“" + r.Indicator + "” is not a line of the indicator's breakdown."}
	case !ok || ind.Kind != kpi.KindEntered:
		return &[2]string{"Mã chỉ tiêu “" + r.Indicator + "” không có trong danh mục nhập liệu.",
			"Indicator code “" + r.Indicator + "” is not in the catalogue of entered figures."}
	case r.Value == nil || math.IsNaN(*r.Value) || math.IsInf(*r.Value, 0):
		return &[2]string{"Thiếu giá trị (cần một số).", "The value is missing (want a number)."}
	}
	return nil
}

// plan runs the Excel upload's planner over each quarter's groups that
// have no row error: the same authorization callback, editable-state check
// and kpi.ValidateEntry with each agency's own past.
func (im *importer) plan(ctx context.Context, db *store.DB, o Options) error {
	byPeriod := map[kpi.Period][]excel.UploadCell{}
	var periods []kpi.Period
	for _, k := range im.order {
		if im.bad[k] || len(im.cells[k]) == 0 {
			continue
		}
		if _, ok := byPeriod[k.period]; !ok {
			periods = append(periods, k.period)
		}
		byPeriod[k.period] = append(byPeriod[k.period], im.cells[k]...)
	}
	sort.Slice(periods, func(i, j int) bool { return periods[i].Seq() < periods[j].Seq() })
	for _, p := range periods {
		plan, err := excel.PlanUpload(ctx, db, &excel.Upload{Period: p, Cells: byPeriod[p]}, o.Actor, o.Allowed)
		if err != nil {
			return err
		}
		for _, e := range plan.Errors {
			im.bad[im.lineOf[e.Cell]] = true
			im.rep.Errors = append(im.rep.Errors, im.cellError(e))
		}
		for _, w := range plan.Warnings {
			im.rep.Warnings = append(im.rep.Warnings, im.cellError(w))
		}
		for _, w := range plan.Writes {
			w.Source = o.Source
			im.writes[groupKey{w.Agency, p}] = w
			im.groups[groupKey{w.Agency, p}].Changes = len(w.Values)
			im.rep.Changes += len(w.Values)
		}
	}
	return nil
}

// cellError puts a planner message back on its row.
func (im *importer) cellError(e excel.CellError) RowError {
	line, _ := strconv.Atoi(e.Cell)
	r := im.rows[line]
	ind := e.Field
	if ind == "" {
		ind = r.Indicator
	}
	return RowError{Row: line, Agency: r.Agency, Year: r.Year, Period: r.Period, Indicator: ind,
		MessageVI: e.MessageVI, MessageEN: e.MessageEN}
}
