package excel

import (
	"context"
	"fmt"
	"math"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// SheetScores is the summary's sheet of Decision 766 scores.
const SheetScores = "Điểm 766"

// scoreSheet adds one row per agency of the summary (by kind, in tree
// order) with each group's score and the total, and the scope's own
// scorecard last. The scores are computed by the catalogue's index (its
// formulas are expr, not Excel), so they are numbers, not formulas.
func (b *book) scoreSheet(ctx context.Context, db *store.DB, d *summaryData, s store.Scope) error {
	x := d.cat.ScoreIndex()
	if x == nil {
		return nil
	}
	own, err := db.OwnFigures(ctx, s)
	if err != nil {
		return err
	}
	groups := x.Groups()
	width := 4 + len(groups) + 1
	widths := []float64{5, 9, 38, 14}
	for range groups {
		widths = append(widths, 12)
	}
	sh, err := b.newSheet(SheetScores, false, layout{widths: append(widths, 11), landscape: true, freeze: ref(5, 4), titleRows: [2]int{3, 3}})
	if err != nil {
		return err
	}
	st := b.st
	title := make([]any, width)
	span(title, 1, width, st.title, text(fmt.Sprintf("Điểm chất lượng phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) năm %d — %s", d.year, d.scope.Name)))
	sh.row(1, 30, title...)
	sh.merge(1, 1, width, 1)
	note := make([]any, width)
	span(note, 1, width, st.italic, "Điểm mỗi nhóm = tỷ lệ × số điểm của nhóm, tính từ số liệu các cơ quan đã nhập; để trống: chưa có số liệu (0 điểm). "+kpi.LevelNote(s.Level))
	sh.row(2, 18, note...)
	sh.merge(1, 2, width, 2)
	head := []any{cell(st.head, "STT"), cell(st.head, "Mã"), cell(st.head, "Cơ quan"), cell(st.head, "Loại")}
	for _, g := range groups {
		head = append(head, cell(st.head, fmt.Sprintf("%s (%s)", g.NameVI, i18n.Number("vi", g.Points, 0))))
	}
	sh.row(3, 45, append(head, cell(st.head, fmt.Sprintf("Tổng (%s)", i18n.Number("vi", x.Total(), 0))))...)
	r, no := 4, 0
	for _, kg := range d.groups {
		for _, a := range kg.agencies {
			no++
			sh.row(r, 0, scoreRow(st, x, []any{cell(st.cellCentre, no), cell(st.cellText, text(a.Code)), cell(st.cellText, text(a.Name)),
				cell(st.cellText, i18n.T("vi", "kind."+string(a.Kind)))}, own[a.Code])...)
			r++
		}
	}
	total := []any{cell(st.cellBold, nil), cell(st.cellBold, nil), cell(st.cellBold, text("Toàn phạm vi: "+d.scope.Name)), cell(st.cellBold, nil)}
	sh.row(r, 0, scoreRow(st, x, total, d.byKind.Total)...)
	return sh.flush()
}

// scoreRow is an agency's (or the scope's) scores after its first cells.
func scoreRow(st styles, x *kpi.ScoreIndex, first []any, figs map[string]kpi.Figure) []any {
	sc := x.Score(figs)
	style := st.num(1, false, false)
	for _, g := range sc.Groups {
		v := any(nil)
		if g.OK {
			v = math.Round(g.Score*100) / 100
		}
		first = append(first, cell(style, v))
	}
	return append(first, cell(st.num(1, false, true), math.Round(sc.Total*100)/100))
}
