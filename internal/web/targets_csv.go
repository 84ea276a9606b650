package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"parkpi/internal/kpi"
)

// The targets file: UTF-8 (with or without a byte-order mark), a header
// row naming the columns agency_code, indicator, year, value in any order,
// commas (or semicolons, as Excel writes them in Vietnamese settings)
// between fields, and values written with a decimal point (98.5).
var targetColumns = []string{"agency_code", "indicator", "year", "value"}

// maxTargetsFile is the largest targets file accepted.
const maxTargetsFile = 1 << 20

// maxLineErrors caps the list of errors shown for one file.
const maxLineErrors = 50

// lineError is one problem of an uploaded file, by line, in both languages.
type lineError struct {
	Line int
	VI   string
	EN   string
}

func (e lineError) text(lang string) string {
	if lang == "en" {
		if e.Line == 0 {
			return e.EN
		}
		return fmt.Sprintf("Line %d: %s", e.Line, e.EN)
	}
	if e.Line == 0 {
		return e.VI
	}
	return fmt.Sprintf("Dòng %d: %s", e.Line, e.VI)
}

// parseTargetsCSV reads a targets file and checks every line against the
// agency tree and the catalogue (code, year, the indicator's range, no line
// twice). It returns either the targets or every error found, never a
// part: the upload is all or nothing.
func parseTargetsCSV(data []byte, tree *kpi.Tree, cat *kpi.Catalogue) ([]kpi.Target, []lineError) {
	r := targetsReader(data)
	header, err := r.Read()
	if err != nil {
		return nil, []lineError{{VI: "Tệp trống hoặc không đọc được dòng tiêu đề.", EN: "The file is empty or its header row cannot be read."}}
	}
	col, errs := headerColumns(header)
	if len(errs) > 0 {
		return nil, errs
	}
	var out []kpi.Target
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			errs = append(errs, lineError{Line: line, VI: "dòng không đúng định dạng CSV.", EN: "the line is not valid CSV."})
			if len(errs) >= maxLineErrors || line == 0 {
				break
			}
			continue
		}
		line, _ := r.FieldPos(0)
		t, e := targetOfRecord(rec, col, tree, cat)
		if e == nil {
			key := t.AgencyCode + "|" + t.Indicator + "|" + strconv.Itoa(t.Year)
			if prev, dup := seen[key]; dup {
				e = &lineError{VI: fmt.Sprintf("trùng với dòng %d.", prev), EN: fmt.Sprintf("repeats line %d.", prev)}
			}
			seen[key] = line
		}
		if e != nil {
			e.Line = line
			errs = append(errs, *e)
			if len(errs) >= maxLineErrors {
				break
			}
			continue
		}
		out = append(out, t)
	}
	if len(errs) == 0 && len(out) == 0 {
		errs = append(errs, lineError{VI: "Tệp không có dòng chỉ tiêu nào.", EN: "The file has no target lines."})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// targetsReader reads a targets file without its byte-order mark, with
// semicolons when the header has more of them than commas.
func targetsReader(data []byte) *csv.Reader {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	return r
}

// headerColumns maps the required columns to their positions.
func headerColumns(header []string) (map[string]int, []lineError) {
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	var missing []string
	for _, c := range targetColumns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		m := strings.Join(missing, ", ")
		return nil, []lineError{{Line: 1, VI: "thiếu cột " + m + " (cần: agency_code,indicator,year,value).",
			EN: "missing column " + m + " (needed: agency_code,indicator,year,value)."}}
	}
	return col, nil
}

// targetOfRecord checks one line.
func targetOfRecord(rec []string, col map[string]int, tree *kpi.Tree, cat *kpi.Catalogue) (kpi.Target, *lineError) {
	field := func(name string) string {
		if i := col[name]; i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	code, indCode, yearText, valueText := field("agency_code"), field("indicator"), field("year"), field("value")
	if tree.Get(code) == nil {
		return kpi.Target{}, &lineError{VI: fmt.Sprintf("không có cơ quan mã %q.", code), EN: fmt.Sprintf("there is no agency with code %q.", code)}
	}
	ind, ok := cat.Get(indCode)
	if !ok {
		return kpi.Target{}, &lineError{VI: fmt.Sprintf("không có chỉ tiêu mã %q.", indCode), EN: fmt.Sprintf("there is no indicator %q.", indCode)}
	}
	year, err := strconv.Atoi(yearText)
	if err != nil || year < kpi.MinYear || year > kpi.MaxYear {
		return kpi.Target{}, &lineError{VI: fmt.Sprintf("năm %q không hợp lệ (từ %d đến %d).", yearText, kpi.MinYear, kpi.MaxYear),
			EN: fmt.Sprintf("year %q is not valid (%d to %d).", yearText, kpi.MinYear, kpi.MaxYear)}
	}
	value, err := strconv.ParseFloat(valueText, 64)
	if err != nil || math.IsNaN(value) || math.IsInf(value, 0) {
		// ParseFloat reads "NaN" and "Inf", which no range check refuses.
		if value, err = kpi.ParseNumber("vi", valueText); err != nil {
			return kpi.Target{}, &lineError{VI: fmt.Sprintf("giá trị %q không phải là số (ví dụ 98.5).", valueText),
				EN: fmt.Sprintf("value %q is not a number (for example 98.5).", valueText)}
		}
	}
	if value < ind.Min || value > ind.Max {
		return kpi.Target{}, &lineError{VI: fmt.Sprintf("giá trị %v của %s phải từ %v đến %v.", value, indCode, ind.Min, ind.Max),
			EN: fmt.Sprintf("value %v of %s must lie between %v and %v.", value, indCode, ind.Min, ind.Max)}
	}
	return kpi.Target{AgencyCode: code, Indicator: indCode, Year: year, Value: value}, nil
}

// writeTargetsCSV writes targets in the upload format, with a byte-order
// mark so Excel opens the Vietnamese names right, in tree then catalogue
// order so two downloads compare line by line.
func writeTargetsCSV(w io.Writer, targets []kpi.Target, tree *kpi.Tree, cat *kpi.Catalogue) error {
	order := map[string]int{}
	for i, a := range tree.All() {
		order[a.Code] = i
	}
	indOrder := map[string]int{}
	for i, ind := range cat.All() {
		indOrder[ind.Code] = i
	}
	sort.SliceStable(targets, func(i, j int) bool {
		a, b := targets[i], targets[j]
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		if order[a.AgencyCode] != order[b.AgencyCode] {
			return order[a.AgencyCode] < order[b.AgencyCode]
		}
		return indOrder[a.Indicator] < indOrder[b.Indicator]
	})
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(targetColumns); err != nil {
		return err
	}
	for _, t := range targets {
		rec := []string{t.AgencyCode, t.Indicator, strconv.Itoa(t.Year), strconv.FormatFloat(t.Value, 'f', -1, 64)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
