package kpi

import "fmt"

// Period is a quarter of a year. Quarter 0 stands for the whole year in
// queries; values are only ever entered for quarters 1–4.
type Period struct {
	Year    int `json:"year"`
	Quarter int `json:"quarter"`
}

// Years accepted anywhere in the application.
const (
	MinYear = 2000
	MaxYear = 2100
)

// Validate reports whether p is an enterable quarter.
func (p Period) Validate() error {
	if p.Year < MinYear || p.Year > MaxYear {
		return Errorf(EINVALID, "Năm %d không hợp lệ (từ %d đến %d).", "Year %d is not valid (%d to %d).", p.Year, MinYear, MaxYear)
	}
	if p.Quarter < 1 || p.Quarter > 4 {
		return Errorf(EINVALID, "Quý %d không hợp lệ (từ 1 đến 4).", "Quarter %d is not valid (1 to 4).", p.Quarter)
	}
	return nil
}

// Prev returns the quarter before p.
func (p Period) Prev() Period {
	if p.Quarter <= 1 {
		return Period{Year: p.Year - 1, Quarter: 4}
	}
	return Period{Year: p.Year, Quarter: p.Quarter - 1}
}

// LastYear returns the same quarter a year earlier.
func (p Period) LastYear() Period { return Period{Year: p.Year - 1, Quarter: p.Quarter} }

// Index orders periods: year*4 + quarter - 1.
func (p Period) Index() int { return p.Year*4 + p.Quarter - 1 }

func (p Period) String() string {
	if p.Quarter == 0 {
		return fmt.Sprintf("%d", p.Year)
	}
	return fmt.Sprintf("%d-Q%d", p.Year, p.Quarter)
}

// PeriodYear is the code of the whole year; quarters are "Q1".."Q4".
// Stored rows name a period by year and code, so that halves ("H1") and
// months ("M01") can join them without another column.
const PeriodYear = "Y"

// quarterCodes are the codes of quarters 0 (the year) to 4.
var quarterCodes = [5]string{PeriodYear, "Q1", "Q2", "Q3", "Q4"}

// Code is the period's stored code: "Y" for the year (quarter 0), else
// "Q1".."Q4".
func (p Period) Code() string { return QuarterCode(p.Quarter) }

// QuarterCode is the code of quarter q (0: the year).
func QuarterCode(q int) string {
	if q < 0 || q > 4 {
		return ""
	}
	return quarterCodes[q]
}

// QuarterOfCode reads a stored period code back into a quarter (0: the
// year); ok is false for a code quarters do not know.
func QuarterOfCode(code string) (int, bool) {
	for q, c := range quarterCodes {
		if c == code {
			return q, true
		}
	}
	return 0, false
}
