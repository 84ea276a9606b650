package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/report"
)

// Media types of the Word report.
const (
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	pdfType  = "application/pdf"
)

// exportReport sends the report a leader signs: GET
// /export/report.docx?scope=&year=&quarter=&state= (and report.pdf, the
// same document rendered by LibreOffice), of the user's scope or a
// narrower one with the export right on it; approved data unless asked.
func (s *Server) exportReport(pdf bool) handlerFunc {
	return func(c *gin.Context) error {
		scope, err := s.readScope(c, auth.ActExport)
		if err != nil {
			return err
		}
		year, err := s.exportYear(c)
		if err != nil {
			return err
		}
		quarter, err := pickQuarter(c.Query("quarter"))
		if err != nil {
			return err
		}
		level, err := kpi.ParseLevel(c.Query("state"), kpi.LevelApproved)
		if err != nil {
			return err
		}
		if pdf { // before the document is built: say at once when there is no LibreOffice
			if _, err := report.Office(); err != nil {
				return err
			}
		}
		req := report.Request{Scope: scope.Code, Year: year, Quarter: quarter}
		b, err := report.DOCX(c.Request.Context(), s.db, req, report.Options{Level: level})
		if err != nil {
			return err
		}
		name, ctype := report.FileName(req, "docx"), docxType
		if pdf {
			if b, err = report.PDF(c.Request.Context(), b); err != nil {
				return err
			}
			name, ctype = report.FileName(req, "pdf"), pdfType
		}
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
		c.Header("Cache-Control", "private, no-store")
		c.Data(http.StatusOK, ctype, b)
		return nil
	}
}
