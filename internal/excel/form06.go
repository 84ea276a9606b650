package excel

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// SheetForm06 is the sheet of Biểu số 06/VPCP/KSTT.
const SheetForm06 = "Biểu 06"

// form06Codes are the indicators of columns 3–13, from the catalogue's
// Biểu 06 view (column 3 is the received total, written as =4+5+6).
func form06Codes(cat *kpi.Catalogue) ([]string, error) {
	var out []string
	for n := kpi.Form06First; n <= kpi.Form06Last; n++ {
		code, ok := cat.Form06Column(n)
		if !ok {
			return nil, kpi.Errorf(kpi.EINVALID, "Danh mục chưa gán chỉ tiêu cho cột %d của Biểu 06.",
				"The catalogue assigns no indicator to column %d of form 06.", n)
		}
		out = append(out, code)
	}
	return out, nil
}

const (
	f6Width   = 13
	f6HeadRow = 11 // first of the three head rows; the column numbers follow
)

// level is a row group of the form: the agencies of some kinds.
type level struct {
	name  string
	kinds []kpi.Kind
}

// form06Levels derive the form's levels from agency kinds, so a tree
// without districts (after the 2025 reform) just has no district level.
var form06Levels = []level{
	{"Cấp tỉnh", []kpi.Kind{kpi.KindProvince, kpi.KindDepartment, kpi.KindVertical, kpi.KindServiceCentre}},
	{"Cấp huyện", []kpi.Kind{kpi.KindDistrict}},
	{"Cấp xã", []kpi.Kind{kpi.KindCommune}},
}

// Form06Request selects the form: a scope, a year and a quarter (0 for the
// whole year, whose column 6 is what was carried into the first quarter
// and columns 11–13 what was pending at the last, by the catalogue's
// over-quarter rules), or a half of the year (its two quarters folded by
// the same rules).
type Form06Request struct {
	Scope   string
	Year    int
	Quarter int
	Half    int // 1: quarters 1–2, 2: quarters 3–4 (Quarter is then 0)
}

type form06Data struct {
	req                 Form06Request
	scope, parent, root kpi.Agency
	levels              []form06Level // per form06Levels: its fields' lines
	span                string        // "(từ ngày … đến ngày …)" by the period type's cut-off
}

// Form06 builds Biểu số 06/VPCP/KSTT as the form is: lines by level and,
// within each level, one line per field of procedures with dossiers (the
// catalogue's breakdown of the columns), level and grand totals as
// formulas; column 3 is =4+5+6 on every row.
func Form06(ctx context.Context, db *store.DB, req Form06Request, opt Options) (*excelize.File, error) {
	d, err := loadForm06(ctx, db, req, opt.level())
	if err != nil {
		return nil, err
	}
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	if err := b.form06Sheet(d, opt); err != nil {
		b.f.Close()
		return nil, err
	}
	return b.f, nil
}

