package excel

import (
	"context"
	"fmt"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// Plan is what confirming an upload would do: every change and every
// problem, by cell, and the writes — one per agency — that apply it.
type Plan struct {
	Period   kpi.Period
	Changes  []Change
	Errors   []CellError
	Warnings []CellError
	Writes   []store.ValueWrite
	cat      *kpi.Catalogue // the catalogue the upload was checked with
}

// Change is one value that the upload changes.
type Change struct {
	Agency     string   `json:"agency"`
	AgencyName string   `json:"agency_name"`
	Indicator  string   `json:"indicator"`
	Name       string   `json:"name"`
	NameEN     string   `json:"name_en"`
	Cell       string   `json:"cell"`
	Old        *float64 `json:"old"`
	New        *float64 `json:"new"`
}

// OK reports whether the plan may be confirmed.
func (p *Plan) OK() bool { return len(p.Errors) == 0 }

// PlanUpload checks a parsed upload against the database exactly as the
// entry form checks a save: each agency must be allowed (allowed returns
// the refusal) and its quarter editable, and its values after the upload
// pass kpi.ValidateEntry with the agency's own past; errors come back on
// the cells they concern. The writes carry the versions read here, so a
// quarter changed between preview and confirm is refused then.
func PlanUpload(ctx context.Context, db *store.DB, up *Upload, actor string, allowed func(agency string) error) (*Plan, error) {
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	p := &Plan{Period: up.Period, Errors: append([]CellError(nil), up.Errors...), cat: cat}
	var order []string
	byAgency := map[string][]UploadCell{}
	for _, c := range up.Cells {
		if _, ok := byAgency[c.Agency]; !ok {
			order = append(order, c.Agency)
		}
		byAgency[c.Agency] = append(byAgency[c.Agency], c)
	}
	for _, agency := range order {
		a := agencyPlan{agency: agency, cells: byAgency[agency], actor: actor, allowed: allowed}
		// A template always carries versions (a map, maybe without this
		// agency: refused); an upload built by the API import carries none
		// (nil) and is planned against the quarter as it is now.
		a.version, a.versioned = up.Versions[agency]
		a.unversioned = up.Versions == nil
		if err := p.planAgency(ctx, db, a); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// agencyPlan is one agency's part of an upload: its cells, the version of
// its quarter the template was made from, who uploads and the right check.
type agencyPlan struct {
	agency      string
	cells       []UploadCell
	version     int
	versioned   bool // the template carries the agency's version
	unversioned bool // the upload is not a template: no version to check
	actor       string
	allowed     func(agency string) error
}

func (p *Plan) planAgency(ctx context.Context, db *store.DB, ap agencyPlan) error {
	agency, cells, actor, allowed := ap.agency, ap.cells, ap.actor, ap.allowed
	first := cells[0].Cell
	refuse := func(err error) error {
		if kpi.ErrorCode(err) == kpi.EINTERNAL {
			return err
		}
		p.Errors = append(p.Errors, cellErr(first, agency, "", kpi.ErrorMessage(err, "vi"), kpi.ErrorMessage(err, "en")))
		return nil
	}
	if err := allowed(agency); err != nil {
		return refuse(err)
	}
	e, err := db.Entry(ctx, agency, p.Period)
	if err != nil {
		return refuse(err)
	}
	if !changes(e, cells) {
		return nil // nothing to write: a quarter already sent may come back as it was
	}
	if err := kpi.CheckPeriodKind(p.cat.DataSetFor(e.Agency.Kind), e.Agency, p.Period); err != nil {
		return refuse(err) // what the write would refuse, refused in the plan (and the dry run) already
	}
	if !kpi.Editable(e.Submission.State) {
		return refuse(kpi.Errorf(kpi.ECONFLICT, "Quý này của %s đã gửi hoặc đã duyệt, không sửa được.",
			"This quarter of %s is submitted or approved and cannot be changed.", e.Agency.Name))
	}
	if !ap.versioned && !ap.unversioned {
		return refuse(kpi.Errorf(kpi.EINVALID, "Mẫu không ghi phiên bản số liệu của %s (dòng thêm tay?). Hãy tải mẫu mới.",
			"The template does not carry the version of %s's figures (a row added by hand?). Download a new template.", e.Agency.Name))
	}
	if ap.versioned && e.Submission.Version != ap.version {
		p.refuseStale(p.cat, e, cells)
		return nil
	}
	u := applyCells(p.cat, e, cells)
	check := kpi.ValidateEntry(p.cat, e.Input(u.values))
	byOption := kpi.ValidateOptions(p.cat, e.Input(nil), u.options)
	written := make([]string, 0, len(cells))
	for _, c := range cells {
		written = append(written, c.Indicator)
	}
	check.Errors = append(append(kpi.CheckWritable(p.cat, e.Agency.Kind, e.Period.Year, written), u.errs...), check.Errors...)
	at := func(fe kpi.FieldError) CellError {
		cell, ok := u.cellOf[fe.Field]
		if !ok {
			cell = first
		}
		return cellErr(cell, agency, fe.Field, fe.MessageVI, fe.MessageEN)
	}
	for _, fe := range append(check.Errors, byOption.Errors...) {
		p.Errors = append(p.Errors, at(fe))
	}
	for _, fe := range append(check.Warnings, byOption.Warnings...) {
		p.Warnings = append(p.Warnings, at(fe))
	}
	p.addChanges(p.cat, e, cells, u, actor)
	return nil
}

// changes reports whether any cell differs from what is stored.
func changes(e store.Entry, cells []UploadCell) bool {
	for _, c := range cells {
		if differs(e, c) {
			return true
		}
	}
	return false
}

func differs(e store.Entry, c UploadCell) bool {
	old, had := stored(e, c)
	if c.Clear {
		return had
	}
	return !had || *c.Value != old
}

// stored is the value a cell's row holds now: a total, or the value of one
// option of the indicator's breakdown.
func stored(e store.Entry, c UploadCell) (float64, bool) {
	if c.Option != 0 {
		v, ok := e.Options[c.Option][c.Indicator]
		return v, ok
	}
	v, ok := e.Values[c.Indicator]
	return v, ok
}

// refuseStale refuses each row of a quarter saved since the template was
// downloaded that would change what is stored now, showing the value
// saved meanwhile and who saved it: the uploader decides again on a new
// template rather than overwrite a colleague's figure unseen.
func (p *Plan) refuseStale(cat *kpi.Catalogue, e store.Entry, cells []UploadCell) {
	who := e.Submission.UpdatedBy
	if who == "" {
		who = "?"
	}
	for _, c := range cells {
		if !differs(e, c) {
			continue
		}
		vi, en := "(trống)", "(empty)"
		if v, ok := stored(e, c); ok {
			ind, _ := cat.Get(c.Indicator)
			vi, en = i18n.Number("vi", v, ind.Decimals), i18n.Number("en", v, ind.Decimals)
		}
		p.Errors = append(p.Errors, cellErr(c.Cell, e.Agency.Code, c.key(),
			fmt.Sprintf("Số liệu quý này đã được %s lưu sau khi bạn tải mẫu: giá trị hiện tại là %s. Hãy tải mẫu mới rồi nhập lại.", who, vi),
			fmt.Sprintf("%s saved this quarter after you downloaded the template: the value now is %s. Download a new template and enter it again.", who, en)))
	}
}

// addChanges records each value that differs from what is stored and the
// agency's write: the totals (those its lines by option make included)
// and the lines by option.
func (p *Plan) addChanges(cat *kpi.Catalogue, e store.Entry, cells []UploadCell, u uploaded, actor string) {
	w := store.ValueWrite{Agency: e.Agency.Code, Period: p.Period, Values: map[string]*float64{}, Options: u.optionWrites,
		Version: e.Submission.Version, Actor: actor, Source: "upload"}
	for _, c := range cells {
		if !differs(e, c) {
			continue
		}
		old, had := stored(e, c)
		value := c.Value
		if v, ok := u.values[c.Indicator]; ok && c.Option == 0 && !c.Clear {
			value = &v // a total with lines by option is their sum
		}
		ch := Change{Agency: e.Agency.Code, AgencyName: e.Agency.Name, Indicator: c.key(), Cell: c.Cell, New: value}
		// c.Value is nil for a clear marker: the write's nil clears the value.
		if ind, ok := cat.Get(c.Indicator); ok {
			ch.Name, ch.NameEN = ind.NameVI, ind.NameEN
		}
		if o, ok := cat.Option(c.Option); ok && c.Option != 0 {
			ch.Name, ch.NameEN = ch.Name+" — "+o.NameVI, ch.NameEN+" — "+o.NameEN
		}
		if had {
			ch.Old = &old
		}
		p.Changes = append(p.Changes, ch)
		if c.Option == 0 {
			w.Values[c.Indicator] = value
		}
	}
	for code := range u.optionWrites { // the total its lines make
		if v, ok := u.values[code]; ok && v != e.Values[code] {
			w.Values[code] = &v
		}
	}
	if len(w.Values) > 0 || len(w.Options) > 0 {
		p.Writes = append(p.Writes, w)
	}
}
