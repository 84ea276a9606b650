package web

import (
	"fmt"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

var sprintf = fmt.Sprintf

// figureBuilder turns store figures into FigureViews for one language.
type figureBuilder struct {
	lang     string
	cat      *kpi.Catalogue
	byKind   map[kpi.Kind]map[string]kpi.Figure
	total    map[string]kpi.Figure
	prev     map[string]kpi.Figure
	prevYear int
}

// kinds are the breakdown columns: the kinds that reported anything.
func (b figureBuilder) kinds() []KindView {
	var out []KindView
	for _, k := range kpi.Kinds {
		if _, ok := b.byKind[k]; ok {
			out = append(out, KindView{Kind: k, Label: i18n.T(b.lang, "kind."+string(k))})
		}
	}
	return out
}

func (b figureBuilder) build(code string, withBreakdown bool) FigureView {
	ind, _ := b.cat.Get(code)
	f := b.total[code]
	p := b.prev[code]
	d := kpi.Change(f, p)
	v := FigureView{
		Code: code, Name: ind.Name(b.lang), Unit: ind.Unit(b.lang), Percent: ind.IsPercent(),
		Value: f.Value, OK: f.OK, Display: display(b.lang, ind, f),
		Prev: p, PrevDisplay: display(b.lang, ind, p), Change: d, ChangeDisplay: displayChange(b.lang, ind, d),
		ChangeLabel: tf(b.lang, "overview.vsprev", b.prevYear), Direction: direction(ind, d),
	}
	for _, k := range b.kinds() {
		kf := b.byKind[k.Kind][code]
		cell := KindFigure{Kind: k.Kind, Label: k.Label, Value: kf.Value, OK: kf.OK, Display: display(b.lang, ind, kf)}
		v.ByKind = append(v.ByKind, cell)
		if withBreakdown && kf.OK {
			v.Breakdown = append(v.Breakdown, cell)
		}
	}
	return v
}
