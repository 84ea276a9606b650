package excel

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// SheetSummary is the province summary's table sheet.
const SheetSummary = "Tổng hợp"

// summaryCol is a column of the province summary: an indicator's figure,
// or its target (target), coloured against the figure beside it.
type summaryCol struct {
	code   string
	target bool
}

// summaryColumns are the indicator columns of the province summary: the
// catalogue's summary view, each derived indicator preceded by the counts
// its formula reads (so the rate can be a formula) when the view lacks
// them, and a target column after each indicator the view marks so.
func summaryColumns(cat *kpi.Catalogue) []summaryCol {
	var out []summaryCol
	has := map[string]bool{}
	add := func(code string) {
		if !has[code] {
			has[code] = true
			out = append(out, summaryCol{code: code})
		}
	}
	items := cat.Display(kpi.ViewSummary)
	for _, d := range items {
		has[d.Indicator] = true
	}
	for _, d := range items {
		ind, _ := cat.Get(d.Indicator)
		if e := ind.Compiled(); e != nil {
			for _, in := range e.Inputs() {
				add(in)
			}
		}
		has[d.Indicator] = false
		add(d.Indicator)
		if d.Option == "target" {
			out = append(out, summaryCol{code: d.Indicator, target: true})
		}
	}
	return out
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
	scope, parent, root kpi.Agency
	year                int
	groups              []kindGroup
	own                 map[string][]float64 // agency -> values of ownCodes, NaN when none
	ownCodes            []string
	cols                []summaryCol
	targets             map[string]map[string]float64
	byKind              store.Breakdown
	cat                 *kpi.Catalogue
}

