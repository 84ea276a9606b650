package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// TargetsView is the targets admin page for a year: the targets set, how
// each figure stands against its target, a form for one target and the
// CSV upload and download.
type TargetsView struct {
	Page
	Title       string
	Year        int
	Years       []int
	Rows        []TargetRow
	Indicators  []Option
	Agencies    []Option
	Form        targetForm
	FileErrors  []string
	Notice      string
	DownloadURL string
}

// TargetRow is one target with the figure it is held against.
type TargetRow struct {
	AgencyCode string
	AgencyName string
	AgencyURL  string
	Indicator  string
	Name       string
	Figure     string
	Target     TargetView
}

// targetForm is the one-target form with its submitted values and errors.
type targetForm struct {
	Agency, Indicator, Value string
	Errors                   map[string]string
}

// Field keys of the target form, shared by the handler and the template.
const (
	fieldAgency    = "agency"
	fieldIndicator = "indicator"
	fieldValue     = "value"
)

// The targets routes are for those who may manage targets (admins): the
// route gate s.allow(auth.ActManageTargets, "") checks it in routes.go.

// showTargets renders /admin/targets?year=.
func (s *Server) showTargets(c *gin.Context) error {
	v, err := s.targetsPage(c, c.Query("year"))
	if err != nil {
		return err
	}
	if n, _ := strconv.Atoi(c.Query("saved")); n > 0 {
		v.Notice = i18n.Tf(v.Lang, "dash.targets.saved", n)
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "targets", v)
}

// saveTarget handles the one-target form: field errors go back into the
// form with 422 and the values typed; a valid target is saved with its
// audit row and the page reloads (post, redirect, get).
func (s *Server) saveTarget(c *gin.Context) error {
	lang := langOf(c)
	f := targetForm{Agency: c.PostForm(fieldAgency), Indicator: c.PostForm(fieldIndicator), Value: c.PostForm(fieldValue), Errors: map[string]string{}}
	year, err := pickYear(c.PostForm("year"), nil)
	if err != nil {
		return err
	}
	t, err := s.checkTargetForm(c.Request.Context(), lang, year, &f)
	if err == nil && len(f.Errors) == 0 {
		err = s.db.SetTargets(c.Request.Context(), store.TargetWrite{Targets: []kpi.Target{t}, Actor: actorOf(c), Source: "form"})
		if kpi.ErrorCode(err) == kpi.EINVALID {
			f.Errors[fieldValue], err = kpi.ErrorMessage(err, lang), nil
		}
	}
	if err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		v, err := s.targetsPage(c, strconv.Itoa(year))
		if err != nil {
			return err
		}
		v.Form = f
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "targets", v)
	}
	c.Redirect(http.StatusSeeOther, link("/admin/targets", "year", itoa(year), "saved", "1"))
	return nil
}

// checkTargetForm fills f.Errors per field and returns the target.
func (s *Server) checkTargetForm(ctx context.Context, lang string, year int, f *targetForm) (kpi.Target, error) {
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return kpi.Target{}, err
	}
	t := kpi.Target{AgencyCode: f.Agency, Indicator: f.Indicator, Year: year}
	if _, err := s.db.Agency(ctx, f.Agency); kpi.ErrorCode(err) == kpi.ENOTFOUND {
		f.Errors[fieldAgency] = kpi.ErrorMessage(err, lang)
	} else if err != nil {
		return t, err
	}
	if _, ok := cat.Get(f.Indicator); !ok {
		f.Errors[fieldIndicator] = i18n.Tf(lang, "dash.targets.badindicator", f.Indicator)
	}
	v, err := kpi.ParseNumber(lang, f.Value)
	if err != nil {
		f.Errors[fieldValue] = kpi.ErrorMessage(err, lang)
	}
	t.Value = v
	return t, nil
}

// uploadTargets takes a CSV file of targets: every line is checked first
// and any error lists them all by line with nothing saved; otherwise all
// targets are saved in one transaction.
func (s *Server) uploadTargets(c *gin.Context) error {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	year, _ := pickYear(c.Query("year"), nil)
	data, err := readUpload(c)
	if err != nil {
		return err
	}
	tree, err := s.db.Tree(c.Request.Context())
	if err != nil {
		return err
	}
	lang := langOf(c)
	targets, lineErrs := parseTargetsCSV(data, tree, cat)
	if len(lineErrs) == 0 {
		err = s.db.SetTargets(c.Request.Context(), store.TargetWrite{Targets: targets, Actor: actorOf(c), Source: "csv"})
		if kpi.ErrorCode(err) == kpi.EINVALID {
			lineErrs, err = []lineError{{VI: kpi.ErrorMessage(err, "vi"), EN: kpi.ErrorMessage(err, "en")}}, nil
		}
		if err != nil {
			return err
		}
	}
	if len(lineErrs) > 0 {
		v, err := s.targetsPage(c, yearParam(year))
		if err != nil {
			return err
		}
		for _, e := range lineErrs {
			v.FileErrors = append(v.FileErrors, e.text(lang))
		}
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "targets", v)
	}
	if year == 0 {
		year = targets[0].Year
	}
	c.Redirect(http.StatusSeeOther, link("/admin/targets", "year", itoa(year), "saved", itoa(len(targets))))
	return nil
}

// readUpload reads the posted file "file", at most maxTargetsFile bytes.
func readUpload(c *gin.Context) ([]byte, error) {
	tooBig := kpi.Errorf(kpi.EINVALID, "Tệp quá lớn: tối đa 1 MiB.", "The file is too large: at most 1 MiB.")
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxTargetsFile+64<<10)
	fh, err := c.FormFile("file")
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, tooBig
	case err != nil:
		return nil, kpi.Errorf(kpi.EINVALID, "Chưa chọn tệp CSV để tải lên.", "Choose a CSV file to upload.")
	case fh.Size > maxTargetsFile:
		return nil, tooBig
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxTargetsFile+1))
}

// downloadTargets sends the targets of ?year= (by default the latest year
// with data) as the CSV the upload takes.
func (s *Server) downloadTargets(c *gin.Context) error {
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	per, err := s.choosePeriod(ctx, c.Query("year"), "")
	if err != nil {
		return err
	}
	year := per.year
	byAgency, err := s.db.TargetsOfYear(ctx, year)
	if err != nil {
		return err
	}
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return err
	}
	var list []kpi.Target
	for code, m := range byAgency {
		for ind, v := range m {
			list = append(list, kpi.Target{AgencyCode: code, Indicator: ind, Year: year, Value: v})
		}
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="parkpi-targets-`+itoa(year)+`.csv"`)
	c.Status(http.StatusOK)
	return writeTargetsCSV(c.Writer, list, tree, cat)
}

func yearParam(y int) string {
	if y == 0 {
		return ""
	}
	return itoa(y)
}

// actorOf names the request's user for the audit log.
func actorOf(c *gin.Context) string {
	if u := currentUser(c); u != nil {
		return u.Username
	}
	return "web"
}
