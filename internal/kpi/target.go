package kpi

// Target statuses, shown in words and colour.
const (
	StatusNone   = ""        // no target, or no figure yet
	StatusMet    = "met"     // the figure reaches the target
	StatusAtRisk = "at_risk" // not yet, but within reach
	StatusMissed = "missed"  // clearly short
)

// AtRiskMargin is how far short of a target still counts as "at risk"
// rather than "missed": 5 % of the target.
const AtRiskMargin = 0.05

// Target is the planned figure for (agency or province, indicator, year).
type Target struct {
	AgencyCode string  `db:"agency_code" json:"agency_code"`
	Indicator  string  `db:"indicator" json:"indicator"`
	Year       int     `db:"year" json:"year"`
	Value      float64 `db:"value" json:"value"`
}

// TargetStatus compares a figure with its target in the indicator's
// direction. A year still running (complete = false) is never "missed",
// only at risk, since the quarters left may close the gap.
func TargetStatus(ind Indicator, f Figure, target float64, hasTarget, complete bool) string {
	if !hasTarget || !f.OK {
		return StatusNone
	}
	gap := target - f.Value // > 0 means short, for higher-is-better
	if !ind.HigherIsBetter {
		gap = -gap
	}
	if gap <= 0 {
		return StatusMet
	}
	margin := AtRiskMargin * absf(target)
	if gap <= margin || !complete {
		return StatusAtRisk
	}
	return StatusMissed
}

func absf(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
