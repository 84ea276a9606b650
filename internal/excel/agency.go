package excel

import (
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Sheet names of the agency-year report.
const (
	SheetReport = "Báo cáo"
	SheetCharts = "Biểu đồ"
)

// Columns of the agency-year report.
const (
	aColNo     = 1
	aColName   = 2
	aColUnit   = 3
	aColQ1     = 4 // Q1..Q4 are columns 4..7
	aColYear   = 8
	aColPrev   = 9
	aColChange = 10
	aColTarget = 11
	aColStatus = 12
	aWidth     = aColStatus
)

// statusVI names target statuses as the report prints them.
var statusVI = map[string]string{kpi.StatusMet: "Đạt", kpi.StatusAtRisk: "Có nguy cơ không đạt", kpi.StatusMissed: "Không đạt"}

// agencyData is everything the agency-year report shows.
type agencyData struct {
	agency, parent, root kpi.Agency
	year                 int
	cur                  store.ScopeYear
	prev                 map[string]kpi.Figure
	targets              map[string]float64
	complete             bool
	cat                  *kpi.Catalogue
}

// AgencyYear builds the agency-year report of an agency (its subtree's
// figures; for a commune, its own) with a sheet of native charts.
func AgencyYear(ctx context.Context, db *store.DB, code string, year int, opt Options) (*excelize.File, error) {
	d, err := loadAgencyData(ctx, db, store.Scope{Agency: code, Year: year, Level: opt.level()})
	if err != nil {
		return nil, err
	}
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	if err := b.agencySheet(d, opt); err != nil {
		b.f.Close()
		return nil, err
	}
	if err := b.agencyCharts(d); err != nil {
		b.f.Close()
		return nil, err
	}
	return b.f, nil
}

func loadAgencyData(ctx context.Context, db *store.DB, s store.Scope) (*agencyData, error) {
	code, year := s.Agency, s.Year
	if err := (kpi.Period{Year: year, Quarter: 1}).Validate(); err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	d := &agencyData{year: year, cat: cat}
	if d.agency, err = db.Agency(ctx, code); err != nil {
		return nil, err
	}
	if d.agency.ParentCode != "" {
		if d.parent, err = db.Agency(ctx, d.agency.ParentCode); err != nil {
			return nil, err
		}
	}
	if d.root, err = db.RootAgency(ctx); err != nil {
		return nil, err
	}
	if d.cur, err = db.ScopeYearFigures(ctx, s); err != nil {
		return nil, err
	}
	if d.prev, err = db.Figures(ctx, store.Scope{Agency: code, Year: year - 1, Level: s.Level}); err != nil {
		return nil, err
	}
	if d.targets, err = db.Targets(ctx, code, year); err != nil {
		return nil, err
	}
	qs, err := db.Quarters(ctx, year)
	d.complete = len(qs) > 0 && qs[len(qs)-1] == 4
	return d, err
}

// reportHeader is the header block of a report issued by agency a.
func reportHeader(a, parent, root kpi.Agency, opt Options) header {
	return header{Letterhead: kpi.NewLetterhead(a, parent, root, opt.date())}
}

func (b *book) agencySheet(d *agencyData, opt Options) error {
	h := reportHeader(d.agency, d.parent, d.root, opt)
	h.Title = fmt.Sprintf("Báo cáo kết quả cải cách hành chính năm %d", d.year)
	h.Period = fmt.Sprintf("Kỳ báo cáo: năm %d", d.year)
	h.Note = "Đơn vị báo cáo: " + d.agency.Name + ". " + opt.levelNote()
	h.Width, h.LeftTo, h.RightFrom = aWidth, aColUnit, aColQ1+1
	const headRow = 11
	s, err := b.newSheet(SheetReport, true, layout{
		widths:    []float64{5, 46, 10, 11, 11, 11, 11, 12, 12, 11, 11, 13},
		landscape: true, freeze: ref(aColQ1, headRow+2), titleRows: [2]int{headRow, headRow + 1},
	})
	if err != nil {
		return err
	}
	if r := s.writeHeader(h); r > headRow {
		return fmt.Errorf("header overruns the table: row %d", r)
	}
	s.tableHead(headRow, d.year)
	end := s.agencyRows(d, headRow+2)
	s.writeSignature(end+1, h)
	return s.flush()
}

func (s *sheet) tableHead(r, year int) {
	heads := []string{"STT", "Chỉ tiêu", "Đơn vị tính", "Quý I", "Quý II", "Quý III", "Quý IV",
		fmt.Sprintf("Năm %d", year), fmt.Sprintf("Năm %d", year-1), "Thay đổi", fmt.Sprintf("Kế hoạch %d", year), "Đánh giá"}
	cells, nums := make([]any, len(heads)), make([]any, len(heads))
	for i, hd := range heads {
		cells[i] = cell(s.b.st.head, hd)
		nums[i] = cell(s.b.st.headNum, fmt.Sprintf("(%d)", i+1))
	}
	s.row(r, 32, cells...)
	s.row(r+1, 0, nums...)
}

// agencyRows writes the indicator groups from row r and returns the row
// after the table. Row numbers are known in advance so rates and parts can
// be formulas over the count rows of the same column.
func (s *sheet) agencyRows(d *agencyData, r int) int {
	rows := map[string]int{}
	n := r
	for _, g := range d.cat.Groups() {
		n++
		for _, ind := range d.cat.All() {
			if ind.Group == g {
				rows[ind.Code] = n
				n++
			}
		}
	}
	for gi, g := range d.cat.Groups() {
		cells := make([]any, aWidth)
		cells[0] = cell(s.b.st.group, kpi.Roman(gi+1))
		span(cells, aColName, aWidth, s.b.st.group, d.cat.Group(g).NameVI)
		s.row(r, 0, cells...)
		s.merge(aColName, r, aWidth, r)
		r++
		no := 0
		for _, ind := range d.cat.All() {
			if ind.Group == g {
				no++
				s.row(r, 0, agencyRow(s.b.st, d, ind, no, rows)...)
				r++
			}
		}
	}
	return r
}

// agencyRow is one indicator's row: quarters and previous year as values,
// the year as =SUM of the quarters where the rule is a sum, rates and parts
// as formulas over their count rows, the change as a formula.
func agencyRow(st styles, d *agencyData, ind kpi.Indicator, no int, rows map[string]int) []any {
	r := rows[ind.Code]
	style := st.num(ind.Decimals, ind.IsPercent(), false)
	cells := make([]any, aWidth)
	cells[aColNo-1] = cell(st.cellCentre, no)
	cells[aColName-1] = cell(st.cellText, ind.NameVI)
	cells[aColUnit-1] = cell(st.cellCentre, ind.UnitVI)
	for q := 1; q <= 4; q++ {
		cells[aColQ1+q-2] = figureCell(style, ind, d.cur[q][ind.Code], aColQ1+q-1, rows)
	}
	year := d.cur[0][ind.Code]
	cells[aColYear-1] = figureCell(style, ind, year, aColYear, rows)
	if year.OK && ind.Kind == kpi.KindEntered && ind.OverQuarters == kpi.AggSum {
		cells[aColYear-1] = formula(style, fmt.Sprintf("SUM(%s:%s)", ref(aColQ1, r), ref(aColQ1+3, r)))
	}
	prev := d.prev[ind.Code]
	cells[aColPrev-1] = figureCell(style, ind, prev, aColPrev, rows)
	change := st.change(ind.Decimals, ind.IsPercent())
	cells[aColChange-1] = cell(change, nil)
	if year.OK && prev.OK {
		cells[aColChange-1] = formula(change, fmt.Sprintf("%s-%s", ref(aColYear, r), ref(aColPrev, r)))
	}
	cells[aColTarget-1] = cell(style, nil)
	t, hasT := d.targets[ind.Code]
	if hasT {
		cells[aColTarget-1] = cell(style, t)
	}
	cells[aColStatus-1] = cell(st.cellCentre, statusVI[kpi.TargetStatus(ind, year, t, hasT, d.complete)])
	return cells
}

// figureCell writes a figure of column c: empty when nothing was entered, a
// formula for rates and parts whose counts are rows of the sheet, the
// number otherwise.
func figureCell(style int, ind kpi.Indicator, f kpi.Figure, c int, rows map[string]int) excelize.Cell {
	if !f.OK {
		return cell(style, nil)
	}
	if fm := derivedFormula(ind, c, rows); fm != "" {
		return formula(style, fm)
	}
	return cell(style, f.Value)
}

// derivedFormula is the formula of a derived indicator (its catalogue
// formula over the count rows) or a parts total, over column c; "" when
// the indicator is entered or its counts are not rows of the sheet.
func derivedFormula(ind kpi.Indicator, c int, rows map[string]int) string {
	cellOf := func(code string) (string, bool) {
		r, ok := rows[code]
		return ref(c, r), ok
	}
	switch {
	case ind.IsDerived():
		fm, _ := excelFormula(ind.Compiled(), cellOf, nil)
		return fm
	case ind.OverQuarters == kpi.AggParts:
		var out []string
		for _, code := range ind.Parts {
			r, ok := cellOf(code)
			if !ok {
				return ""
			}
			out = append(out, r)
		}
		return strings.Join(out, "+")
	}
	return ""
}

// agencyCharts adds the chart sheet of the catalogue's agency chart view:
// its indicators by quarter, drawn by Excel itself.
func (b *book) agencyCharts(d *agencyData) error {
	cats := make([]string, 4)
	for q := 1; q <= 4; q++ {
		cats[q-1] = quarterName(q)
	}
	value := func(code string, j int) any {
		if f := d.cur[j+1][code]; f.OK {
			return f.Value
		}
		return nil
	}
	return b.displayCharts(d.cat, kpi.ViewAgencyChart, "Quý", cats, value, func(name string) string {
		return fmt.Sprintf("%s theo quý năm %d", name, d.year)
	})
}
