package web

import (
	"context"
	"strconv"

	"github.com/gin-gonic/gin"

	"parkpi/internal/kpi"
)

// reportingPeriod is the quarter the officer home and the cockpit show:
// ?year=&quarter= when given; otherwise the latest quarter with data, or
// the one after it once that has ended by the server's clock (a new
// reporting round starts before anyone has saved). A demo or archive far in
// the past thus opens on its own latest quarter, not on an empty one.
func (s *Server) reportingPeriod(c *gin.Context) (kpi.Period, error) {
	if y, q := c.Query("year"), c.Query("quarter"); y != "" || q != "" {
		yn, err1 := strconv.Atoi(y)
		qn, err2 := strconv.Atoi(q)
		p := kpi.Period{Year: yn, Quarter: qn}
		if err1 != nil || err2 != nil || p.Validate() != nil {
			return kpi.Period{}, kpi.Errorf(kpi.EINVALID, "Kỳ báo cáo năm %q quý %q không hợp lệ.", "Year %q quarter %q is not a valid period.", y, q)
		}
		return p, nil
	}
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return kpi.Period{}, err
	}
	due := s.calendar(cat, "").Reporting(s.today())
	latest, ok, err := s.latestDataPeriod(c.Request.Context())
	if err != nil || !ok {
		return due, err
	}
	if due.Index() == latest.Index()+1 {
		return due, nil
	}
	return latest, nil
}

func (s *Server) latestDataPeriod(ctx context.Context) (kpi.Period, bool, error) {
	years, err := s.db.Years(ctx)
	if err != nil || len(years) == 0 {
		return kpi.Period{}, false, err
	}
	qs, err := s.db.Quarters(ctx, years[0])
	if err != nil || len(qs) == 0 {
		return kpi.Period{}, false, err
	}
	return kpi.Period{Year: years[0], Quarter: qs[len(qs)-1]}, true, nil
}

// periodChoice is the period picker of the officer home and the cockpit.
type periodChoice struct {
	Action   string // the page the picker submits to
	Scope    string // ?scope= as asked, kept by the picker
	Year     int
	Quarter  int
	Years    []int
	Quarters []int
}

// choices offers the years with data, this year and the one shown.
func (s *Server) choices(ctx context.Context, action string, p kpi.Period) (periodChoice, error) {
	years, err := s.db.Years(ctx)
	if err != nil {
		return periodChoice{}, err
	}
	seen := map[int]bool{}
	var out []int
	for _, y := range append([]int{s.today().Year(), p.Year}, years...) {
		if !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	sortDesc(out)
	return periodChoice{Year: p.Year, Quarter: p.Quarter, Years: out, Quarters: []int{1, 2, 3, 4}}, nil
}

func sortDesc(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] > xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}
