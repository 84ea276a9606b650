package demo

import (
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// fieldShare is a field of procedures an agency kind handles, with its
// usual weight in the kind's dossiers.
type fieldShare struct {
	code   string
	weight float64
}

// kindFields are the fields of Biểu 06's column 2 each kind handles:
// communes civil status and certification above all, districts land and
// construction, vertical units tax, social insurance and residence.
// Departments each handle a few of theirs (pickFields).
var kindFields = map[kpi.Kind][]fieldShare{
	kpi.KindCommune: {{"chung_thuc", 34}, {"ho_tich", 30}, {"lao_dong", 14}, {"dat_dai", 12}, {"tu_phap", 10}},
	kpi.KindDistrict: {{"dat_dai", 28}, {"xay_dung", 15}, {"dang_ky_kinh_doanh", 15}, {"ho_tich", 10},
		{"chung_thuc", 10}, {"lao_dong", 10}, {"giao_duc", 6}, {"moi_truong", 6}},
	kpi.KindVertical: {{"thue", 40}, {"bao_hiem_xa_hoi", 35}, {"cu_tru", 25}},
	kpi.KindDepartment: {{"dau_tu", 1}, {"dang_ky_kinh_doanh", 1}, {"xay_dung", 1}, {"giao_thong", 1}, {"y_te", 1},
		{"giao_duc", 1}, {"tu_phap", 1}, {"moi_truong", 1}, {"dat_dai", 1}, {"lao_dong", 1}},
}

// fieldYears are the years whose dossier counts are broken down by field.
var fieldYears = map[int]bool{2021: true, 2022: true}

// fieldColumns are the columns split among fields beside the carried-over
// dossiers (which are the previous quarter's pending ones, field by field):
// the new ones (4 + 5) and what became of all of them (8 + 9 + 10 + 12 +
// 13); the subtotals 3, 7 and 11 follow.
var fieldColumns = [2][]string{
	{"dos_online", "dos_direct"},
	{"dos_early", "dos_ontime", "dos_late", "dos_pending_ontime", "dos_pending_overdue"},
}

// genFields breaks the dossier counts of fieldYears down by field: each
// agency-quarter's dossiers are shared among its fields (shares drawn per
// agency, moved a little each quarter), and every column is split so that
// the fields of each column add up to the agency's total exactly and the
// form's identities hold in every field's row. The totals are untouched,
// so every province figure stays what it was. A catalogue without the
// breakdown gets none.
func genFields(g *grid) error {
	ids := map[string]int64{}
	for _, o := range g.cat.OptionsOf("dos_online") {
		ids[o.Code] = o.ID
	}
	if len(ids) == 0 {
		return nil
	}
	rng := newRand(streamFields)
	g.options = map[[2]int][]optionValue{}
	for a, ag := range g.agencies {
		fields := pickFields(rng, ag.Kind)
		if len(fields) == 0 {
			continue
		}
		base := make([]float64, len(fields))
		for i, f := range fields {
			base[i] = f.weight * uniform(rng, 0.6, 1.4)
		}
		var pending []int // the previous quarter's, by field
		for p, per := range periods {
			if !fieldYears[per.Year] || !g.has[g.at(a, p, "dos_received")] {
				pending = nil
				continue
			}
			w := make([]float64, len(base))
			for i := range base {
				w[i] = base[i] * uniform(rng, 0.9, 1.1)
			}
			var err error
			if pending, err = g.splitFields(a, p, fieldSplit{fields, ids, w, pending}); err != nil {
				return err
			}
		}
	}
	return nil
}

// pickFields are an agency's fields: its kind's, or for a department two
// to three of the departments' fields.
func pickFields(rng *rand.Rand, kind kpi.Kind) []fieldShare {
	all := kindFields[kind]
	if kind != kpi.KindDepartment {
		return all
	}
	n := 2 + rng.IntN(2)
	out := make([]fieldShare, 0, n)
	for _, i := range rng.Perm(len(all))[:n] {
		out = append(out, fieldShare{all[i].code, float64(n - len(out))})
	}
	return out
}

// optionValue is one field's value of a column of an agency-quarter.
type optionValue struct {
	code   string
	option int64
	value  int
}

// fieldSplit is what one agency-quarter's split by field needs: its
// fields and their option ids, the weights of the new dossiers, and the
// pending dossiers of the quarter before by field (nil: none broken down).
type fieldSplit struct {
	fields  []fieldShare
	ids     map[string]int64
	w       []float64
	carried []int
}

// splitFields shares agency a's dossiers of period p among its fields: the
// carried-over ones as they were pending, the new ones by weights, then
// each column field by field (splitColumns). It returns the pending
// dossiers by field, the next quarter's carried-over ones.
func (g *grid) splitFields(a, p int, fs fieldSplit) ([]int, error) {
	carried := fs.carried
	if carried == nil {
		carried = allocate(g.get(a, p, "dos_carried"), fs.w)
	}
	fresh := allocate(g.get(a, p, "dos_online")+g.get(a, p, "dos_direct"), fs.w)
	rows := make([]int, len(fs.fields))
	for f := range rows {
		rows[f] = carried[f] + fresh[f]
	}
	cells := map[string][]int{"dos_carried": carried}
	for side, targets := range [2][]int{fresh, rows} {
		if err := g.splitColumns(a, p, fieldColumns[side], targets, cells); err != nil {
			return nil, err
		}
	}
	pending := make([]int, len(fs.fields))
	for f, field := range fs.fields {
		c := func(code string) int { return cells[code][f] }
		pending[f] = c("dos_pending_ontime") + c("dos_pending_overdue")
		vals := map[string]int{"dos_received": rows[f], "dos_resolved": c("dos_early") + c("dos_ontime") + c("dos_late"), "dos_pending": pending[f]}
		for code := range cells {
			vals[code] = c(code)
		}
		for _, code := range g.codes { // catalogue order, for a stable output
			if v, ok := vals[code]; ok {
				g.options[[2]int{a, p}] = append(g.options[[2]int{a, p}], optionValue{code, fs.ids[field.code], v})
			}
		}
	}
	return pending, nil
}

// splitColumns splits agency a's columns of period p among fields whose
// lines must add up to targets: each field takes its target from what is
// left of each column, in proportion and capped by it; the last takes the
// rest, so every column adds up exactly.
func (g *grid) splitColumns(a, p int, columns []string, targets []int, cells map[string][]int) error {
	left := make([]int, len(columns))
	for j, code := range columns {
		left[j] = g.get(a, p, code)
		cells[code] = make([]int, len(targets))
	}
	for f := range targets {
		part := left
		if f < len(targets)-1 {
			weights := make([]float64, len(left))
			for j, x := range left {
				weights[j] = float64(x)
			}
			var err error
			if part, err = allocateCapped(targets[f], weights, left); err != nil {
				return err
			}
		}
		for j, code := range columns {
			cells[code][f] = part[j]
			left[j] -= part[j]
		}
	}
	return nil
}
