package report

import (
	"fmt"
	"strings"

	"github.com/gomutex/godocx/docx"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// section writes one indicator group: its heading, the group's
// commentary, a line per figure with its change, target and status and
// the commentary beside it, the group's table, and its charts.
func (d *document) section(r *reportData, n int, g string, inds []kpi.Indicator) error {
	name := r.cat.Group(g).Name(lang)
	d.para(left, 120, bold(kpi.Roman(n)+". "+strings.ToUpper(name)))
	d.comments(r.comments[kpi.SubjectGroup(g)])
	prevName := periodName(r.req.Year-1, r.req.Quarter)
	for _, ind := range inds {
		f := r.cur[ind.Code]
		if !f.OK {
			continue
		}
		d.para(both, 60, figureLine(r, ind, prevName)...)
		d.comments(r.comments[kpi.SubjectIndicator(ind.Code)])
	}
	d.para(left, 60, italic(fmt.Sprintf("Bảng %d. %s, %s", n, name, periodName(r.req.Year, r.req.Quarter))))
	d.groupTable(r, inds)
	return d.groupCharts(r, n, inds)
}

// figureLine is "- Số giờ cắt giảm …: 3.141 giờ, tăng 2.381 giờ so với
// năm 2020; kế hoạch 3.000 giờ: Đạt."
func figureLine(r *reportData, ind kpi.Indicator, prevName string) []text {
	f := r.cur[ind.Code]
	runs := []text{plain("- " + ind.NameVI + ": "), bold(withUnit(ind, f.Value))}
	tail := ""
	if ch := changeWords(ind, f, r.prev[ind.Code], prevName); ch != "" {
		tail += ", " + ch
	}
	if t, has, status := r.status(ind); has {
		tail += "; kế hoạch " + withUnit(ind, t)
		if w := statusWords[status]; w != "" {
			tail += ": " + w
		}
	}
	return append(runs, plain(tail+"."))
}

// comments writes the commentary on a subject, the explanation first.
func (d *document) comments(list []kpi.Comment) {
	for _, kind := range kpi.CommentKinds {
		for _, c := range list {
			if c.Kind == kind {
				d.para(both, 60, italic(commentLabel(c.Kind)+": "), plain(c.Text))
			}
		}
	}
}

// Column widths of a group's table (twips; they add up to textWidth).
var tableWidths = []uint64{720, 2834, 900, 1100, 1100, 1000, 900, 800}

// groupTable writes the group's figures: the period and the same period a
// year earlier, the change, the target and the status.
func (d *document) groupTable(r *reportData, inds []kpi.Indicator) {
	t := d.grid("TableGrid", tableWidths...)
	head := []string{"STT", "Chỉ tiêu", "Đơn vị tính", periodTitle(r.req.Year, r.req.Quarter),
		periodTitle(r.req.Year-1, r.req.Quarter), "Thay đổi", "Kế hoạch", "Đánh giá"}
	row := t.AddRow()
	for _, h := range head {
		cellPara(row.AddCell(), centre, text{s: h, bold: true, size: tableSize})
	}
	for i, ind := range inds {
		cur, prev := r.cur[ind.Code], r.prev[ind.Code]
		target, has, status := r.status(ind)
		cells := []string{fmt.Sprint(i + 1), ind.NameVI, ind.UnitVI, value(ind, cur), value(ind, prev), changeCell(ind, cur, prev), "", statusWords[status]}
		if has {
			cells[6] = number(ind, target)
		}
		row := t.AddRow()
		for c, s := range cells {
			tableCell(row.AddCell(), c, s)
		}
	}
	d.para(left, 120, plain(""))
}

// tableCell writes one cell: names to the left, numbers to the right.
func tableCell(c *docx.Cell, col int, s string) {
	align := right
	switch col {
	case 0, 2, 7:
		align = centre
	case 1:
		align = left
	}
	cellPara(c, align, text{s: s, size: tableSize})
}

// periodTitle heads a column: "Năm 2021", "Quý II/2022".
func periodTitle(year, quarter int) string {
	if quarter == 0 {
		return fmt.Sprintf("Năm %d", year)
	}
	return fmt.Sprintf("Quý %s/%d", kpi.Roman(quarter), year)
}

// scoreSection writes the scope's Decision 766 scorecard: each group's
// points, ratio and score, and the total.
func (d *document) scoreSection(r *reportData, n int) {
	x := r.cat.ScoreIndex()
	if x == nil {
		return
	}
	sc := x.Score(r.cur)
	d.para(left, 120, bold(kpi.Roman(n)+". ĐIỂM CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (QUYẾT ĐỊNH 766/QĐ-TTg)"))
	d.para(both, 60, plain(fmt.Sprintf("Tổng điểm %s: ", periodName(r.req.Year, r.req.Quarter))),
		bold(i18n.Number(lang, sc.Total, 1)+"/"+i18n.Number(lang, sc.Max, 0)+" điểm"), plain(" (điểm mỗi nhóm = tỷ lệ × số điểm của nhóm)."))
	t := d.grid("TableGrid", 720, 4434, 1400, 1400, 1400)
	row := t.AddRow()
	for _, h := range []string{"STT", "Nhóm chỉ số", "Điểm tối đa", "Tỷ lệ", "Điểm đạt"} {
		cellPara(row.AddCell(), centre, text{s: h, bold: true, size: tableSize})
	}
	for i, g := range x.Groups() {
		gs := sc.Groups[i]
		ratio, score := "Chưa có số liệu", "0"
		if gs.OK {
			ratio, score = i18n.Percent(lang, gs.Ratio*100, 1), i18n.Number(lang, gs.Score, 1)
		}
		row := t.AddRow()
		for c, s := range []string{fmt.Sprint(i + 1), g.NameVI, i18n.Number(lang, g.Points, 0), ratio, score} {
			align := right
			if c == 0 {
				align = centre
			} else if c == 1 {
				align = left
			}
			cellPara(row.AddCell(), align, text{s: s, size: tableSize})
		}
	}
	d.para(left, 120, plain(""))
}
