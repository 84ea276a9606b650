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

// scoreRows are what the score sheet needs to score an agency from its own
// row: the summary reads each agency's entered values once for both
// sheets, the index's inputs beside its count columns, and the score sheet
// writes each agency's scores as its chunk of own rows comes, keeping
// nothing of it.
type scoreRows struct {
	x     *kpi.ScoreIndex
	cat   *kpi.Catalogue
	at    map[string]int // an input's place in the own row
	width int            // the groups and the total
}

// newScoreRows prepares the scores of the catalogue's index (nil when it
// has none), adding to codes, the own row's indicators, the inputs it lacks.
func newScoreRows(cat *kpi.Catalogue, codes *[]string) *scoreRows {
	x := cat.ScoreIndex()
	if x == nil {
		return nil
	}
	s := &scoreRows{x: x, cat: cat, at: map[string]int{}, width: len(x.Groups()) + 1}
	for i, c := range *codes {
		s.at[c] = i
	}
	for _, c := range cat.Inputs(x.Codes()...) {
		if _, ok := s.at[c]; !ok {
			s.at[c] = len(*codes)
			*codes = append(*codes, c)
		}
	}
	return s
}

// scoreHead creates the score sheet with its title, note and head (nil
// when the catalogue has no index); scoreBody streams the rest.
func (b *book) scoreHead(d *summaryData) (*sheet, error) {
	s := d.scores
	if s == nil {
		return nil, nil
	}
	groups := s.x.Groups()
	width := 4 + s.width
	widths := []float64{5, 9, 38, 14}
	for range groups {
		widths = append(widths, 12)
	}
	sh, err := b.newSheet(SheetScores, false, layout{widths: append(widths, 11), landscape: true, freeze: ref(5, 4), titleRows: [2]int{3, 3}})
	if err != nil {
		return nil, err
	}
	st := b.st
	title := make([]any, width)
	span(title, 1, width, st.title, text(fmt.Sprintf("Điểm chất lượng phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) năm %d — %s", d.year, d.scope.Name)))
	sh.row(1, 30, title...)
	sh.merge(1, 1, width, 1)
	note := make([]any, width)
	span(note, 1, width, st.italic, "Điểm mỗi nhóm = tỷ lệ × số điểm của nhóm, tính từ số liệu các cơ quan đã nhập; để trống: chưa có số liệu (0 điểm). "+kpi.LevelNote(d.at.Level))
	sh.row(2, 18, note...)
	sh.merge(1, 2, width, 2)
	head := []any{cell(st.head, "STT"), cell(st.head, "Mã"), cell(st.head, "Cơ quan"), cell(st.head, "Loại")}
	for _, g := range groups {
		head = append(head, cell(st.head, fmt.Sprintf("%s (%s)", g.NameVI, i18n.Number("vi", g.Points, 0))))
	}
	sh.row(3, 45, append(head, cell(st.head, fmt.Sprintf("Tổng (%s)", i18n.Number("vi", s.x.Total(), 0))))...)
	return sh, sh.err
}

// scoreBody adds one row per agency of the summary (by kind, in tree
// order) with each group's score and the total, from the chunks of own
// rows the table hands on, and the scope's own scorecard last. The scores
// are computed by the catalogue's index (its formulas are expr, not
// Excel), so they are numbers, not formulas.
func (sh *sheet) scoreBody(ctx context.Context, d *summaryData, chunks <-chan [][]float64) error {
	s, st := d.scores, sh.b.st
	line := newRowBuf(4 + s.width)
	r, no := 4, 0
	var chunk [][]float64
	for _, kg := range d.groups {
		kind := i18n.T("vi", "kind."+string(kg.kind))
		for i, a := range kg.agencies {
			if i%store.OwnRowsChunk == 0 {
				if sh.err != nil {
					return sh.err
				}
				var err error
				if chunk, err = recv(ctx, chunks); err != nil {
					return err
				}
			}
			no++
			line.set(1, st.cellCentre, no)
			line.set(2, st.cellText, text(a.Code))
			line.set(3, st.cellText, text(a.Name))
			line.set(4, st.cellText, kind)
			s.agencyScores(st, line, chunk[i%store.OwnRowsChunk])
			sh.row(r, 0, line.vals...)
			r++
		}
	}
	total := []any{cell(st.cellBold, nil), cell(st.cellBold, nil), cell(st.cellBold, text("Toàn phạm vi: "+d.scope.Name)), cell(st.cellBold, nil)}
	sh.row(r, 0, scoreRow(st, s.x, total, d.byKind.Total)...)
	return sh.err
}

// agencyScores scores an agency from its own row and puts the scores after
// its first four cells: each group's, rounded to hundredths (empty for a
// group it lacks a count of), and the total.
func (s *scoreRows) agencyScores(st styles, line *rowBuf, own []float64) {
	sc := s.x.ScoreOwn(s.cat, func(code string) (float64, bool) {
		i, ok := s.at[code]
		if !ok || math.IsNaN(own[i]) {
			return 0, false
		}
		return own[i], true
	})
	style := st.num(1, false, false)
	for i, g := range sc.Groups {
		if g.OK {
			line.set(5+i, style, math.Round(g.Score*100)/100)
		} else {
			line.set(5+i, style, nil)
		}
	}
	line.set(5+len(sc.Groups), st.num(1, false, true), math.Round(sc.Total*100)/100)
}

// scoreRow is the scope's scores after its first cells.
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