func loadForm06(ctx context.Context, db *store.DB, req Form06Request, level kpi.Level) (*form06Data, error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	d := &form06Data{req: req}
	var err error
	if d.root, err = db.RootAgency(ctx); err != nil {
		return nil, err
	}
	if d.req.Scope == "" {
		d.req.Scope = d.root.Code
	}
	if d.scope, err = db.Agency(ctx, d.req.Scope); err != nil {
		return nil, err
	}
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	if p := tree.Get(d.scope.ParentCode); p != nil {
		d.parent = *p
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	codes, err := form06Codes(cat)
	if err != nil {
		return nil, err
	}
	d.span = cat.SpanText(kpi.Period{Year: req.Year, Quarter: req.Quarter}, "vi")
	if req.Half > 0 {
		d.span = cat.HalfSpanText(req.Year, req.Half, "vi")
	}
	own, sums, err := form06Figures(ctx, db, cat, store.Scope{Agency: d.req.Scope, Year: req.Year, Level: level}, req, codes[1:])
	if err != nil {
		return nil, err
	}
	agencies := make([][]kpi.Agency, len(form06Levels))
	for _, g := range groupByKind(tree, d.req.Scope) {
		li := levelOf(g.kind)
		for _, a := range g.agencies {
			if li >= 0 && own[a.Code] != nil { // only agencies that handled dossiers
				agencies[li] = append(agencies[li], *a)
			}
		}
	}
	d.levels = fieldLevels(cat, codes[1:], agencies, own, sums)
	return d, nil
}

// check refuses a period the form does not have.
func (r Form06Request) check() error {
	if err := (kpi.Period{Year: r.Year, Quarter: max(r.Quarter, 1)}).Validate(); err != nil {
		return err
	}
	switch {
	case r.Quarter < 0 || r.Quarter > 4:
		return kpi.Errorf(kpi.EINVALID, "Quý %d không hợp lệ (từ 1 đến 4, hoặc 0 cho cả năm).", "Quarter %d is not valid (1 to 4, or 0 for the year).", r.Quarter)
	case r.Half < 0 || r.Half > 2:
		return kpi.Errorf(kpi.EINVALID, "Kỳ 6 tháng %d không hợp lệ (1: 6 tháng đầu năm, 2: 6 tháng cuối năm).",
			"Half %d is not valid (1: the first six months, 2: the last six months).", r.Half)
	case r.Half > 0 && r.Quarter > 0:
		return kpi.Errorf(kpi.EINVALID, "Hãy chọn một quý hoặc một kỳ 6 tháng, không chọn cả hai.", "Choose a quarter or a half of the year, not both.")
	}
	return nil
}

func levelOf(k kpi.Kind) int {
	for i, l := range form06Levels {
		for _, lk := range l.kinds {
			if lk == k {
				return i
			}
		}
	}
	return -1
}

func (b *book) form06Sheet(d *form06Data, opt Options) error {
	h := reportHeader(d.scope, d.parent, d.root, opt)
	h.Number = "Biểu số 06/VPCP/KSTT"
	h.Title = "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC"
	name := periodName(d.req.Year, d.req.Quarter)
	if d.req.Half > 0 {
		name = halfName(d.req.Year, d.req.Half)
	}
	h.Period = "Kỳ báo cáo: " + name + " " + d.span
	h.Note = "Đơn vị tính: Số hồ sơ TTHC. " + opt.levelNote()
	h.Width, h.LeftTo, h.RightFrom = f6Width, 2, 6
	s, err := b.newSheet(SheetForm06, true, layout{
		widths:    []float64{6, 40, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10},
		landscape: true, freeze: ref(3, f6HeadRow+4), titleRows: [2]int{f6HeadRow, f6HeadRow + 3},
	})
	if err != nil {
		return err
	}
	s.writeHeader(h)
	s.form06Head()
	last := s.form06Body(d)
	s.writeSignature(last+2, h)
	return s.flush()
}

// periodName is "quý IV năm 2021" or "năm 2021".
func periodName(year, quarter int) string {
	if quarter == 0 {
		return fmt.Sprintf("năm %d", year)
	}
	return fmt.Sprintf("quý %s năm %d", kpi.Roman(quarter), year)
}

// halfName is "6 tháng đầu năm 2021" or "6 tháng cuối năm 2021".
func halfName(year, half int) string {
	if half == 1 {
		return fmt.Sprintf("6 tháng đầu năm %d", year)
	}
	return fmt.Sprintf("6 tháng cuối năm %d", year)
}

// headHeights are the heights of form 06's head rows: the third holds
// "Trực tiếp, dịch vụ bưu chính" on three lines of its column, unclipped.
var headHeights = [3]float64{30, 30, 48}

// form06Head writes the three head rows with merged groups and the row of
// column numbers 1–13.
func (s *sheet) form06Head() {
	st := s.b.st
	r := f6HeadRow
	rows := [3][]string{
		{"STT", "Lĩnh vực, cấp giải quyết", "Số hồ sơ nhận giải quyết", "", "", "", "Kết quả giải quyết", "", "", "", "Số hồ sơ đang giải quyết", "", ""},
		{"", "", "Tổng số", "Trong kỳ", "", "Từ kỳ trước chuyển qua", "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"},
		{"", "", "", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính", "", "", "", "", "", "", "", ""},
	}
	for i, texts := range rows {
		cells := make([]any, f6Width)
		for c, v := range texts {
			cells[c] = cell(st.head, v)
		}
		s.row(r+i, headHeights[i], cells...)
	}
	for _, m := range [][4]int{
		{1, r, 1, r + 2}, {2, r, 2, r + 2}, {3, r, 6, r}, {7, r, 10, r}, {11, r, 13, r},
		{3, r + 1, 3, r + 2}, {4, r + 1, 5, r + 1}, {6, r + 1, 6, r + 2},
		{7, r + 1, 7, r + 2}, {8, r + 1, 8, r + 2}, {9, r + 1, 9, r + 2}, {10, r + 1, 10, r + 2},
		{11, r + 1, 11, r + 2}, {12, r + 1, 12, r + 2}, {13, r + 1, 13, r + 2},
	} {
		s.merge(m[0], m[1], m[2], m[3])
	}
	nums := make([]any, f6Width)
	for c := range nums {
		nums[c] = cell(st.headNum, fmt.Sprintf("(%d)", c+1))
	}
	s.row(r+3, 0, nums...)
}

// form06Body writes the grand total, then each level's total and its
// fields, and returns the last row. Rows are streamed in order, so the
// level rows are placed first.
func (s *sheet) form06Body(d *form06Data) int {
	st := s.b.st
	total := f6HeadRow + 4
	var levelRows []int
	r := total + 1
	for _, l := range d.levels {
		if len(l.rows) > 0 {
			levelRows = append(levelRows, r)
			r += 1 + len(l.rows)
		}
	}
	s.row(total, 0, s.form06Line(cell(st.cellBold, nil), cell(st.cellBold, "Tổng cộng"), total, func(c int) string {
		if len(levelRows) == 0 {
			return "0"
		}
		parts := make([]string, len(levelRows))
		for i, lr := range levelRows {
			parts[i] = ref(c, lr)
		}
		return strings.Join(parts, "+")
	}, nil)...)
	n := 0
	for _, l := range d.levels {
		if len(l.rows) == 0 {
			continue
		}
		lr := levelRows[n]
		n++
		first, last := lr+1, lr+len(l.rows)
		s.row(lr, 0, s.form06Line(cell(st.cellBold, kpi.Roman(n)), cell(st.cellBold, l.name), lr, func(c int) string {
			return fmt.Sprintf("SUM(%s:%s)", ref(c, first), ref(c, last))
		}, nil)...)
		for i, row := range l.rows {
			s.row(lr+1+i, 0, s.form06Line(cell(st.cellCentre, i+1), cell(st.cellText, text(row.name)), lr+1+i, nil, row.vals)...)
		}
	}
	return r - 1
}

// form06Line is one row: totals by sum(c) when given, else the agency's
// values of columns 4–13; column 3 is always =4+5+6 of its row.
func (s *sheet) form06Line(no, name excelize.Cell, r int, sum func(c int) string, vals []float64) []any {
	bold := sum != nil
	style := s.b.st.num(0, false, bold)
	cells := []any{no, name, formula(style, fmt.Sprintf("%s+%s+%s", ref(4, r), ref(5, r), ref(6, r)))}
	for c := 4; c <= f6Width; c++ {
		switch {
		case bold:
			cells = append(cells, formula(style, sum(c)))
		case vals != nil && !math.IsNaN(vals[c-4]):
			cells = append(cells, cell(style, vals[c-4]))
		default:
			cells = append(cells, cell(style, nil))
		}
	}
	return cells
}
