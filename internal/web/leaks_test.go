package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"parkpi/internal/kpi"
)

// outsiders are the agencies a reader must not see: every agency of the
// tree outside the subtree of their scope agency.
type outsiders struct {
	codes map[string]string // code -> name
}

func outsidersOf(tree *kpi.Tree, scope string) outsiders {
	o := outsiders{codes: map[string]string{}}
	for _, a := range tree.All() {
		if !tree.InSubtree(scope, a.Code) {
			o.codes[a.Code] = a.Name
		}
	}
	return o
}

// tokenSplit cuts a string into the words an agency code can be: codes are
// letters, digits and dashes ("37", "377", "37-S03").
var tokenSplit = regexp.MustCompile(`[^0-9A-Za-z-]+`)

// numeric is a bare number: in a text node or a table cell it is a figure,
// not a code (a commune may well have 372 dossiers); codes that are digits
// are looked for where identifiers live — links, attributes, JSON strings,
// the code columns — and every code with a letter everywhere.
var numeric = regexp.MustCompile(`^[0-9]+$`)

// answer gathers the strings of one answer: free text and identifiers.
type answer struct {
	o     outsiders
	found []string
	all   strings.Builder // every string, for the names
}

// text takes a piece of free text: codes that are not bare numbers count.
func (a *answer) text(where, s string) { a.look(where, s, false) }

// ident takes a link, an attribute or a string value: every code counts.
func (a *answer) ident(where, s string) { a.look(where, s, true) }

func (a *answer) look(where, s string, ident bool) {
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return // a time: 10:37:06 holds no code
	}
	a.all.WriteString(s)
	a.all.WriteByte('\n')
	for _, w := range tokenSplit.Split(s, -1) {
		if _, out := a.o.codes[w]; out && (ident || !numeric.MatchString(w)) {
			a.found = append(a.found, fmt.Sprintf("%s %q: code %s", where, clip(s), w))
		}
	}
}

// leaks is what was found, the names looked for once over every string.
func (a *answer) leaks() []string {
	all := a.all.String()
	for _, name := range a.o.codes {
		if i := strings.Index(all, name); i >= 0 {
			a.found = append(a.found, fmt.Sprintf("name %q in %q", name, clip(all[max(0, i-40):])))
		}
	}
	return a.found
}

// inBody reports, with the place each was found, the outside agencies an
// answer shows, read as what its media type says it is.
func (o outsiders) inBody(contentType string, body []byte) []string {
	a := &answer{o: o}
	switch {
	case strings.HasPrefix(contentType, "application/json"):
		a.json(body)
	case strings.HasPrefix(contentType, "text/html"):
		a.html(body)
	case strings.HasPrefix(contentType, "text/csv"):
		a.csv(body)
	case strings.Contains(contentType, "spreadsheetml"):
		a.workbook(body)
	case strings.Contains(contentType, "wordprocessingml"):
		a.document(body)
	default:
		a.text("body", string(body))
	}
	return a.leaks()
}

func (a *answer) json(body []byte) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		a.found = append(a.found, "unreadable JSON: "+err.Error())
		return
	}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		case string:
			// A display string is a formatted figure ("372", "99,8%"); a
			// timestamp is skipped by look ("10:37" is not 37).
			if key == "display" || strings.HasSuffix(key, "_display") {
				a.text(key, x)
			} else {
				a.ident(key, x)
			}
		}
	}
	walk("", v)
}

func (a *answer) html(body []byte) {
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.TextToken:
			a.text("text", strings.TrimSpace(string(z.Text())))
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				k, v, more := z.TagAttr()
				a.ident(string(k)+"=", string(v))
				if !more {
					break
				}
			}
		}
	}
}

// csv reads the audit CSV: the code columns hold identifiers, the rest is
// text (old and new values are figures).
func (a *answer) csv(body []byte) {
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		a.found = append(a.found, "unreadable CSV: "+err.Error())
		return
	}
	for i, row := range rows {
		for j, field := range row {
			where := fmt.Sprintf("row %d column %d", i+1, j+1)
			if j < len(rows[0]) && strings.HasPrefix(rows[0][j], "ma_") {
				a.ident(where, field)
			} else {
				a.text(where, field)
			}
		}
	}
}

// workbook reads every sheet, the hidden ones too: text cells are
// identifiers (a code written as text), number cells are figures.
// document reads a Word file's text, paragraph by paragraph.
func (a *answer) document(body []byte) {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		a.found = append(a.found, "unreadable document: "+err.Error())
		return
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			a.found = append(a.found, err.Error())
			return
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		for i, p := range strings.Split(string(b), "</w:p>") {
			a.text(fmt.Sprintf("paragraph %d", i+1), xmlTags.ReplaceAllString(p, ""))
		}
		return
	}
	a.found = append(a.found, "a document without word/document.xml")
}

var xmlTags = regexp.MustCompile(`<[^>]*>`)

func (a *answer) workbook(body []byte) {
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		a.found = append(a.found, "unreadable workbook: "+err.Error())
		return
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			a.found = append(a.found, err.Error())
			return
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if t, _ := f.GetCellType(sheet, ref); t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString {
					a.ident(sheet+"!"+ref, v)
				} else {
					a.text(sheet+"!"+ref, v)
				}
			}
		}
	}
}

func clip(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
