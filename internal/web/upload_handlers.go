package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"parkpi/internal/auth"
	"parkpi/internal/excel"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// uploadTTL is how long a preview may be confirmed.
const uploadTTL = 2 * time.Hour

// uploadBodyLimit caps the upload request: the file plus the multipart
// envelope.
const uploadBodyLimit = excel.MaxUploadBytes + 64<<10

// uploadPayload is what a pending upload keeps until it is confirmed.
type uploadPayload struct {
	Writes  []store.ValueWrite `json:"writes"`
	Changes []excel.Change     `json:"changes"`
}

// downloadTemplate sends the quarter's template:
// GET /entry/:agency/:year/:quarter/template.xlsx, or GET /upload/template
// with ?agency=&year=&quarter=; ?subtree=1 covers every agency under it.
func (s *Server) downloadTemplate(c *gin.Context) error {
	agency, year, quarter := c.Param("agency"), c.Param("year"), c.Param("quarter")
	if agency == "" {
		agency, year, quarter = c.Query("agency"), c.Query("year"), c.Query("quarter")
	}
	p, err := parsePeriodParams(year, quarter)
	if err != nil {
		return err
	}
	if err := s.authorize(c, auth.ActUpload, agency); err != nil {
		return err
	}
	req := excel.TemplateRequest{Agency: agency, Period: p, Subtree: c.Query("subtree") == "1"}
	name := fmt.Sprintf("mau-nhap-%s-%d-%s.xlsx", safeName(agency), p.Year, p.Address())
	return s.sendWorkbook(c, name, func(ctx context.Context) (*excelize.File, error) {
		return excel.Template(ctx, s.db, req)
	})
}

// showUpload renders the upload form with template links.
func (s *Server) showUpload(c *gin.Context) error {
	v, err := s.uploadForm(c)
	if err != nil {
		return err
	}
	return s.tmpl.render(c.Writer, 200, "upload_preview", v)
}

// postUpload reads the file (at most 10 MiB), parses it defensively,
// checks it like the entry form would, keeps the planned writes under a
// random id and shows the preview. Nothing is stored in the figures.
func (s *Server) postUpload(c *gin.Context) error {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	u := currentUser(c)
	if u == nil {
		return errLogin()
	}
	data, name, err := readUploadFile(c)
	if err != nil {
		return err
	}
	release, err := parses.enter(c.Request.Context(), u.Username)
	if err != nil {
		return err
	}
	up, err := excel.ParseUpload(data, cat)
	release()
	if err != nil {
		return err
	}
	plan, err := excel.PlanUpload(c.Request.Context(), s.db, up, u.Username, func(agency string) error {
		return s.authorize(c, auth.ActUpload, agency)
	})
	if err != nil {
		return err
	}
	v, err := s.uploadForm(c)
	if err != nil {
		return err
	}
	v.Result = newUploadResult(langOf(c), name, plan)
	if !plan.OK() {
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "upload_preview", v)
	}
	if len(plan.Writes) > 0 {
		payload, err := json.Marshal(uploadPayload{Writes: plan.Writes, Changes: plan.Changes})
		if err != nil {
			return err
		}
		pu := store.PendingUpload{Username: u.Username, FileName: name, Period: plan.Period, Payload: string(payload)}
		if v.Result.ID, err = s.db.SaveUpload(c.Request.Context(), pu, uploadTTL); err != nil {
			return err
		}
		v.Result.Expires = time.Now().Add(uploadTTL).Format("15:04 02/01/2006")
	}
	return s.tmpl.render(c.Writer, 200, "upload_preview", v)
}

// readUploadFile takes the "file" part of a multipart post.
func readUploadFile(c *gin.Context) ([]byte, string, error) {
	tooBig := kpi.Errorf(kpi.EINVALID, "Tệp quá lớn (tối đa %d MiB).", "The file is too large (at most %d MiB).", excel.MaxUploadBytes>>20)
	fh, err := c.FormFile("file")
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, "", tooBig
	case err != nil:
		return nil, "", kpi.Errorf(kpi.EINVALID, "Chưa chọn tệp Excel để tải lên.", "No Excel file was chosen.")
	case fh.Size > excel.MaxUploadBytes:
		return nil, "", tooBig
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, excel.MaxUploadBytes+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > excel.MaxUploadBytes {
		return nil, "", tooBig
	}
	return data, fh.Filename, nil
}

// confirmUpload applies a previewed upload: every agency is authorized
// again, then all writes and the removal of the pending upload happen in
// one transaction, audited with source "upload". A quarter changed since
// the preview refuses the whole upload.
func (s *Server) confirmUpload(c *gin.Context) error {
	u := currentUser(c)
	if u == nil {
		return errLogin()
	}
	pu, err := s.db.Upload(c.Request.Context(), c.Param("id"), u.Username)
	if err != nil {
		return err
	}
	var p uploadPayload
	if err := json.Unmarshal([]byte(pu.Payload), &p); err != nil {
		return err
	}
	values := 0
	for i := range p.Writes {
		if err := s.authorize(c, auth.ActUpload, p.Writes[i].Agency); err != nil {
			return err
		}
		p.Writes[i].Actor, p.Writes[i].Source = u.Username, "upload"
		values += len(p.Writes[i].Values)
	}
	if err := s.db.ApplyUpload(c.Request.Context(), pu.ID, p.Writes); err != nil {
		return err
	}
	s.metrics.savedN("upload", len(p.Writes))
	v, err := s.uploadForm(c)
	if err != nil {
		return err
	}
	v.Done = i18n.Tf(langOf(c), "upload.done", values, len(p.Writes))
	return s.tmpl.render(c.Writer, 200, "upload_preview", v)
}

// cancelUpload drops a pending upload and goes back to the form.
func (s *Server) cancelUpload(c *gin.Context) error {
	u := currentUser(c)
	if u == nil {
		return errLogin()
	}
	if err := s.db.DeleteUpload(c.Request.Context(), c.Param("id"), u.Username); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/upload")
	return nil
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}
