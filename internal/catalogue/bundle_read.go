package catalogue

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"parkpi/internal/kpi"
)

// maxFileBytes bounds one file of a bundle before it is read.
const maxFileBytes = 4 << 20

// Problem is one thing wrong with a bundle, by file and line (line 0: the
// file as a whole).
type Problem struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
}

// String is the problem as a clerk reads it: file:line, Vietnamese, English.
func (p Problem) String() string {
	where := p.File
	if p.Line > 0 {
		where += ":" + strconv.Itoa(p.Line)
	}
	return where + ": " + p.MessageVI + " / " + p.MessageEN
}

// Problems is a refused bundle: every problem found.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Load reads the bundle in fsys and builds its catalogue; a bundle with
// any problem is refused with all of them (a Problems error).
func Load(fsys fs.FS) (*kpi.Catalogue, error) {
	def, lines, problems := Read(fsys)
	if len(problems) > 0 {
		return nil, problems
	}
	cat, built := kpi.Build(def)
	if len(built) > 0 {
		return nil, Locate(built, lines)
	}
	return cat, nil
}

// Lines says where each row of a bundle came from: table → key → line.
type Lines map[string]map[string]int

// Locate turns the definition's problems into the bundle's, by the line
// of the row each names.
func Locate(built []kpi.Problem, lines Lines) Problems {
	out := make(Problems, 0, len(built))
	for _, p := range built {
		out = append(out, Problem{File: fileOf(p.Table), Line: lines[p.Table][p.Key], MessageVI: p.MessageVI, MessageEN: p.MessageEN})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return fileIndex(out[i].File) < fileIndex(out[j].File)
		}
		return out[i].Line < out[j].Line
	})
	return out
}

func fileOf(table string) string {
	for _, f := range files {
		if f.table == table {
			return f.name
		}
	}
	return table
}

func fileIndex(name string) int {
	for i, f := range files {
		if f.name == name {
			return i
		}
	}
	return len(files)
}

// Read parses the bundle's files into a definition, with the line of
// every row, and the problems of the files themselves (unreadable,
// missing columns, a number that is not one).
func Read(fsys fs.FS) (kpi.Definition, Lines, Problems) {
	r := &reader{lines: Lines{}}
	var def kpi.Definition
	sets := map[string]int{}
	for _, f := range files {
		rows := r.file(fsys, f)
		for _, row := range rows {
			switch f.table {
			case kpi.TablePeriodTypes:
				def.PeriodTypes = append(def.PeriodTypes, kpi.PeriodType{Code: row.get("code"), NameVI: row.get("name_vi"), NameEN: row.get("name_en"),
					StartDay: r.integer(f, row, "start_day", 0), EndDay: r.integer(f, row, "end_day", 0)})
				r.at(f, row, row.get("code"))
			case kpi.TableDimensions:
				def.Dimensions = append(def.Dimensions, kpi.Dimension{Code: row.get("code"), NameVI: row.get("name_vi"), NameEN: row.get("name_en")})
				r.at(f, row, row.get("code"))
			case kpi.TableOptions:
				r.option(f, row, &def)
			case kpi.TableGroups:
				def.Groups = append(def.Groups, kpi.Group{Code: row.get("code"), NameVI: row.get("name_vi"), NameEN: row.get("name_en")})
				r.at(f, row, row.get("code"))
			case kpi.TableIndicators:
				def.Indicators = append(def.Indicators, r.indicator(f, row))
			case kpi.TableDataSets:
				sets[row.get("code")] = len(def.DataSets)
				def.DataSets = append(def.DataSets, r.dataSet(f, row))
			case kpi.TableFields:
				r.field(f, row, &def, sets)
			case kpi.TableRules:
				def.Rules = append(def.Rules, r.rule(f, row))
			case kpi.TableDisplay:
				d := kpi.DisplayItem{View: row.get("view"), Indicator: row.get("indicator"), Option: row.get("option")}
				def.Display = append(def.Display, d)
				r.at(f, row, d.View+"/"+d.Indicator)
				if d.View == kpi.ViewForm06 {
					r.at(f, row, kpi.ViewForm06)
				}
			case kpi.TableScores:
				g := kpi.ScoreGroup{Code: row.get("code"), NameVI: row.get("name_vi"), NameEN: row.get("name_en"),
					Points: r.number(f, row, "points", 0), Formula: row.get("formula")}
				def.Scores = append(def.Scores, g)
				r.at(f, row, g.Code)
			}
		}
	}
	return def, r.lines, r.problems
}

