package web

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// Download is one Excel report (or the upload page) a page offers for its
// scope and year, named for what it holds.
type Download struct {
	ID    string
	Label string
	URL   string
}

// downloads are the reports of scope and year the user may take, and the
// upload of figures when they may use it: only what the routes let them
// through (permits). The summary and Biểu 06 say whose they are, and a
// scope without agencies under it has no summary: it would be one row.
// Biểu 06 is the quarter's when the page shows one (quarter > 0), with
// the six-month form of the half the quarter lies in beside it.
func (s *Server) downloads(c *gin.Context, scope kpi.Agency, year, quarter int) []Download {
	lang, code := langOf(c), url.QueryEscape(scope.Code)
	y := itoa(year)
	form06 := Download{"dl-form06", i18n.Tf(lang, "excel.form06", year, scope.Name), "/export/form06.xlsx?year=" + y + "&scope=" + code}
	if quarter > 0 {
		form06 = Download{"dl-form06", i18n.Tf(lang, "excel.form06q", quarter, year, scope.Name),
			"/export/form06.xlsx?year=" + y + "&quarter=" + itoa(quarter) + "&scope=" + code}
	}
	candidates := []Download{
		{"dl-agency", i18n.Tf(lang, "excel.agency", year), "/export/agency/" + url.PathEscape(scope.Code) + ".xlsx?year=" + y},
		form06,
	}
	if quarter > 0 {
		half := itoa((quarter + 1) / 2)
		candidates = append(candidates, Download{"dl-form06-half", i18n.Tf(lang, "excel.form06h"+half, year, scope.Name),
			"/export/form06.xlsx?year=" + y + "&half=" + half + "&scope=" + code})
	}
	candidates = append(candidates, []Download{
		{"dl-report", i18n.Tf(lang, "report.docx", year), "/export/report.docx?year=" + y + "&scope=" + code},
		{"dl-report-pdf", i18n.Tf(lang, "report.pdf", year), "/export/report.pdf?year=" + y + "&scope=" + code},
		{"dl-upload", i18n.T(lang, "excel.upload"), "/upload?agency=" + code},
	}...)
	if tree, err := s.requestTree(c); err == nil && tree.HasChildren(scope.Code) {
		summary := Download{"dl-summary", i18n.Tf(lang, "excel.summary", scope.Name, year), "/export/summary.xlsx?year=" + y + "&scope=" + code}
		candidates = append(candidates[:1], append([]Download{summary}, candidates[1:]...)...)
	}
	var out []Download
	for _, d := range candidates {
		if s.permits(c, get, d.URL) {
			out = append(out, d)
		}
	}
	return out
}
