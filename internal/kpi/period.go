package kpi

import (
	"fmt"
	"strings"
)

// Period is a quarter of a year, or a month of it. Quarter 0 stands for
// the whole year in queries; values are entered for quarters 1–4, or, by a
// monthly data set, for months.
type Period struct {
	Year    int `json:"year"`
	Quarter int `json:"quarter"`
	// Month (1–12), when set, makes the period that month, which lies in
	// Quarter (MonthPeriod keeps the two together).
	Month int `json:"month,omitempty"`
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
	if p.Month != 0 && (p.Month < 1 || p.Month > 12 || p.Quarter != (p.Month+2)/3) {
		return Errorf(EINVALID, "Tháng %d không hợp lệ (từ 1 đến 12).", "Month %d is not valid (1 to 12).", p.Month)
	}
	if p.Quarter < 1 || p.Quarter > 4 {
		return Errorf(EINVALID, "Quý %d không hợp lệ (từ 1 đến 4).", "Quarter %d is not valid (1 to 4).", p.Quarter)
	}
	return nil
}

// Prev returns the quarter before p (the month before, for a month).
func (p Period) Prev() Period {
	if p.Month > 0 {
		if p.Month == 1 {
			return MonthPeriod(p.Year-1, 12)
		}
		return MonthPeriod(p.Year, p.Month-1)
	}
	if p.Quarter <= 1 {
		return Period{Year: p.Year - 1, Quarter: 4}
	}
	return Period{Year: p.Year, Quarter: p.Quarter - 1}
}

// LastYear returns the same quarter (or month) a year earlier.
func (p Period) LastYear() Period {
	return Period{Year: p.Year - 1, Quarter: p.Quarter, Month: p.Month}
}

// Index orders periods: year*4 + quarter - 1.
func (p Period) Index() int { return p.Year*4 + p.Quarter - 1 }

func (p Period) String() string {
	if p.Month > 0 {
		return fmt.Sprintf("%d-%s", p.Year, p.Code())
	}
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

// Code is the period's stored code: "Y" for the year (quarter 0),
// "Q1".."Q4", or "M01".."M12" for a month.
func (p Period) Code() string {
	if p.Month > 0 {
		return fmt.Sprintf("M%02d", p.Month)
	}
	return QuarterCode(p.Quarter)
}

// Address is the period as addresses, file names and the API write it:
// "q2", or "m07" for a month (what ParsePeriod reads back).
func (p Period) Address() string { return strings.ToLower(p.Code()) }

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
