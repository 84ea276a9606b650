package kpi

// Over-quarter aggregations: how the quarters of one agency make its year.
const (
	AggSum   = "sum"   // flows: dossiers received, hours cut
	AggLast  = "last"  // stocks: services on the portal; the latest quarter with a value
	AggFirst = "first" // opening stocks: dossiers carried over into the year
	AggAvg   = "avg"   // levels averaged over the quarters that have a value
	AggParts = "parts" // the sum of the year figures of its parts (Biểu 06 column 3)
)

// Across-agency aggregations: how agencies make a scope.
const (
	AcrossSum = "sum"
	AcrossAvg = "avg"
)

// Indicator kinds.
const (
	KindEntered = "entered" // typed in by officers each quarter
	KindDerived = "derived" // computed by its formula from the scope's totals of entered ones
)

// Outlier is when a value is far outside the agency's own history: more
// than Factor times the largest of the last Window quarters, or less than
// the smallest divided by Factor, by at least Floor (going from 2 late
// dossiers to 7 is not worth a question). Factor 0 turns it off.
type Outlier struct {
	Factor float64 `json:"factor"`
	Window int     `json:"window"`
	Floor  float64 `json:"floor"`
}

// DefaultOutlier is the outlier rule of an indicator that names none.
var DefaultOutlier = Outlier{Factor: 3, Window: 8, Floor: 10}

// outlierMinHistory is how many past quarters the outlier rule needs.
const outlierMinHistory = 4

// Indicator is one entry of the catalogue (chỉ tiêu).
type Indicator struct {
	Code   string `json:"code"`
	Group  string `json:"group"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	UnitVI string `json:"unit_vi"`
	UnitEN string `json:"unit_en"`
	Kind   string `json:"kind"`
	// Parts make a parts indicator (Biểu 06 column 3): its year is the sum
	// of its parts' years.
	Parts []string `json:"parts,omitempty"`
	// Formula is a derived indicator's expression over entered codes,
	// evaluated over the totals of a scope (or one agency's own values):
	// a rate is sum of numerators / sum of denominators, never averaged.
	Formula        string  `json:"formula,omitempty"`
	OverQuarters   string  `json:"over_quarters,omitempty"`
	AcrossAgencies string  `json:"across_agencies,omitempty"`
	Min            float64 `json:"min"`
	Max            float64 `json:"max"`
	HigherIsBetter bool    `json:"higher_is_better"`
	Decimals       int     `json:"decimals"`
	// Rank places the indicator among the ranking indicators (1 first);
	// 0: agencies are not ranked by it. Rankings read maintained entries,
	// so only these indicators can be ranked.
	Rank int `json:"rank,omitempty"`
	// RetiredFrom is the first year the indicator is no longer entered (0:
	// in use); its history stays on every report of earlier years.
	RetiredFrom int     `json:"retired_from,omitempty"`
	Outlier     Outlier `json:"outlier"`
	// Breakdown is the dimension the indicator is entered by ("" : totals
	// only); its total is the sum over the dimension's options.
	Breakdown string `json:"breakdown,omitempty"`

	formula *Expr
}

// Name returns the indicator's name in lang.
func (i Indicator) Name(lang string) string {
	if lang == "en" {
		return i.NameEN
	}
	return i.NameVI
}

// Unit returns the indicator's unit in lang.
func (i Indicator) Unit(lang string) string {
	if lang == "en" {
		return i.UnitEN
	}
	return i.UnitVI
}

// IsDerived reports whether the indicator is computed by its formula.
func (i Indicator) IsDerived() bool { return i.Kind == KindDerived }

// Compiled is a derived indicator's compiled formula (nil for others).
func (i Indicator) Compiled() *Expr { return i.formula }

// RetiredIn reports whether the indicator is no longer entered in year.
func (i Indicator) RetiredIn(year int) bool { return i.RetiredFrom > 0 && year >= i.RetiredFrom }

// IsPercent reports whether the value is shown with a % sign.
func (i Indicator) IsPercent() bool { return i.UnitVI == "%" }

// Whole reports whether entered values must be whole numbers.
func (i Indicator) Whole() bool { return i.Kind == KindEntered && i.Decimals == 0 }