type reader struct {
	lines    Lines
	problems Problems
}

// row is one record of a file, by column name, with its line.
type row struct {
	line   int
	values map[string]string
}

func (w row) get(col string) string { return strings.TrimSpace(w.values[col]) }

func (r *reader) fail(f file, line int, vi, en string) {
	r.problems = append(r.problems, Problem{File: f.name, Line: line, MessageVI: vi, MessageEN: en})
}

// at records the line of the row with key. A key seen twice keeps its
// second line: a duplicate is what the second row brings.
func (r *reader) at(f file, w row, key string) {
	if r.lines[f.table] == nil {
		r.lines[f.table] = map[string]int{}
	}
	r.lines[f.table][key] = w.line
}

// file reads one CSV file: a header naming every column, then rows.
func (r *reader) file(fsys fs.FS, f file) []row {
	fh, err := fsys.Open(f.name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			r.fail(f, 0, "Thiếu tệp "+f.name+".", "The file "+f.name+" is missing.")
		} else {
			r.fail(f, 0, "Không đọc được tệp: "+err.Error(), "The file cannot be read: "+err.Error())
		}
		return nil
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxFileBytes+1))
	if err != nil || len(data) > maxFileBytes {
		r.fail(f, 0, fmt.Sprintf("Tệp lớn quá %d MiB hoặc không đọc được.", maxFileBytes>>20), fmt.Sprintf("The file is over %d MiB or cannot be read.", maxFileBytes>>20))
		return nil
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff")))
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		line := 0
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.Line
		}
		r.fail(f, line, "Tệp CSV không đọc được: "+err.Error(), "The CSV file cannot be read: "+err.Error())
		return nil
	}
	if len(records) == 0 {
		r.fail(f, 1, "Tệp trống: cần dòng tiêu đề.", "The file is empty: it needs a header row.")
		return nil
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[strings.TrimSpace(h)] = i
	}
	var missing []string
	for _, c := range f.columns {
		if _, ok := col[c.name]; !ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		r.fail(f, 1, "Thiếu cột: "+strings.Join(missing, ", ")+".", "Missing columns: "+strings.Join(missing, ", ")+".")
		return nil
	}
	out := make([]row, 0, len(records)-1)
	for n, rec := range records[1:] {
		w := row{line: n + 2, values: map[string]string{}}
		for name, i := range col {
			if i < len(rec) {
				w.values[name] = rec[i]
			}
		}
		out = append(out, w)
	}
	return out
}

// number reads a cell as a number; empty gives def.
func (r *reader) number(f file, w row, col string, def float64) float64 {
	s := w.get(col)
	if s == "" {
		return def
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || s != strings.TrimSpace(s) || strings.ContainsAny(s, "eE") {
		r.fail(f, w.line, "Cột "+col+": “"+s+"” không phải là số (dùng dấu chấm thập phân).", "Column "+col+": “"+s+"” is not a number (use a decimal point).")
		return def
	}
	return v
}

// integer reads a cell as a whole number; empty gives def.
func (r *reader) integer(f file, w row, col string, def int) int {
	v := r.number(f, w, col, float64(def))
	if v != float64(int(v)) {
		r.fail(f, w.line, "Cột "+col+" phải là số nguyên.", "Column "+col+" must be a whole number.")
	}
	return int(v)
}

// boolean reads true or false; empty gives false.
func (r *reader) boolean(f file, w row, col string) bool {
	switch w.get(col) {
	case "true":
		return true
	case "false", "":
		return false
	}
	r.fail(f, w.line, "Cột "+col+" phải là true hoặc false.", "Column "+col+" must be true or false.")
	return false
}