// kindGroup is the agencies of one kind, in tree order.
type kindGroup struct {
	kind     kpi.Kind
	agencies []kpi.Agency
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
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	if err := b.summarySheet(d, opt); err != nil {
		b.f.Close()
		return nil, err
	}
	if err := b.summaryCharts(d); err != nil {
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
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	d := &summaryData{year: year, cat: cat, cols: summaryColumns(cat)}
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
	d.groups = groupByKind(tree, scope)
	d.ownCodes = d.enteredColumns()
	if d.own, err = db.SubtreeValues(ctx, s, d.ownCodes); err != nil {
		return nil, err
	}
	if d.targets, err = db.TargetsOfYear(ctx, year); err != nil {
		return nil, err
	}
	d.byKind, err = db.FiguresByKind(ctx, s)
	return d, err
}

// groupByKind splits the scope's subtree (itself included) by kind, in the
// catalogue of kinds' order, keeping tree order within a kind.
func groupByKind(tree *kpi.Tree, scope string) []kindGroup {
	byKind := map[kpi.Kind][]kpi.Agency{}
	add := func(code string) {
		a := tree.Get(code)
		byKind[a.Kind] = append(byKind[a.Kind], *a)
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

func (b *book) summarySheet(d *summaryData, opt Options) error {
	width := sFirst + len(d.cols) - 1
	h := reportHeader(d.scope, d.parent, d.root, opt)
	h.Title = fmt.Sprintf("Tổng hợp kết quả cải cách hành chính năm %d", d.year)
	h.Period = fmt.Sprintf("Kỳ báo cáo: năm %d", d.year)
	h.Note = "Phạm vi: " + d.scope.Name + ". " + opt.levelNote()
	h.Width, h.LeftTo, h.RightFrom = width, sColName, sFirst+8
	widths := []float64{5, 9, 38, 14}
	for range d.cols {
		widths = append(widths, 10.5)
	}
	s, err := b.newSheet(SheetSummary, true, layout{widths: widths, landscape: true,
		freeze: ref(sFirst, summaryHeadRow+1), titleRows: [2]int{summaryHeadRow, summaryHeadRow}})
	if err != nil {
		return err
	}
	s.writeHeader(h)
	s.summaryHead(d)
	last := s.summaryBody(d)
	if s.err == nil {
		s.err = b.summaryFormats(d, last)
	}
	s.writeSignature(last+2, h)
	return s.flush()
}

func (s *sheet) summaryHead(d *summaryData) {
	cells := []any{cell(s.b.st.head, "STT"), cell(s.b.st.head, "Mã"), cell(s.b.st.head, "Cơ quan, đơn vị"), cell(s.b.st.head, "Loại")}
	for _, col := range d.cols {
		ind, _ := d.cat.Get(col.code)
		name := ind.NameVI + " (" + ind.UnitVI + ")"
		if col.target {
			name = "Kế hoạch: " + name
		}
		cells = append(cells, cell(s.b.st.head, name))
	}
	s.row(summaryHeadRow, 78, cells...)
}

// summaryBody streams the agency rows, a subtotal row after each kind and
// the total row, and returns the total row's number.
func (s *sheet) summaryBody(d *summaryData) int {
	r := summaryHeadRow + 1
	var subtotals []int
	no := 0
	for _, g := range d.groups {
		first := r
		for _, a := range g.agencies {
			no++
			s.row(r, 0, s.agencyLine(d, a, no, r)...)
			r++
		}
		s.row(r, 0, s.totalLine(d, g.kind, "Cộng: "+i18n.T("vi", "kind."+string(g.kind)), r, func(c int) string {
			return fmt.Sprintf("SUBTOTAL(9,%s:%s)", ref(c, first), ref(c, r-1))
		})...)
		subtotals = append(subtotals, r)
		r++
	}
	s.row(r, 0, s.totalLine(d, "", "TỔNG CỘNG", r, func(c int) string {
		parts := make([]string, len(subtotals))
		for i, sr := range subtotals {
			parts[i] = ref(c, sr)
		}
		return strings.Join(parts, "+")
	})...)
	return r
}

// agencyLine is one agency's own figures: counts as numbers, rates as
// formulas over the counts of the same row.
func (s *sheet) agencyLine(d *summaryData, a kpi.Agency, no, r int) []any {
	st := s.b.st
	cells := []any{cell(st.cellCentre, no), cell(st.cellCentre, text(a.Code)), cell(st.cellText, text(a.Name)),
		cell(st.cellText, i18n.T("vi", "kind."+string(a.Kind)))}
	own, k := d.own[a.Code], 0
	for _, col := range d.cols {
		if col.target {
			cells = append(cells, targetCell(st, d, a.Code, col.code))
			continue
		}
		ind, _ := d.cat.Get(col.code)
		style := st.num(ind.Decimals, ind.IsPercent(), false)
		if fm := d.summaryRate(ind, r); fm != "" {
			cells = append(cells, formula(style, fm))
			continue
		}
		if own != nil && !math.IsNaN(own[k]) {
			cells = append(cells, cell(style, own[k]))
		} else {
			cells = append(cells, cell(style, nil))
		}
		k++
	}
	return cells
}

// totalLine is a subtotal or the total row: counts by sum, a formula per
// column from sum(c); rates over the row's own counts.
func (s *sheet) totalLine(d *summaryData, kind kpi.Kind, label string, r int, sum func(c int) string) []any {
	st := s.b.st
	kindLabel := "Tổng"
	if kind != "" {
		kindLabel = i18n.T("vi", "kind."+string(kind))
	}
	cells := []any{cell(st.cellBold, nil), cell(st.cellBold, nil), cell(st.cellBold, label), cell(st.cellBold, kindLabel)}
	for i, col := range d.cols {
		c := sFirst + i
		if col.target {
			t := cell(st.num(1, true, true), nil)
			if kind == "" {
				t = targetCell(st, d, d.scope.Code, col.code)
			}
			cells = append(cells, t)
			continue
		}
		ind, _ := d.cat.Get(col.code)
		style := st.num(ind.Decimals, ind.IsPercent(), true)
		if fm := d.summaryRate(ind, r); fm != "" {
			cells = append(cells, formula(style, fm))
		} else {
			cells = append(cells, formula(style, sum(c)))
		}
	}
	return cells
}

// targetCell is an agency's target of an indicator, or the scope's when
// the agency has none of its own.
func targetCell(st styles, d *summaryData, agency, code string) excelize.Cell {
	style := st.num(1, true, agency == d.scope.Code)
	if t, ok := d.targets[agency][code]; ok {
		return cell(style, t)
	}
	if t, ok := d.targets[d.scope.Code][code]; ok {
		return cell(style, t)
	}
	return cell(style, nil)
}

// summaryRate is a derived indicator's formula over the count columns of
// row r, or "" for counts.
func (d *summaryData) summaryRate(ind kpi.Indicator, r int) string {
	if !ind.IsDerived() {
		return ""
	}
	fm, _ := excelFormula(ind.Compiled(), func(code string) (string, bool) {
		c := d.columnOf(code)
		return ref(c, r), c != 0
	}, nil)
	return fm
}

// enteredColumns are the summary's count columns, in order: the values
// read for each agency.
func (d *summaryData) enteredColumns() []string {
	var out []string
	for _, col := range d.cols {
		if ind, ok := d.cat.Get(col.code); ok && !col.target && !ind.IsDerived() {
			out = append(out, col.code)
		}
	}
	return out
}

// columnOf is the sheet column of an indicator's figure in the summary, 0
// if none.
func (d *summaryData) columnOf(code string) int {
	for i, c := range d.cols {
		if c.code == code && !c.target {
			return sFirst + i
		}
	}
	return 0
}

// targetColumn is the sheet column of an indicator's target, 0 if none.
func (d *summaryData) targetColumn(code string) int {
	for i, c := range d.cols {
		if c.code == code && c.target {
			return sFirst + i
		}
	}
	return 0
}

// summaryFormats adds the autofilter over the table and, for every
// indicator shown with its target, the figure's colours against it: red
// short of it, green at or beyond it (in the indicator's direction).
func (b *book) summaryFormats(d *summaryData, last int) error {
	width := sFirst + len(d.cols) - 1
	if err := b.f.AutoFilter(SheetSummary, fmt.Sprintf("A%d:%s%d", summaryHeadRow, col(width), last), nil); err != nil {
		return err
	}
	first := summaryHeadRow + 1
	for _, c := range d.cols {
		if !c.target {
			continue
		}
		ind, _ := d.cat.Get(c.code)
		rate, target := d.columnOf(c.code), d.targetColumn(c.code)
		rng := fmt.Sprintf("%s:%s", ref(rate, first), ref(rate, last))
		cond := func(op string) string {
			return fmt.Sprintf("AND(ISNUMBER(%s),ISNUMBER(%s),%s%s%s)", ref(rate, first), ref(target, first), ref(rate, first), op, ref(target, first))
		}
		short, met := "<", ">="
		if !ind.HigherIsBetter {
			short, met = ">", "<="
		}
		if err := b.f.SetConditionalFormat(SheetSummary, rng, []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: cond(short), Format: &b.st.red},
			{Type: "formula", Criteria: cond(met), Format: &b.st.green},
		}); err != nil {
			return err
		}
	}
	return nil
}

// summaryCharts draws the catalogue's summary chart view by kind of
// agency, from the store's by-kind figures.
func (b *book) summaryCharts(d *summaryData) error {
	cats := make([]string, len(d.groups))
	for i, g := range d.groups {
		cats[i] = i18n.T("vi", "kind."+string(g.kind))
	}
	value := func(code string, j int) any {
		if f := d.byKind.ByKind[d.groups[j].kind][code]; f.OK {
			return f.Value
		}
		return nil
	}
	return b.displayCharts(d.cat, kpi.ViewSummaryChart, "Loại cơ quan", cats, value, func(name string) string {
		return fmt.Sprintf("%s theo loại cơ quan năm %d", name, d.year)
	})
}
