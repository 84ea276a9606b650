package report

import (
	"strings"

	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"

	"parkpi/internal/kpi"
)

// The widths of the letterhead's blocks (twips): the issuer's name and
// the motto in bold capitals, each on one line for a province, need more
// than the text width, so the letterhead reaches into the margins as
// printed letterheads do.
const (
	letterOut   = 700 // into the left margin
	letterWidth = textWidth + letterOut + 600
	letterLeft  = 4700
)

const (
	left   = stypes.JustificationLeft
	centre = stypes.JustificationCenter
	right  = stypes.JustificationRight
	both   = stypes.JustificationBoth
)

// write lays the whole report out, top to bottom.
func (d *document) write(r *reportData) error {
	head := kpi.NewLetterhead(r.scope, r.parent, r.root, r.date)
	d.letterhead(head)
	d.para(centre, 0, text{s: "BÁO CÁO", bold: true, size: 14})
	d.para(centre, 0, text{s: strings.ToUpper("Kết quả cải cách hành chính " + periodName(r.req.Year, r.req.Quarter)), bold: true, size: 14})
	d.para(centre, 120, plain("Kỳ báo cáo: "+periodName(r.req.Year, r.req.Quarter)))
	d.para(centre, 240, italic("Đơn vị báo cáo: "+r.scope.Name+". "+coverageLine(r)))
	d.para(both, 120, plain("Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, "+head.Issuer+
		" báo cáo kết quả thực hiện "+periodName(r.req.Year, r.req.Quarter)+" như sau:"))
	n := 0
	for _, g := range r.cat.Groups() {
		inds := r.groupIndicators(g)
		if !r.hasData(inds) && len(r.comments[kpi.SubjectGroup(g)]) == 0 {
			continue // a group nobody reports on is not a section of the report
		}
		n++
		if err := d.section(r, n, g, inds); err != nil {
			return err
		}
	}
	d.scoreSection(r, n+1)
	d.signature(head)
	return nil
}

// letterhead writes the header block as a borderless two-column table:
// the parent body and the issuer (bold, a short rule under it) and the
// number on the left; the motto, underlined, and the place and date in
// italics on the right.
func (d *document) letterhead(h kpi.Letterhead) {
	t := d.grid("", letterLeft, letterWidth-letterLeft)
	t.Width(letterWidth, stypes.TableWidthDxa)
	t.GetCT().TableProp.Indent = ctypes.NewTableWidth(-letterOut, stypes.TableWidthDxa)
	row := t.AddRow()
	l, r := row.AddCell(), row.AddCell()
	if h.Parent != "" {
		cellPara(l, centre, text{s: strings.ToUpper(h.Parent), size: 12})
	}
	cellPara(l, centre, text{s: strings.ToUpper(h.Issuer), bold: true, size: 12})
	cellPara(l, centre, text{s: "───────", size: 10})
	cellPara(l, centre, text{s: h.Number, size: 13})
	cellPara(r, centre, text{s: kpi.MottoCountry, bold: true, size: 12})
	cellPara(r, centre, text{s: kpi.MottoLine, bold: true, underline: true, size: 13})
	cellPara(r, centre, text{s: " ", size: 6})
	cellPara(r, centre, text{s: h.DateLine(), italic: true, size: 13})
	d.para(left, 240, plain(""))
}

// signature writes "Nơi nhận:" at the bottom left and the signature
// block at the bottom right.
func (d *document) signature(h kpi.Letterhead) {
	d.para(left, 240, plain(""))
	t := d.grid("", textWidth/2, textWidth-textWidth/2)
	row := t.AddRow()
	l, r := row.AddCell(), row.AddCell()
	cellPara(l, left, text{s: "Nơi nhận:", bold: true, italic: true, size: 12})
	cellPara(l, left, text{s: "- Như trên;", size: 11})
	cellPara(l, left, text{s: "- Lưu: VT.", size: 11})
	cellPara(r, centre, text{s: "THỦ TRƯỞNG CƠ QUAN", bold: true, size: 13})
	cellPara(r, centre, text{s: "(Ký, ghi rõ họ tên, đóng dấu)", italic: true, size: 13})
}
