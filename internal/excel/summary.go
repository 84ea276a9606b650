package excel

import (
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// SheetSummary is the province summary's table sheet.
const SheetSummary = "Tổng hợp"

// targetCol marks the column of an indicator's target in summaryColumns.
const targetCol = "target:"

// summaryColumns are the indicator columns of the province summary: the
// figures the province reports, with the counts its rates are made of (so
// the rates can be formulas), and the on-time target beside the on-time
// rate for the conditional format.
var summaryColumns = []string{
	"tthc_simplified", "steps_cut", "hours_cut", "svc_total", "svc_level3", "svc_level4", "portal_linked",
	"dos_resolved", "dos_early", "dos_ontime", "ontime_rate", targetCol + "ontime_rate",
	"sat_responses", "sat_satisfied", "sat_very", "sat_rate", "sat_very_rate",
	"div_cut", "subdept_cut", "psu_cut", "vc_endpoints",
}

// summary columns before the indicators.
const (
	sColNo = 1 + iota
	sColCode
	sColName
	sColKind
	sFirst // the first indicator column
)

// summaryHeadRow is the row of the table head; rows follow it.
const summaryHeadRow = 10

type summaryData struct {
	db                  *store.DB
	at                  store.Scope // the scope, year and level of the figures
	scope, parent, root kpi.Agency
	year                int
	groups              []kindGroup
	ownCodes            []string // the count columns, read for each agency (OwnRows)
	targets             map[string]map[string]float64
	byKind              store.Breakdown
	cat                 *kpi.Catalogue
}

// kindGroup is the agencies of one kind, in tree order.
type kindGroup struct {
	kind     kpi.Kind
	agencies []*kpi.Agency
}

// Summary builds the summary of a scope (the province by default) for a
// year: one row per agency grouped by kind, subtotal rows and a total row
// as formulas, rates as formulas over their counts, an autofilter, a
// conditional format on the on-time rate against its target, and a sheet
// of native charts. The rows are streamed.
func Summary(ctx context.Context, db *store.DB, scope string, year int, opt Options) (*excelize.File, error) {
	d, err := loadSummary(ctx, db, store.Scope{Agency: scope, Year: year, Level: opt.level()})
	if err != nil {
		return nil, err
	}
	own := readOwnRows(ctx, d) // while the book and its header are set up
	defer own.wait()
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	if err := b.summarySheet(d, own, opt); err != nil {
		b.f.Close()
		return nil, err
	}
	if err := b.summaryCharts(d); err != nil {
		b.f.Close()
		return nil, err
	}
	if err := b.scoreSheet(ctx, db, d, store.Scope{Agency: d.scope.Code, Year: year, Level: opt.level()}); err != nil {
		b.f.Close()
		return nil, err
	}
	return b.f, nil
}

func loadSummary(ctx context.Context, db *store.DB, s store.Scope) (*summaryData, error) {
	scope, year := s.Agency, s.Year
	if err := (kpi.Period{Year: year, Quarter: 1}).Validate(); err != nil {
		return nil, err
	}
	d := &summaryData{db: db, year: year, cat: db.Catalogue()}
	var err error
	if d.root, err = db.RootAgency(ctx); err != nil {
		return nil, err
	}
	if scope == "" {
		scope = d.root.Code
		s.Agency = scope
	}
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	if d.scope, err = db.Agency(ctx, scope); err != nil {
		return nil, err
	}
	if p := tree.Get(d.scope.ParentCode); p != nil {
		d.parent = *p
	}
	d.at = s
	d.groups = groupByKind(tree, scope)
	d.ownCodes = enteredColumns(d.cat)
	if d.targets, err = db.TargetsOfYear(ctx, year); err != nil {
		return nil, err
	}
	d.byKind, err = db.FiguresByKind(ctx, s)
	return d, err
}

// groupByKind splits the scope's subtree (itself included) by kind, in the
// catalogue of kinds' order, keeping tree order within a kind.
func groupByKind(tree *kpi.Tree, scope string) []kindGroup {
	byKind := map[kpi.Kind][]*kpi.Agency{}
	add := func(code string) {
		a := tree.Get(code)
		byKind[a.Kind] = append(byKind[a.Kind], a)
	}
	add(scope)
	for _, c := range tree.Descendants(scope) {
		add(c)
	}
	var out []kindGroup
	for _, k := range kpi.Kinds {
		if len(byKind[k]) > 0 {
			out = append(out, kindGroup{kind: k, agencies: byKind[k]})
		}
	}
	return out
}

func (b *book) summarySheet(d *summaryData, own *ownStream, opt Options) error {
	width := sFirst + len(summaryColumns) - 1
	h := reportHeader(d.scope, d.parent, d.root, opt)
	h.Title = fmt.Sprintf("Tổng hợp kết quả cải cách hành chính năm %d", d.year)
	h.Period = fmt.Sprintf("Kỳ báo cáo: năm %d", d.year)
	h.Note = "Phạm vi: " + d.scope.Name + ". " + opt.levelNote()
	h.Width, h.LeftTo, h.RightFrom = width, sColName, sFirst+8
	widths := []float64{5, 9, 38, 14}
	for range summaryColumns {
		widths = append(widths, 10.5)
	}
	s, err := b.newSheet(SheetSummary, true, layout{widths: widths, landscape: true,
		freeze: ref(sFirst, summaryHeadRow+1), titleRows: [2]int{summaryHeadRow, summaryHeadRow}})
	if err != nil {
		return err
	}
	s.writeHeader(h)
	s.summaryHead(d.cat)
	last, err := s.summaryBody(d, own)
	if err != nil {
		return err
	}
	if s.err == nil {
		s.err = b.summaryFormats(d, last)
	}
	s.writeSignature(last+2, h)
	return s.flush()
}

func (s *sheet) summaryHead(cat *kpi.Catalogue) {
	cells := []any{cell(s.b.st.head, "STT"), cell(s.b.st.head, "Mã"), cell(s.b.st.head, "Cơ quan, đơn vị"), cell(s.b.st.head, "Loại")}
	for _, code := range summaryColumns {
		name := ""
		if ind, ok := cat.Get(strings.TrimPrefix(code, targetCol)); ok {
			name = ind.NameVI + " (" + ind.UnitVI + ")"
			if strings.HasPrefix(code, targetCol) {
				name = "Kế hoạch: " + name
			}
		}
		cells = append(cells, cell(s.b.st.head, name))
	}
	s.row(summaryHeadRow, 78, cells...)
}

// summaryFormats adds the autofilter over the table and the on-time rate's
// colours against its target: red below, green at or above.
func (b *book) summaryFormats(d *summaryData, last int) error {
	width := sFirst + len(summaryColumns) - 1
	if err := b.f.AutoFilter(SheetSummary, fmt.Sprintf("A%d:%s%d", summaryHeadRow, col(width), last), nil); err != nil {
		return err
	}
	rate, target := columnOf("ontime_rate"), columnOf(targetCol+"ontime_rate")
	first := summaryHeadRow + 1
	rng := fmt.Sprintf("%s:%s", ref(rate, first), ref(rate, last))
	cond := func(op string) string {
		return fmt.Sprintf("AND(ISNUMBER(%s),ISNUMBER(%s),%s%s%s)", ref(rate, first), ref(target, first), ref(rate, first), op, ref(target, first))
	}
	return b.f.SetConditionalFormat(SheetSummary, rng, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: cond("<"), Format: &b.st.red},
		{Type: "formula", Criteria: cond(">="), Format: &b.st.green},
	})
}

