package excel

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// The quarter template. One layout for one agency and for many: the data
// sheet holds one row per (agency, indicator) — an officer's template has
// one block of rows, a staff member's covers every agency of a subtree in
// consecutive blocks — so the same reader handles both and a template of
// thousands of rows streams. A very hidden sheet carries the format
// version, the period, the scope and the version of every agency's quarter
// as it was downloaded, so an upload says what it is and what it was made
// from. An empty value cell means "no change"; ClearMarkers clear a value.
const (
	SheetData       = "Số liệu"
	SheetMeta       = "_parkpi"
	TemplateFormat  = "parkpi-template/2"
	tplHeadRow      = 5
	tplFirstRow     = tplHeadRow + 1
	tplColAgency    = 1 // A: agency code
	tplColName      = 2 // B: agency name
	tplColIndicator = 3 // C: indicator code
	tplColLabel     = 4 // D: indicator name
	tplColUnit      = 5 // E: unit
	tplColValue     = 6 // F: the value (the only unlocked column)
	tplColPrev      = 7 // G: the previous quarter, for reference
	tplWidth        = tplColPrev
	metaVersion     = "version" // a meta row: "version", agency code, its quarter's version
)

// ClearMarkers are what a value cell holds to clear the stored value
// (compared trimmed and in lower case): an empty cell changes nothing.
var ClearMarkers = []string{"x", "xóa", "xoá"}

// TemplateRequest selects a template: an agency's quarter, or with Subtree
// the quarter of every agency under it too.
type TemplateRequest struct {
	Agency  string
	Period  kpi.Period
	Subtree bool
}

// Template builds the quarter's template: current values prefilled, only
// the value cells unlocked, each with data validation by its indicator,
// the sheet protected, and the period and scope in a very hidden sheet.
func Template(ctx context.Context, db *store.DB, req TemplateRequest) (*excelize.File, error) {
	if err := req.Period.Validate(); err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	agencies, err := templateAgencies(ctx, db, cat, req)
	if err != nil {
		return nil, err
	}
	// The versions are read before the values: a save in between leaves the
	// template older than its values, so its upload is refused as stale
	// rather than taken as current.
	states, err := db.SubtreeStates(ctx, req.Agency, req.Period)
	if err != nil {
		return nil, err
	}
	cur, err := db.SubtreeQuarterValues(ctx, req.Agency, req.Period)
	if err != nil {
		return nil, err
	}
	prev, err := db.SubtreeQuarterValues(ctx, req.Agency, req.Period.Prev())
	if err != nil {
		return nil, err
	}
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	if err := b.templateSheet(cat, req, agencies, cur, prev); err != nil {
		b.f.Close()
		return nil, err
	}
	if err := b.templateMeta(req, agencies, states); err != nil {
		b.f.Close()
		return nil, err
	}
	return b.f, nil
}

