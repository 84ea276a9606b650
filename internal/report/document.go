package report

import (
	"fmt"
	"os"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/common/units"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// Typography of Decree 30/2020: Times New Roman, body in 13 pt, tables a
// size smaller; A4 with margins of 20 mm top and bottom, 30 mm left and
// 15 mm right (in twips: 1 mm ≈ 56.7).
const (
	font      = "Times New Roman"
	bodySize  = 13
	tableSize = 11
	a4Width   = 11906
	a4Height  = 16838
	marginTop = 1134
	marginBot = 1134
	marginL   = 1701
	marginR   = 851
	textWidth = a4Width - marginL - marginR // twips between the margins
)

// document is a report under construction: the godocx document and a
// folder for its chart images (godocx adds pictures from files).
type document struct {
	root   *docx.RootDoc
	images string
	nimg   int
}

func newDocument() (*document, error) {
	root, err := godocx.NewDocument()
	if err != nil {
		return nil, fmt.Errorf("new document: %w", err)
	}
	dir, err := os.MkdirTemp("", "parkpi-report-")
	if err != nil {
		return nil, err
	}
	d := &document{root: root, images: dir}
	d.pageSetup()
	return d, nil
}

func (d *document) close() { os.RemoveAll(d.images) }

// pageSetup makes the page A4 with the decree's margins and Times New
// Roman the default of every run, so no text falls back to the template's
// theme fonts.
func (d *document) pageSetup() {
	body := d.root.Document.Body
	if body.SectPr == nil {
		body.SectPr = ctypes.NewSectionProper()
	}
	w, h := uint64(a4Width), uint64(a4Height)
	body.SectPr.PageSize = &ctypes.PageSize{Width: &w, Height: &h, Orient: stypes.PageOrientPortrait}
	top, bot, left, right, edge, gutter := marginTop, marginBot, marginL, marginR, 567, 0
	body.SectPr.PageMargin = &ctypes.PageMargin{Top: &top, Bottom: &bot, Left: &left, Right: &right, Header: &edge, Footer: &edge, Gutter: &gutter}
	styles := d.root.DocStyles
	if styles == nil {
		return
	}
	if styles.DocDefaults == nil {
		styles.DocDefaults = &ctypes.DocDefault{}
	}
	styles.DocDefaults.RunProp = &ctypes.RunPropDefault{RunProp: &ctypes.RunProperty{
		Fonts: &ctypes.RunFonts{Ascii: font, HAnsi: font, EastAsia: font, CS: font},
		Size:  ctypes.NewFontSize(bodySize * 2), SizeCs: ctypes.NewFontSizeCS(bodySize * 2),
	}}
}

// text is a run of a paragraph, with its emphasis.
type text struct {
	s                       string
	bold, italic, underline bool
	size                    uint64 // points; 0: the body size
}

// para adds a paragraph of runs with the alignment, spaced after by
// after twips.
func (d *document) para(align stypes.Justification, after uint64, runs ...text) *docx.Paragraph {
	p := d.root.AddEmptyParagraph()
	fill(p, align, after, runs...)
	return p
}

// fill writes runs into a paragraph (of the body or of a table cell).
func fill(p *docx.Paragraph, align stypes.Justification, after uint64, runs ...text) {
	p.Justification(align)
	p.Spacing(0, after)
	for _, t := range runs {
		r := p.AddText(t.s).Font(font).Bold(t.bold).Italic(t.italic)
		size := t.size
		if size == 0 {
			size = bodySize
		}
		r.Size(size)
		if t.underline {
			r.Underline(stypes.UnderlineSingle)
		}
	}
}

// cellPara writes one paragraph into a table cell.
func cellPara(c *docx.Cell, align stypes.Justification, runs ...text) {
	fill(c.AddEmptyPara(), align, 0, runs...)
}

// plain, bold and italic are the runs the report is made of.
func plain(s string) text  { return text{s: s} }
func bold(s string) text   { return text{s: s, bold: true} }
func italic(s string) text { return text{s: s, italic: true} }

// grid is a table with fixed column widths (twips) that add up to the
// text width.
func (d *document) grid(style string, widths ...uint64) *docx.Table {
	t := d.root.AddTable()
	if style != "" {
		t.Style(style)
	}
	t.Width(textWidth, stypes.TableWidthDxa)
	t.Layout(stypes.TableLayoutFixed)
	t.Grid(widths...)
	return t
}

// picture adds a PNG as its own centred paragraph, width and height in
// inches.
func (d *document) picture(png []byte, width, height float64) error {
	d.nimg++
	path := fmt.Sprintf("%s/chart%d.png", d.images, d.nimg)
	if err := os.WriteFile(path, png, 0o600); err != nil {
		return err
	}
	pic, err := d.root.AddPicture(path, units.Inch(width), units.Inch(height))
	if err != nil {
		return fmt.Errorf("add a chart: %w", err)
	}
	pic.Para.Justification(stypes.JustificationCenter)
	return nil
}