// summaryCharts draws, by kind of agency, the on-time rate and the
// procedures simplified, from the store's by-kind figures.
func (b *book) summaryCharts(d *summaryData) error {
	if _, err := b.f.NewSheet(SheetCharts); err != nil {
		return err
	}
	t := chartTable{sheet: SheetCharts,
		heads:   []string{"Loại cơ quan", "Tỷ lệ đúng hạn (%)", "TTHC được đơn giản hóa", "Hồ sơ đã giải quyết"},
		formats: []int{b.st.num(1, true, false), b.st.num(0, false, false), b.st.num(0, false, false)},
		series:  make([][]any, 3),
	}
	for _, g := range d.groups {
		figs := d.byKind.ByKind[g.kind]
		t.cats = append(t.cats, i18n.T("vi", "kind."+string(g.kind)))
		for i, code := range []string{"ontime_rate", "tthc_simplified", "dos_resolved"} {
			var v any
			if f := figs[code]; f.OK {
				v = f.Value
			}
			t.series[i] = append(t.series[i], v)
		}
	}
	series, err := b.writeChartTable(t)
	if err != nil {
		return err
	}
	if err := b.addChart(SheetCharts, "F2", excelize.Bar, fmt.Sprintf("Tỷ lệ hồ sơ đúng hạn theo loại cơ quan năm %d (%%)", d.year), series[:1]); err != nil {
		return err
	}
	return b.addChart(SheetCharts, "F20", excelize.Col, fmt.Sprintf("TTHC được đơn giản hóa năm %d", d.year), series[1:2])
}
