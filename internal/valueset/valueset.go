// Package valueset reads a bulk import of entered values — many agencies
// and quarters in one JSON or CSV body, the model of DHIS2's data value
// sets — and imports it through the same planning and validation as the
// Excel upload (excel.PlanUpload, hence kpi.ValidateEntry) and the store's
// one write path, all in one transaction or, when asked, agency-quarter by
// agency-quarter. It reports per row, in both languages.
package valueset

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"parkpi/internal/kpi"
)

// Limits bound what one request may cost before any of it is read against
// the database.
const (
	MaxBytes         = 16 << 20 // the body
	MaxRows          = 100_000  // data values
	MaxAgencyPeriods = 5_000    // distinct (agency, quarter) pairs
)

// Row is one data value: an agency's figure of one indicator for one
// quarter. Line is where it stands in the body: its position in
// dataValues (from 1) for JSON, its line for CSV (the header is line 1).
type Row struct {
	Agency    string   `json:"agency"`
	Year      int      `json:"year"`
	Period    string   `json:"period"` // the quarter as in the entry form's address: "q2"
	Indicator string   `json:"indicator"`
	Value     *float64 `json:"value"`
	Line      int      `json:"-"`
}

// Set is the JSON body: {"dataValues": [Row, …]}.
type Set struct {
	DataValues []Row `json:"dataValues"`
}

// ParseJSON reads a JSON data value set strictly: unknown fields, a value
// that is not a number and a body over MaxRows are refused with a message
// that says where.
func ParseJSON(r io.Reader) ([]Row, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var set Set
	if err := dec.Decode(&set); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, kpi.Errorf(kpi.EINVALID, "Dữ liệu JSON sai kiểu ở “%s”: cần %s.", "The JSON has a wrong type at “%s”: want %s.", te.Field, te.Type.String())
		}
		return nil, kpi.Errorf(kpi.EINVALID, "Không đọc được dữ liệu JSON: %v. Cần dạng {\"dataValues\": [{\"agency\", \"year\", \"period\", \"indicator\", \"value\"}]}.",
			"The JSON cannot be read: %v. Expected {\"dataValues\": [{\"agency\", \"year\", \"period\", \"indicator\", \"value\"}]}.", err)
	}
	if dec.More() {
		return nil, kpi.Errorf(kpi.EINVALID, "Sau dữ liệu JSON còn nội dung thừa.", "There is more after the JSON value.")
	}
	if len(set.DataValues) > MaxRows {
		return nil, tooManyRows(len(set.DataValues))
	}
	for i := range set.DataValues {
		set.DataValues[i].Line = i + 1
	}
	return set.DataValues, nil
}

func tooManyRows(n int) error {
	return kpi.Errorf(kpi.EINVALID, "Quá nhiều dòng (%d): mỗi lần nhập tối đa %d dòng.", "Too many rows (%d): at most %d per import.", n, MaxRows)
}

// csvColumns are the CSV file's columns, named in its header row in any
// order.
var csvColumns = []string{"agency", "year", "period", "indicator", "value"}

// ParseCSV reads a CSV data value set: UTF-8 (a byte-order mark is
// skipped), a header naming csvColumns, commas or semicolons, values with
// a decimal point. Lines that cannot be read become row errors, reported
// with the others.
func ParseCSV(data []byte) ([]Row, []RowError, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	r := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, nil, kpi.Errorf(kpi.EINVALID, "Tệp CSV trống hoặc không đọc được dòng tiêu đề.", "The CSV is empty or its header row cannot be read.")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range csvColumns {
		if _, ok := col[c]; !ok {
			return nil, nil, kpi.Errorf(kpi.EINVALID, "Dòng tiêu đề thiếu cột “%s” (cần: %s).", "The header row lacks column “%s” (want: %s).", c, strings.Join(csvColumns, ","))
		}
	}
	var rows []Row
	var errs []RowError
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if len(rows) >= MaxRows {
			return nil, nil, tooManyRows(len(rows) + 1)
		}
		if err != nil {
			errs = append(errs, RowError{Row: line, MessageVI: "Dòng không đúng định dạng CSV.", MessageEN: "The line is not valid CSV."})
			continue
		}
		row, rerr := csvRow(rec, col, line)
		if rerr != nil {
			errs = append(errs, *rerr)
			continue
		}
		rows = append(rows, row)
	}
	return rows, errs, nil
}

func csvRow(rec []string, col map[string]int, line int) (Row, *RowError) {
	get := func(c string) string {
		if i := col[c]; i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row := Row{Agency: get("agency"), Period: get("period"), Indicator: get("indicator"), Line: line}
	y, err := strconv.Atoi(get("year"))
	if err != nil {
		return row, &RowError{Row: line, Agency: row.Agency, Indicator: row.Indicator,
			MessageVI: fmt.Sprintf("Năm “%s” không phải là số.", get("year")), MessageEN: fmt.Sprintf("Year “%s” is not a number.", get("year"))}
	}
	row.Year = y
	if s := get("value"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return row, &RowError{Row: line, Agency: row.Agency, Indicator: row.Indicator,
				MessageVI: fmt.Sprintf("Giá trị “%s” không phải là số (dùng dấu chấm thập phân: 99.8).", s),
				MessageEN: fmt.Sprintf("Value “%s” is not a number (use a decimal point: 99.8).", s)}
		}
		row.Value = &v
	}
	return row, nil
}
