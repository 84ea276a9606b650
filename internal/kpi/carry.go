package kpi

// CarryOver is a field that opens a quarter with what the previous quarter
// closed with: the dossiers carried over into a quarter are the dossiers
// still in progress at the end of the one before. The entry form prefills
// the field from the previous quarter, and ValidateEntry warns when a
// value typed differs from it.
type CarryOver struct {
	Field string `json:"field"` // this quarter's field
	From  string `json:"from"`  // the previous quarter's field it carries
}

// carryOvers are the carry-overs of the statutory dossier form (Biểu số
// 06): column 6 of a quarter is column 11 of the quarter before.
var carryOvers = []CarryOver{{Field: "dos_carried", From: "dos_pending"}}

// CarryOvers returns the carry-overs whose two indicators the catalogue
// has, the field an entered one.
func (c *Catalogue) CarryOvers() []CarryOver {
	var out []CarryOver
	for _, co := range carryOvers {
		f, okF := c.Get(co.Field)
		_, okP := c.Get(co.From)
		if okF && okP && f.Kind == KindEntered {
			out = append(out, co)
		}
	}
	return out
}

// carryWarnings are the warnings of the carry-overs: a value that differs
// from what the previous quarter closed with.
func carryWarnings(cat *Catalogue, in EntryInput, bad map[string]bool) []FieldError {
	var out []FieldError
	for _, co := range cat.CarryOvers() {
		v, okV := in.Values[co.Field]
		prev, okP := in.Previous[co.From]
		if !okV || !okP || bad[co.Field] || nearlyEqual(v, prev) {
			continue
		}
		f, _ := cat.Get(co.Field)
		p, _ := cat.Get(co.From)
		out = append(out, FieldError{Field: co.Field,
			MessageVI: f.NameVI + " (" + FormatNumber("vi", v) + ") khác “" + p.NameVI + "” cuối quý trước (" + FormatNumber("vi", prev) + ").",
			MessageEN: f.NameEN + " (" + FormatNumber("en", v) + ") differ from “" + p.NameEN + "” at the end of the previous quarter (" + FormatNumber("en", prev) + ")."})
	}
	return out
}
