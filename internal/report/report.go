// Package report builds the official report of a scope and period as a
// Word document — "Báo cáo kết quả cải cách hành chính" in the layout of
// Decree 30/2020/NĐ-CP (letterhead, title and period, sections by
// indicator group with the figures, their change, targets and status, the
// commentary, a table and charts per group, "Nơi nhận" and the signature
// block), in Times New Roman on A4 — through github.com/gomutex/godocx, and
// the same document as PDF through LibreOffice when it is installed. Every
// number comes from the store's query functions the dashboards use, so the
// report and the screen show the same figure.
package report

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Request names the report: the scope agency (its subtree's figures), the
// year and the quarter (0: the whole year).
type Request struct {
	Scope   string
	Year    int
	Quarter int
}

// Validate checks the period before anything is read.
func (r Request) Validate() error {
	if r.Scope == "" {
		return kpi.Errorf(kpi.EINVALID, "Hãy chọn cơ quan (phạm vi) của báo cáo.", "Say which agency (scope) the report covers.")
	}
	if r.Quarter == 0 {
		return kpi.Period{Year: r.Year, Quarter: 1}.Validate()
	}
	return kpi.Period{Year: r.Year, Quarter: r.Quarter}.Validate()
}

// Options are how the report is made.
type Options struct {
	// Level is which reports the figures count; zero means approved only:
	// the report is signed and sent upward, where the official figure is
	// wanted.
	Level kpi.Level
	// Date is the date of the place-and-date line; zero means today.
	Date time.Time
}

func (o Options) level() kpi.Level {
	if o.Level == 0 {
		return kpi.LevelApproved
	}
	return o.Level.OrAll()
}

func (o Options) date() time.Time {
	if o.Date.IsZero() {
		return time.Now()
	}
	return o.Date
}

// DOCX builds the report and returns the .docx file's bytes.
func DOCX(ctx context.Context, db *store.DB, req Request, opt Options) ([]byte, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	d, err := load(ctx, db, req, opt)
	if err != nil {
		return nil, err
	}
	doc, err := newDocument()
	if err != nil {
		return nil, err
	}
	defer doc.close()
	if err := doc.write(d); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := doc.root.Write(&buf); err != nil {
		return nil, fmt.Errorf("write the report: %w", err)
	}
	return buf.Bytes(), nil
}

// FileName is the report's download name: bao-cao-cchc-37-2021.docx.
func FileName(req Request, ext string) string {
	if req.Quarter > 0 {
		return fmt.Sprintf("bao-cao-cchc-%s-%d-q%d.%s", safeName(req.Scope), req.Year, req.Quarter, ext)
	}
	return fmt.Sprintf("bao-cao-cchc-%s-%d.%s", safeName(req.Scope), req.Year, ext)
}

// safeName keeps a file name to letters, digits and dashes.
func safeName(s string) string {
	out := []rune(s)
	for i, r := range out {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			out[i] = '_'
		}
	}
	return string(out)
}
