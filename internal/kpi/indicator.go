package kpi

import (
	"io"
	"sort"
	"strconv"
	"strings"
)

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
	KindRatio   = "ratio"   // derived: sum of numerators / sum of denominators × scale
)

// DenAgencies as a denominator means "the number of agencies that reported
// the numerator", which turns a 0/1 flag into a share of agencies.
const DenAgencies = "#agencies"

// Indicator is one entry of the catalogue (chỉ tiêu).
type Indicator struct {
	Code           string   `json:"code"`
	Group          string   `json:"group"`
	NameVI         string   `json:"name_vi"`
	NameEN         string   `json:"name_en"`
	UnitVI         string   `json:"unit_vi"`
	UnitEN         string   `json:"unit_en"`
	Kind           string   `json:"kind"`
	Parts          []string `json:"parts,omitempty"`
	Numerator      []string `json:"numerator,omitempty"`
	Denominator    []string `json:"denominator,omitempty"`
	OverQuarters   string   `json:"over_quarters,omitempty"`
	AcrossAgencies string   `json:"across_agencies,omitempty"`
	Min            float64  `json:"min"`
	Max            float64  `json:"max"`
	HigherIsBetter bool     `json:"higher_is_better"`
	Decimals       int      `json:"decimals"`
	Scale          float64  `json:"scale"`
	// Rank places the indicator among the ranking indicators (1 first);
	// 0: agencies are not ranked by it. Rankings read maintained entries,
	// so only these indicators can be ranked.
	Rank int `json:"rank,omitempty"`
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

// IsRatio reports whether the indicator is derived from counts.
func (i Indicator) IsRatio() bool { return i.Kind == KindRatio }

// IsPercent reports whether the value is shown with a % sign.
func (i Indicator) IsPercent() bool { return i.UnitVI == "%" }

// Whole reports whether entered values must be whole numbers.
func (i Indicator) Whole() bool { return i.Kind == KindEntered && i.Decimals == 0 }

// Catalogue is the ordered list of indicators with an index by code.
type Catalogue struct {
	list   []Indicator
	byCode map[string]int
	ranked []Indicator // the ranking indicators in rank order
	index  *ScoreIndex // the score index (Decision 766), when the catalogue has one
}

// Get returns the indicator with the code.
func (c *Catalogue) Get(code string) (Indicator, bool) {
	i, ok := c.byCode[code]
	if !ok {
		return Indicator{}, false
	}
	return c.list[i], true
}

// All returns the indicators in catalogue order.
func (c *Catalogue) All() []Indicator { return append([]Indicator(nil), c.list...) }

// Entered returns the indicators officers type in, in catalogue order.
func (c *Catalogue) Entered() []Indicator {
	var out []Indicator
	for _, i := range c.list {
		if i.Kind == KindEntered {
			out = append(out, i)
		}
	}
	return out
}

// Ranked returns the ranking indicators in their order: the columns of
// every ranking table and the only indicators a ranking can be sorted by.
func (c *Catalogue) Ranked() []Indicator { return append([]Indicator(nil), c.ranked...) }

// Inputs are the entered indicators the figures of codes are made of (an
// entered indicator is its own input; parts and ratios are followed down to
// theirs), each once, in the order met: what a read must fetch to derive
// just those figures.
func (c *Catalogue) Inputs(codes ...string) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(code string)
	walk = func(code string) {
		ind, ok := c.Get(code)
		if !ok || seen[code] {
			return
		}
		seen[code] = true
		if ind.Kind == KindEntered {
			out = append(out, code)
		}
		for _, parts := range [][]string{ind.Parts, ind.Numerator, ind.Denominator} {
			for _, p := range parts {
				walk(p)
			}
		}
	}
	for _, code := range codes {
		walk(code)
	}
	return out
}

// IsRanked reports whether agencies are ranked by code.
func (c *Catalogue) IsRanked(code string) bool {
	i, ok := c.Get(code)
	return ok && i.Rank > 0
}

// Groups returns the group codes in order of first appearance.
func (c *Catalogue) Groups() []string {
	var out []string
	seen := map[string]bool{}
	for _, i := range c.list {
		if !seen[i.Group] {
			seen[i.Group] = true
			out = append(out, i.Group)
		}
	}
	return out
}

