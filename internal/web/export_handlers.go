package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"parkpi/internal/auth"
	"parkpi/internal/excel"
	"parkpi/internal/kpi"
)

// xlsxType is the media type of .xlsx files.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// jobThreshold is the number of agencies above which a summary or a form
// is built as a background job with a status page rather than in the
// request: on the demo province (175 agencies) it takes milliseconds.
const jobThreshold = 2000

// exportAgency sends the agency-year report: GET /export/agency/:code?year=
// (":code" may end in .xlsx).
func (s *Server) exportAgency(c *gin.Context) error {
	code := strings.TrimSuffix(c.Param("code"), ".xlsx")
	if err := s.authorize(c, auth.ActExport, code); err != nil {
		return err
	}
	year, err := s.exportYear(c)
	if err != nil {
		return err
	}
	opts, err := exportOptions(c)
	if err != nil {
		return err
	}
	return s.sendWorkbook(c, fmt.Sprintf("bao-cao-%s-%d.xlsx", safeName(code), year), func(ctx context.Context) (*excelize.File, error) {
		return excel.AgencyYear(ctx, s.db, code, year, opts)
	})
}

// exportSummary sends the summary of ?scope= (default: the user's scope
// agency) for ?year=; a large tree is built as a job.
func (s *Server) exportSummary(c *gin.Context) error {
	scope, err := s.exportScope(c)
	if err != nil {
		return err
	}
	year, err := s.exportYear(c)
	if err != nil {
		return err
	}
	opts, err := exportOptions(c)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("tong-hop-%s-%d.xlsx", safeName(scope), year)
	return s.sendOrQueue(c, scope, name, func(ctx context.Context) (*excelize.File, error) {
		return excel.Summary(ctx, s.db, scope, year, opts)
	})
}

// exportForm06 sends Biểu số 06 of ?scope= for ?year= and ?quarter= (empty
// or 0: the whole year).
func (s *Server) exportForm06(c *gin.Context) error {
	scope, err := s.exportScope(c)
	if err != nil {
		return err
	}
	year, err := s.exportYear(c)
	if err != nil {
		return err
	}
	q := 0
	if v := c.Query("quarter"); v != "" {
		if q, err = strconv.Atoi(v); err != nil || q < 0 || q > 4 {
			return kpi.Errorf(kpi.EINVALID, "Quý %q không hợp lệ (1 đến 4, hoặc để trống cho cả năm).", "Quarter %q is not valid (1 to 4, or empty for the year).", v)
		}
	}
	half := 0
	if v := c.Query("half"); v != "" {
		if half, err = strconv.Atoi(v); err != nil || half < 1 || half > 2 || q > 0 {
			return kpi.Errorf(kpi.EINVALID, "Kỳ 6 tháng %q không hợp lệ (1: 6 tháng đầu năm, 2: 6 tháng cuối năm; không kèm quý).",
				"Half %q is not valid (1: the first six months, 2: the last six; not with a quarter).", v)
		}
	}
	name := fmt.Sprintf("bieu-06-%s-%d.xlsx", safeName(scope), year)
	switch {
	case q > 0:
		name = fmt.Sprintf("bieu-06-%s-%d-q%d.xlsx", safeName(scope), year, q)
	case half > 0:
		name = fmt.Sprintf("bieu-06-%s-%d-6thang-%d.xlsx", safeName(scope), year, half)
	}
	opts, err := exportOptions(c)
	if err != nil {
		return err
	}
	req := excel.Form06Request{Scope: scope, Year: year, Quarter: q, Half: half}
	return s.sendOrQueue(c, scope, name, func(ctx context.Context) (*excelize.File, error) {
		return excel.Form06(ctx, s.db, req, opts)
	})
}

// exportOptions reads ?state=: the reports are sent upward, so they hold
// approved figures unless asked for submitted or all.
func exportOptions(c *gin.Context) (excel.Options, error) {
	level, err := kpi.ParseLevel(c.Query("state"), kpi.LevelApproved)
	return excel.Options{Level: level}, err
}

// exportScope is the scope of a report: the user's scope agency, or a
// narrower ?scope= inside it, with the export right on it (readScope).
func (s *Server) exportScope(c *gin.Context) (string, error) {
	scope, err := s.readScope(c, auth.ActExport)
	return scope.Code, err
}

func (s *Server) exportYear(c *gin.Context) (int, error) {
	years, err := s.db.Years(c.Request.Context())
	if err != nil {
		return 0, err
	}
	return pickYear(c.Query("year"), years)
}

// build makes a workbook.
type build func(ctx context.Context) (*excelize.File, error)

// sendOrQueue builds in the request, or as a job with a status page when
// the scope is large (or ?job=1 asks for one). A GET never starts a job: it
// answers a page whose button POSTs the same address, since starting work
// is a change a link or a prefetch must not make. A user runs at most
// maxJobsPerUser jobs at once.
func (s *Server) sendOrQueue(c *gin.Context, scope, name string, fn build) error {
	tree, err := s.requestTree(c)
	if err != nil {
		return err
	}
	if c.Query("job") != "1" && len(tree.Descendants(scope)) < jobThreshold {
		return s.sendWorkbook(c, name, fn)
	}
	if c.Request.Method != http.MethodPost {
		q := c.Request.URL.Query()
		q.Set("job", "1")
		return s.tmpl.render(c.Writer, http.StatusOK, "job_start", struct {
			Page
			Name, Action string
		}{Page: s.page(c), Name: name, Action: c.Request.URL.Path + "?" + q.Encode()})
	}
	id, err := s.startJob(c.Request.Context(), currentUser(c).Username, name, func(ctx context.Context) ([]byte, error) {
		return render(ctx, fn)
	})
	if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/jobs/"+id)
	return nil
}

// sendWorkbook builds the whole file before the first byte is sent, so an
// error becomes a clean error page, then sends it as a download.
func (s *Server) sendWorkbook(c *gin.Context, name string, fn build) error {
	b, err := render(c.Request.Context(), fn)
	if err != nil {
		return err
	}
	sendFile(c, name, b)
	return nil
}

func render(ctx context.Context, fn build) ([]byte, error) {
	f, err := fn(ctx)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := excel.WriteTo(f, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sendFile(c *gin.Context, name string, b []byte) {
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	c.Header("Cache-Control", "private, no-store")
	c.Data(200, xlsxType, b)
}

// safeName keeps a file name to letters, digits and dashes.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, s)
}