func templateAgencies(ctx context.Context, db *store.DB, cat *kpi.Catalogue, req TemplateRequest) ([]kpi.Agency, error) {
	a, err := db.Agency(ctx, req.Agency)
	if err != nil {
		return nil, err
	}
	// An agency whose data set is not entered at the template's period in
	// its year (a monthly centre in a quarter's template) has no rows: its
	// upload would be refused.
	kindErr := func(x kpi.Agency) error { return kpi.CheckPeriodKind(cat.DataSetFor(x.Kind), x, req.Period) }
	rootErr := kindErr(a)
	if !req.Subtree {
		return []kpi.Agency{a}, rootErr
	}
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	var out []kpi.Agency
	if rootErr == nil {
		out = append(out, a)
	}
	for _, c := range tree.Descendants(req.Agency) {
		if x := *tree.Get(c); kindErr(x) == nil {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil, rootErr
	}
	return out, nil
}

func (b *book) templateSheet(cat *kpi.Catalogue, req TemplateRequest, agencies []kpi.Agency, cur, prev map[string]map[string]float64) error {
	s, err := b.newSheet(SheetData, true, layout{widths: []float64{10, 32, 20, 50, 11, 14, 14}, landscape: true,
		freeze: ref(tplColValue, tplFirstRow), titleRows: [2]int{tplHeadRow, tplHeadRow}})
	if err != nil {
		return err
	}
	// The codes the upload reads stay in their cells but out of the
	// clerk's sight (and off the printed page): the clerk reads names.
	for _, c := range []int{tplColAgency, tplColIndicator} {
		if s.err == nil {
			s.err = s.sw.SetColVisible(c, c, false)
		}
	}
	st := b.st
	name, which := periodName(req.Period.Year, req.Period.Quarter), fmt.Sprintf("quý %d", req.Period.Quarter)
	if req.Period.Month > 0 {
		name, which = fmt.Sprintf("tháng %d năm %d", req.Period.Month, req.Period.Year), fmt.Sprintf("tháng %d", req.Period.Month)
	}
	title := "Mẫu nhập số liệu cải cách hành chính, " + name
	lines := []struct {
		style  int
		height float64
		v      string
	}{
		{st.title, 30, upper(title)},
		{st.note, 32, "Chỉ nhập vào cột “Giá trị” (ô màu vàng). Ô để trống: giữ nguyên số đã lưu; gõ x (hoặc xóa) để xóa số đã lưu. Không nhập công thức."},
		{st.note, 18, fmt.Sprintf("Số nguyên không âm cho các số lượng; tỷ lệ và chỉ số từ 0 đến 100. Năm %d, %s.", req.Period.Year, which)},
	}
	for i, l := range lines { // each across the table, wrapped, never clipped
		s.row(i+1, l.height, cell(l.style, l.v))
		s.merge(1, i+1, tplWidth, i+1)
	}
	heads := []string{"Mã cơ quan", "Cơ quan", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Quý trước"}
	hc := make([]any, len(heads))
	for i, h := range heads {
		hc[i] = cell(st.head, h)
	}
	s.row(tplHeadRow, 30, hc...)
	dv := map[string][]int{} // validation kind -> rows
	r := tplFirstRow
	for _, a := range agencies {
		// Each agency's rows are its data set's fields, in the form's order.
		// An indicator broken down has a line per option of its breakdown
		// under its total, keyed code@option like the entry form's grid, in
		// an agency's own template of a quarter. A subtree's template keeps
		// to totals: lines for every agency would multiply its rows by the
		// fields (a province's would pass the upload's row limit), and an
		// agency with lines is refused a total against them there.
		for _, ind := range cat.FieldsOf(a.Kind, req.Period.Year) {
			lines := []templateLine{{key: ind.Code, name: ind.NameVI}}
			for _, o := range cat.OptionsOf(ind.Code) {
				if req.Period.Month > 0 || req.Subtree {
					break // a month is entered in totals only; a subtree's template carries totals
				}
				lines = append(lines, templateLine{key: kpi.OptionKey(ind.Code, o.ID), name: "    " + o.NameVI})
			}
			for _, l := range lines {
				s.row(r, 0, templateRow(st, a, ind, l, cur[a.Code], prev[a.Code])...)
				k := validationKey(ind)
				dv[k] = append(dv[k], r)
				r++
			}
		}
	}
	if s.err == nil {
		s.err = b.templateValidation(dv)
	}
	if s.err == nil {
		s.err = b.f.ProtectSheet(SheetData, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
			FormatColumns: true, FormatRows: true})
	}
	return s.flush()
}

// templateLine is one row of an agency's indicator: its total, or the
// value of one option of its breakdown (key code@option).
type templateLine struct{ key, name string }

func templateRow(st styles, a kpi.Agency, ind kpi.Indicator, l templateLine, cur, prev map[string]float64) []any {
	input := st.inputNum
	if !ind.Whole() {
		input = st.inputDec
	}
	value := cell(input, nil)
	if v, ok := cur[l.key]; ok {
		value = cell(input, v)
	}
	before := cell(st.num(ind.Decimals, false, false), nil)
	if v, ok := prev[l.key]; ok {
		before = cell(st.num(ind.Decimals, false, false), v)
	}
	return []any{cell(st.locked, text(a.Code)), cell(st.locked, text(a.Name)), cell(st.locked, l.key),
		cell(st.locked, l.name), cell(st.locked, ind.UnitVI), value, before}
}

// validationKey groups value cells that share a validation rule: whole
// numbers or decimals, and the range.
func validationKey(ind kpi.Indicator) string {
	kind := "decimal"
	if ind.Whole() {
		kind = "whole"
	}
	return fmt.Sprintf("%s|%g|%g", kind, ind.Min, ind.Max)
}

// ranges joins ascending rows of the value column into ranges, "F6:F14 F20",
// keeping the validation's cell list short on templates of many agencies.
func ranges(rows []int) string {
	var parts []string
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		part := ref(tplColValue, rows[i])
		if j > i {
			part += ":" + ref(tplColValue, rows[j])
		}
		parts = append(parts, part)
		i = j + 1
	}
	return strings.Join(parts, " ")
}

