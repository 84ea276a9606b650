package web

import (
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// withCoverage says what the figure is made of. A figure that does not
// count every agency at the level asked says how many it counts, and its
// change is not shown as a rise or a fall: an agency that has not reported
// is not a fall.
func (v *FigureView) withCoverage(fb figureBuilder) {
	c := fb.coverage
	v.Coverage = &c
	if c.Agencies == 0 || c.Complete(fb.level) {
		return
	}
	key := "dash.coverage.note"
	if fb.yearly {
		key = "dash.coverage.noteyear"
	}
	v.CoverageNote = i18n.Tf(fb.lang, key, number(fb.lang, c.Counted(fb.level)), number(fb.lang, c.Agencies))
	if v.Change.OK {
		v.Direction = "incomplete"
	}
}

// stateOptions is the switch between the three levels of a dashboard.
func stateOptions(lang string, current kpi.Level) []Option {
	out := make([]Option, 0, len(kpi.Levels))
	for _, l := range kpi.Levels {
		out = append(out, Option{Value: l.String(), Label: i18n.T(lang, "dash.state.level."+l.String()), Selected: l == current})
	}
	return out
}

// stateParam is the state= parameter of a link: empty for the dashboards'
// default (every report).
func stateParam(l kpi.Level) string {
	if l.OrAll() == kpi.LevelAll {
		return ""
	}
	return l.String()
}
