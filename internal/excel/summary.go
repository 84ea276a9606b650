package excel

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// SheetSummary is the province summary's table sheet.
const SheetSummary = "Tổng hợp"

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
	items               []summaryItem // the indicator columns
	ownCodes            []string      // the count columns and the scores' inputs, read for each agency (OwnRows)
	scores              *scoreRows    // the score sheet's rows, from the same own rows
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
// conditional format on the on-time rate against its target, a sheet of
// native charts and a sheet of each agency's Decision 766 scores. The rows
// are streamed.
func Summary(ctx context.Context, db *store.DB, scope string, year int, opt Options) (*excelize.File, error) {
	d, err := loadSummary(ctx, db, store.Scope{Agency: scope, Year: year, Level: opt.level()})
	if err != nil {
		return nil, err
	}
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	if err := b.summary(ctx, d, opt); err != nil {
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
	d := &summaryData{db: db, year: year, cat: cat, items: summaryItems(cat)}
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
	d.ownCodes = d.enteredColumns()
	d.scores = newScoreRows(cat, &d.ownCodes)
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

// summaryTable creates the table sheet with everything but its body and
// signature: the header block, the table head, the autofilter and the
// conditional formats (over the rows still to come: summaryLastRow). It
// returns the sheet and its header, which the signature block follows.
func (b *book) summaryTable(d *summaryData, opt Options) (*sheet, header, error) {
	width := sFirst + len(d.items) - 1
	h := reportHeader(d.scope, d.parent, d.root, opt)
	h.Title = fmt.Sprintf("Tổng hợp kết quả cải cách hành chính năm %d", d.year)
	h.Period = fmt.Sprintf("Kỳ báo cáo: năm %d", d.year)
	h.Note = "Phạm vi: " + d.scope.Name + ". " + opt.levelNote()
	widths := []float64{5, 9, 38, 14}
	for range d.items {
		widths = append(widths, 12)
	}
	// The sheet prints split across pages: the header and signature
	// blocks stand over the first page's columns.
	first := min(width, firstPageColumns(widths))
	h.Width, h.LeftTo, h.RightFrom = first, sColName, max(sColName+1, first-3)
	s, err := b.newSheet(SheetSummary, true, layout{widths: widths, landscape: true,
		freeze: ref(sFirst, summaryHeadRow+1), titleRows: [2]int{summaryHeadRow, summaryHeadRow},
		split: true, titleCols: sColName})
	if err != nil {
		return nil, h, err
	}
	s.writeHeader(h)
	s.summaryHead(d)
	if s.err == nil {
		s.err = b.summaryFormats(d, d.summaryLastRow())
	}
	return s, h, s.err
}

// summaryLastRow is the table's total row: the head, then each kind's
// agencies and its subtotal.
func (d *summaryData) summaryLastRow() int {
	r := summaryHeadRow
	for _, g := range d.groups {
		r += len(g.agencies) + 1
	}
	return r + 1
}

func (s *sheet) summaryHead(d *summaryData) {
	cells := []any{cell(s.b.st.head, "STT"), cell(s.b.st.head, "Mã"), cell(s.b.st.head, "Cơ quan, đơn vị"), cell(s.b.st.head, "Loại")}
	for _, col := range d.items {
		ind, _ := d.cat.Get(col.code)
		name := ind.NameVI + " (" + ind.UnitVI + ")"
		if col.target {
			name = "Kế hoạch: " + name
		}
		cells = append(cells, cell(s.b.st.head, name))
	}
	s.row(summaryHeadRow, 110, cells...) // tall enough for the longest name in its width
}

// summaryFormats adds the autofilter over the table and, for every
// indicator shown with its target, the figure's colours against it: red
// short of it, green at or beyond it (in the indicator's direction).
func (b *book) summaryFormats(d *summaryData, last int) error {
	width := sFirst + len(d.items) - 1
	if err := b.f.AutoFilter(SheetSummary, fmt.Sprintf("A%d:%s%d", summaryHeadRow, col(width), last), nil); err != nil {
		return err
	}
	first := summaryHeadRow + 1
	for _, c := range d.items {
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