// templateValidation adds one data validation per rule over all its cells:
// a number in the indicator's range (whole where it must be), or a clear
// marker. It is a custom rule because Excel's number rules refuse text.
func (b *book) templateValidation(groups map[string][]int) error {
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var kind string
		var lo, hi float64
		if _, err := fmt.Sscanf(strings.ReplaceAll(k, "|", " "), "%s %g %g", &kind, &lo, &hi); err != nil {
			return err
		}
		rows := groups[k]
		dv := excelize.NewDataValidation(true)
		dv.Sqref = ranges(rows)
		dv.Type = "custom"
		dv.Formula1 = xmlText(validationFormula(ref(tplColValue, rows[0]), kind == "whole", lo, hi))
		msg := fmt.Sprintf("Nhập số từ %g đến %g, hoặc x để xóa số đã lưu.", lo, hi)
		if kind == "whole" {
			msg = fmt.Sprintf("Nhập số nguyên từ %g đến %g, hoặc x để xóa số đã lưu.", lo, hi)
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Giá trị không hợp lệ", msg)
		dv.ShowErrorMessage = true
		if err := b.f.AddDataValidation(SheetData, dv); err != nil {
			return err
		}
	}
	return nil
}

// validationFormula is the custom rule of a value cell, relative to the
// first cell of its ranges: a clear marker, or a number in [lo, hi].
func validationFormula(cell string, whole bool, lo, hi float64) string {
	var markers []string
	for _, m := range ClearMarkers {
		markers = append(markers, fmt.Sprintf(`LOWER(TRIM(%s))="%s"`, cell, m))
	}
	num := fmt.Sprintf("ISNUMBER(%[1]s),%[1]s>=%[2]g,%[1]s<=%[3]g", cell, lo, hi)
	if whole {
		num += fmt.Sprintf(",%[1]s=INT(%[1]s)", cell)
	}
	return fmt.Sprintf("OR(%s,AND(%s))", strings.Join(markers, ","), num)
}

// xmlText escapes a formula for the XML element excelize writes it into
// as it is.
func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// templateMeta writes the very hidden sheet that says what the file is:
// the format, the period, the scope, and one "version" row per agency
// with the version of its quarter as downloaded (0: not started).
func (b *book) templateMeta(req TemplateRequest, agencies []kpi.Agency, states map[string]kpi.Submission) error {
	if _, err := b.f.NewSheet(SheetMeta); err != nil {
		return err
	}
	rows := [][]any{{"format", TemplateFormat}, {"year", req.Period.Year}, {"quarter", req.Period.Quarter}, {"month", req.Period.Month},
		{"scope", text(req.Agency)}, {"agencies", len(agencies)}}
	for _, a := range agencies {
		rows = append(rows, []any{metaVersion, text(a.Code), states[a.Code].Version})
	}
	for i, r := range rows {
		if err := b.f.SetSheetRow(SheetMeta, ref(1, i+1), &r); err != nil {
			return err
		}
	}
	if err := b.f.ProtectSheet(SheetMeta, &excelize.SheetProtectionOptions{}); err != nil {
		return err
	}
	return b.f.SetSheetVisible(SheetMeta, false, true)
}
