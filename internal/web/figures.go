package web

import (
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// figureBuilder turns store figures into FigureViews for one language.
type figureBuilder struct {
	lang        string
	cat         *kpi.Catalogue
	byKind      map[kpi.Kind]map[string]kpi.Figure
	total       map[string]kpi.Figure
	prev        map[string]kpi.Figure
	changeLabel string
	goals       goals
	coverage    kpi.Coverage // of the scope for the period
	level       kpi.Level    // which reports the figures count
	yearly      bool         // a year: coverage counts agencies that reported all its quarters
}

// goals are the scope's targets for the year and what the status may say.
type goals struct {
	targets  map[string]float64
	complete bool // the year is over (or has all four quarters): a shortfall is "missed"
	quarter  int  // 0 for the year; a quarter compares only rates with the year's target
}

// TargetView is a figure's target and where the figure stands against it,
// in words (Label), in colour (the status as a CSS class) and with an icon,
// so the status never rests on colour alone.
type TargetView struct {
	Has     bool    `json:"has_target"`
	Value   float64 `json:"value,omitempty"`
	Display string  `json:"display,omitempty"`
	Status  string  `json:"status"` // met, at_risk, missed or none
	Label   string  `json:"label"`
	Caption string  `json:"-"` // "Kế hoạch: 98%"
	Icon    string  `json:"-"`
}

// Target statuses as the views name them: kpi's, with "none" spelled out.
const statusNone = "none"

var statusIcons = map[string]string{kpi.StatusMet: "✓", kpi.StatusAtRisk: "!", kpi.StatusMissed: "✗", statusNone: "–"}

// target compares f with the target of ind. Counts are planned per year, so
// a quarter's count is not held against them; a quarter's rate is, but only
// as "at risk" at worst, since the year is not over.
func (g goals) target(lang string, ind kpi.Indicator, f kpi.Figure) TargetView {
	t, has := g.targets[ind.Code]
	v := TargetView{Has: has, Status: statusNone}
	if has {
		v.Value, v.Display = t, displayValue(lang, ind, t)
		v.Caption = i18n.Tf(lang, "dash.target.caption", v.Display)
		if g.quarter == 0 || ind.IsDerived() {
			if s := kpi.TargetStatus(ind, f, t, true, g.complete && g.quarter == 0); s != kpi.StatusNone {
				v.Status = s
			}
		}
	}
	v.Icon = statusIcons[v.Status]
	switch {
	case !has:
		v.Label = i18n.T(lang, "dash.target.none")
	case v.Status == statusNone:
		v.Label = i18n.T(lang, "dash.target.nostatus")
	default:
		v.Label = i18n.T(lang, "dash.target."+v.Status)
	}
	return v
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
		ChangeLabel: b.changeLabel, Direction: direction(ind, d), Target: b.goals.target(b.lang, ind, f),
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
