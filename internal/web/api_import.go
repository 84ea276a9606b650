package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/valueset"
)

// importBodyLimit caps POST /api/v1/import: a province's quarter in JSON
// is a few MiB.
const importBodyLimit = valueset.MaxBytes

// apiImport is POST /api/v1/import[?dryRun=true][&atomic=false]: many
// agency-quarters in one JSON ({"dataValues": [...]}) or CSV body, each
// checked like the entry form (the one validation, the workflow's locks,
// the upload right on every agency). By default it is atomic: with any
// error nothing is written (422, with every error by row), otherwise every
// agency-quarter is written in one transaction. atomic=false writes each
// clean agency-quarter on its own; dryRun=true checks and writes nothing.
func (s *Server) apiImport(c *gin.Context) error {
	dry, err1 := boolParam(c, "dryRun", false)
	atomic, err2 := boolParam(c, "atomic", true)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	rows, rowErrs, err := readImportBody(c)
	if err != nil {
		s.metrics.invalid("import")
		return err
	}
	u := currentUser(c)
	rep, err := valueset.Import(c.Request.Context(), s.db, rows, rowErrs, valueset.Options{DryRun: dry, Atomic: atomic,
		Actor: u.Username, Source: apiSource(c), Allowed: func(agency string) error { return s.authorize(c, auth.ActUpload, agency) }})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !rep.OK() {
		s.metrics.invalid("import")
		if !rep.Applied {
			status = http.StatusUnprocessableEntity
		}
	}
	applied := 0
	for _, g := range rep.Groups {
		if g.Status == valueset.StatusApplied {
			applied++
		}
	}
	s.metrics.savedN("import", applied)
	c.JSON(status, rep)
	return nil
}

// readImportBody reads the body by its Content-Type: JSON or CSV.
func readImportBody(c *gin.Context) ([]valueset.Row, []valueset.RowError, error) {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "application/json" && mt != "text/csv" {
		return nil, nil, kpi.Errorf(kpi.EINVALID, "Content-Type phải là application/json hoặc text/csv.",
			"The Content-Type must be application/json or text/csv.")
	}
	data, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, nil, kpi.Errorf(kpi.EINVALID, "Dữ liệu gửi lên quá lớn (tối đa %d MiB).", "The request is too large (at most %d MiB).", tooBig.Limit>>20)
	} else if err != nil {
		return nil, nil, kpi.Errorf(kpi.EINVALID, "Không đọc được dữ liệu gửi lên.", "The request body cannot be read.")
	}
	if mt == "text/csv" {
		return valueset.ParseCSV(data)
	}
	rows, err := valueset.ParseJSON(bytes.NewReader(data))
	return rows, nil, err
}

// boolParam reads a true/false query parameter; anything else is a 422.
func boolParam(c *gin.Context, name string, def bool) (bool, error) {
	v, ok := c.GetQuery(name)
	if !ok {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, kpi.Errorf(kpi.EINVALID, "Tham số %s=%q: cần true hoặc false.", "Parameter %s=%q: want true or false.", name, v)
	}
	return b, nil
}
