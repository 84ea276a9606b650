package excel

import (
	"context"

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
		if err := p.planAgency(ctx, db, agency, byAgency[agency], actor, allowed); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *Plan) planAgency(ctx context.Context, db *store.DB, agency string, cells []UploadCell, actor string, allowed func(string) error) error {
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
	if !kpi.Editable(e.Submission.State) {
		return refuse(kpi.Errorf(kpi.ECONFLICT, "Quý này của %s đã gửi hoặc đã duyệt, không sửa được.",
			"This quarter of %s is submitted or approved and cannot be changed.", e.Agency.Name))
	}
	values := make(map[string]float64, len(e.Values))
	for k, v := range e.Values {
		values[k] = v
	}
	cellOf := map[string]string{}
	for _, c := range cells {
		cellOf[c.Indicator] = c.Cell
		if c.Value == nil {
			delete(values, c.Indicator)
		} else {
			values[c.Indicator] = *c.Value
		}
	}
	check := kpi.ValidateEntry(p.cat, e.Input(values))
	written := make([]string, 0, len(cells))
	for _, c := range cells {
		written = append(written, c.Indicator)
	}
	check.Errors = append(kpi.CheckWritable(p.cat, e.Agency.Kind, e.Period.Year, written), check.Errors...)
	at := func(fe kpi.FieldError) CellError {
		cell, ok := cellOf[fe.Field]
		if !ok {
			cell = first
		}
		return cellErr(cell, agency, fe.Field, fe.MessageVI, fe.MessageEN)
	}
	for _, fe := range check.Errors {
		p.Errors = append(p.Errors, at(fe))
	}
	for _, fe := range check.Warnings {
		p.Warnings = append(p.Warnings, at(fe))
	}
	p.addChanges(p.cat, e, cells, actor)
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
	old, had := e.Values[c.Indicator]
	return !((c.Value == nil && !had) || (c.Value != nil && had && *c.Value == old))
}

// addChanges records each value that differs from what is stored and the
// agency's write.
func (p *Plan) addChanges(cat *kpi.Catalogue, e store.Entry, cells []UploadCell, actor string) {
	w := store.ValueWrite{Agency: e.Agency.Code, Period: p.Period, Values: map[string]*float64{},
		Version: e.Submission.Version, Actor: actor, Source: "upload"}
	for _, c := range cells {
		if !differs(e, c) {
			continue
		}
		old, had := e.Values[c.Indicator]
		ch := Change{Agency: e.Agency.Code, AgencyName: e.Agency.Name, Indicator: c.Indicator, Cell: c.Cell, New: c.Value}
		if ind, ok := cat.Get(c.Indicator); ok {
			ch.Name, ch.NameEN = ind.NameVI, ind.NameEN
		}
		if had {
			ch.Old = &old
		}
		p.Changes = append(p.Changes, ch)
		w.Values[c.Indicator] = c.Value
	}
	if len(w.Values) > 0 {
		p.Writes = append(p.Writes, w)
	}
}
