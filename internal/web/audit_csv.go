package web

import (
	"database/sql"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
)

// auditCSVHeader names the CSV columns (Vietnamese first, as the pages).
var auditCSVHeader = []string{"thoi_diem", "nguoi_thuc_hien", "thao_tac", "doi_tuong", "ma_co_quan", "ten_co_quan",
	"nam", "quy", "truong", "gia_tri_cu", "gia_tri_moi", "nguon", "dia_chi", "duong_dan"}

// auditCSV streams the filtered audit trail as CSV (UTF-8 with a BOM, so
// Excel reads the Vietnamese right), with the same filters and scope as
// the page; agency names are as they were when each event happened.
func (s *Server) auditCSV(c *gin.Context) error {
	f, _, err := s.auditFilter(c)
	if err != nil {
		return err
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="parkpi-audit.csv"`)
	c.Status(200)
	if _, err := c.Writer.WriteString("\ufeff"); err != nil {
		return nil // the client went away
	}
	w := csv.NewWriter(c.Writer)
	_ = w.Write(auditCSVHeader)
	err = s.auth.EachAudit(c.Request.Context(), f, func(r auth.AuditRow) error {
		// The download keeps the log's codes and a sortable time, for
		// whoever analyses it; the page puts them into words.
		when := r.At.In(vietnam).Format("2006-01-02 15:04:05")
		return w.Write([]string{when, cell(r.Actor), r.Action, r.Entity, r.AgencyCode.String, cell(r.AgencyName.String),
			nullInt(r.Year), nullInt(r.Quarter), cell(r.Field), cell(r.Old), cell(r.New), cell(r.Source), cell(r.Address), cell(r.Route)})
	})
	w.Flush()
	if err != nil {
		// Headers are gone: the truncated file cannot say so; the log does.
		s.log.Error("audit csv", "err", err)
	}
	return nil
}

func nullInt(n sql.NullInt64) string {
	if !n.Valid {
		return ""
	}
	return strconv.FormatInt(n.Int64, 10)
}

// cell defuses spreadsheet formulas: a cell that would start with = + - @
// (or a tab or carriage return) is prefixed with an apostrophe, so opening
// the download in Excel never runs what a user typed.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && !isNumber(s) {
		return "'" + s
	}
	return s
}

func isNumber(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}
