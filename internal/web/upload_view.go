package web

import (
	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/excel"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// uploadView is the upload page: the template links and form, and after a
// post the preview (or the errors), or after a confirmation the result.
type uploadView struct {
	Page
	Agency  kpi.Agency
	Choice  string        // the agency field's text: the agency as chosen ("Name (code)")
	Choices AgencyChoices // the agencies of the user's scope, offered by name
	Year    int
	Quarter int
	Result  *uploadResult
	Done    string
}

// uploadResult is the preview of one uploaded file.
type uploadResult struct {
	ID       string // empty: nothing to confirm
	FileName string
	Period   kpi.Period
	Changes  []changeRow
	Errors   []problemRow
	Warnings []problemRow
	Expires  string
}

// changeRow is one change of the preview; Delete marks a value a clear
// marker removes, so a deletion is never mistaken for an edit.
type changeRow struct {
	Cell, Agency, AgencyName, Field, Name, Old, New string
	Delete                                          bool
}

type problemRow struct{ Cell, Agency, Message string }

// uploadForm fills the form's defaults: the user's scope agency (?agency=
// overrides, within the agencies the user may upload for) and the latest
// quarter with data (?year=&quarter= override).
func (s *Server) uploadForm(c *gin.Context) (*uploadView, error) {
	ctx := c.Request.Context()
	v := &uploadView{Page: s.page(c)}
	a, err := s.readScopeParam(c, "agency", auth.ActUpload)
	if err != nil {
		return nil, err
	}
	v.Agency = a
	tree, err := s.requestTree(c)
	if err != nil {
		return nil, err
	}
	v.Choice = choiceOf(a)
	v.Choices = agencyChoices("upload-agencies", scopeAgencies(tree, v.User.AgencyCode))
	years, err := s.db.Years(ctx)
	if err != nil {
		return nil, err
	}
	if len(years) > 0 {
		v.Year, v.Quarter = years[0], 1
		if qs, err := s.db.Quarters(ctx, years[0]); err == nil && len(qs) > 0 {
			v.Quarter = qs[len(qs)-1]
		}
	}
	v.Year, v.Quarter = atoiOr(c.Query("year"), v.Year), atoiOr(c.Query("quarter"), v.Quarter)
	return v, nil
}

func newUploadResult(lang, name string, p *excel.Plan) *uploadResult {
	r := &uploadResult{FileName: name, Period: p.Period}
	cat := func(v *float64) string {
		if v == nil {
			return i18n.T(lang, "upload.empty")
		}
		return i18n.Number(lang, *v, 2)
	}
	for _, ch := range p.Changes {
		name := ch.Name
		if lang == "en" {
			name = ch.NameEN
		}
		row := changeRow{Cell: ch.Cell, Agency: ch.Agency, AgencyName: ch.AgencyName,
			Field: ch.Indicator, Name: name, Old: cat(ch.Old), New: cat(ch.New), Delete: ch.New == nil}
		if row.Delete {
			row.New = i18n.T(lang, "upload.delete")
		}
		r.Changes = append(r.Changes, row)
	}
	for _, e := range p.Errors {
		r.Errors = append(r.Errors, problemRow{Cell: e.Cell, Agency: e.Agency, Message: e.Message(lang)})
	}
	for _, e := range p.Warnings {
		r.Warnings = append(r.Warnings, problemRow{Cell: e.Cell, Agency: e.Agency, Message: e.Message(lang)})
	}
	return r
}