// NewCatalogue indexes indicators and checks every reference between them.
func NewCatalogue(list []Indicator) (*Catalogue, error) {
	c := &Catalogue{list: list, byCode: map[string]int{}}
	for n, i := range list {
		if _, dup := c.byCode[i.Code]; dup {
			return nil, Errorf(EINVALID, "Mã chỉ tiêu %s bị trùng.", "Indicator code %s appears twice.", i.Code)
		}
		c.byCode[i.Code] = n
	}
	for _, i := range list {
		if err := c.checkIndicator(i); err != nil {
			return nil, err
		}
		if i.Rank > 0 {
			c.ranked = append(c.ranked, i)
		}
	}
	sort.SliceStable(c.ranked, func(a, b int) bool { return c.ranked[a].Rank < c.ranked[b].Rank })
	return c, nil
}

func (c *Catalogue) checkIndicator(i Indicator) error {
	bad := func(what string) error {
		return Errorf(EINVALID, "Chỉ tiêu %s: %s không hợp lệ.", "Indicator %s: %s is not valid.", i.Code, what)
	}
	if i.Code == "" || i.NameVI == "" || i.NameEN == "" {
		return bad("code/name")
	}
	if i.Min > i.Max {
		return bad("min/max")
	}
	refs := append(append(append([]string(nil), i.Parts...), i.Numerator...), i.Denominator...)
	for _, r := range refs {
		if r == DenAgencies {
			continue
		}
		ref, ok := c.Get(r)
		if !ok || ref.Kind != KindEntered {
			return bad("reference " + r)
		}
	}
	switch i.Kind {
	case KindEntered:
		switch i.OverQuarters {
		case AggSum, AggLast, AggFirst, AggAvg:
		case AggParts:
			if len(i.Parts) == 0 {
				return bad("parts")
			}
		default:
			return bad("over_quarters")
		}
		if i.AcrossAgencies != AcrossSum && i.AcrossAgencies != AcrossAvg {
			return bad("across_agencies")
		}
	case KindRatio:
		if len(i.Numerator) == 0 || len(i.Denominator) == 0 || i.Scale <= 0 {
			return bad("numerator/denominator/scale")
		}
	default:
		return bad("kind")
	}
	return nil
}

// ParseCatalogue reads data/indicators.csv.
func ParseCatalogue(r io.Reader) (*Catalogue, error) {
	rows, err := readCSV(r, "code", "group", "name_vi", "name_en", "unit_vi", "unit_en", "kind", "parts",
		"numerator", "denominator", "over_quarters", "across_agencies", "min", "max", "higher_is_better", "decimals", "scale")
	if err != nil {
		return nil, err
	}
	list := make([]Indicator, 0, len(rows))
	for n, row := range rows {
		i := Indicator{
			Code: row["code"], Group: row["group"], NameVI: row["name_vi"], NameEN: row["name_en"],
			UnitVI: row["unit_vi"], UnitEN: row["unit_en"], Kind: row["kind"],
			Parts: splitCodes(row["parts"]), Numerator: splitCodes(row["numerator"]), Denominator: splitCodes(row["denominator"]),
			OverQuarters: row["over_quarters"], AcrossAgencies: row["across_agencies"],
			HigherIsBetter: row["higher_is_better"] == "true",
		}
		var errs []error
		i.Min, errs = parseFloat(row["min"], errs)
		i.Max, errs = parseFloat(row["max"], errs)
		i.Scale, errs = parseFloat(row["scale"], errs)
		dec, errs := parseFloat(row["decimals"], errs)
		i.Decimals = int(dec)
		if r := row["rank"]; r != "" { // an optional column
			var rank float64
			rank, errs = parseFloat(r, errs)
			i.Rank = int(rank)
		}
		if len(errs) > 0 {
			return nil, Errorf(EINVALID, "Dòng %d của danh mục chỉ tiêu có số không hợp lệ.", "Line %d of the indicator catalogue has an invalid number.", n+2)
		}
		list = append(list, i)
	}
	return NewCatalogue(list)
}

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "+")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func parseFloat(s string, errs []error) (float64, []error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, append(errs, err)
	}
	return f, errs
}
