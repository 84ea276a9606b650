package web

import (
	"context"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// rankColumns are the indicators the ranking table shows beside the one it
// is sorted by; any indicator of the catalogue can be the sort key.
var rankColumns = []string{"ontime_rate", "sat_rate", "tthc_simplified", "hours_cut", "svc_level4", "dos_resolved"}

const defaultRankIndicator = "ontime_rate"

// rankingParams are the ranking's query parameters, unparsed: the
// indicator to rank by, the direction (asc, desc or the indicator's best
// first) and a kind of agency to keep.
type rankingParams struct {
	Indicator, Dir, Kind string
}

// rankingQuery is a checked ranking request.
type rankingQuery struct {
	Scope     string
	Year      int
	Quarter   int
	Indicator kpi.Indicator
	Kind      kpi.Kind // "" for every kind
	Dir       string   // asc or desc
}

// parseRanking checks the parameters; a bad one is a 422 naming it.
func parseRanking(cat *kpi.Catalogue, p rankingParams) (rankingQuery, error) {
	code := p.Indicator
	if code == "" {
		code = defaultRankIndicator
	}
	ind, ok := cat.Get(code)
	if !ok {
		return rankingQuery{}, kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %q để xếp hạng.", "There is no indicator %q to rank by.", code)
	}
	kind := kpi.Kind(p.Kind)
	if kind != "" && !kind.Valid() {
		return rankingQuery{}, kpi.Errorf(kpi.EINVALID, "Loại cơ quan %q không hợp lệ.", "Agency kind %q is not valid.", p.Kind)
	}
	dir := p.Dir
	switch dir {
	case "asc", "desc":
	case "":
		dir = bestFirst(ind)
	default:
		return rankingQuery{}, kpi.Errorf(kpi.EINVALID, "Chiều sắp xếp %q không hợp lệ (asc hoặc desc).", "Sort direction %q is not valid (asc or desc).", p.Dir)
	}
	return rankingQuery{Indicator: ind, Kind: kind, Dir: dir}, nil
}

// bestFirst is the direction that puts the best agency on top.
func bestFirst(ind kpi.Indicator) string {
	if ind.HigherIsBetter {
		return "desc"
	}
	return "asc"
}

// RankingView ranks the agencies of a scope by one indicator, each by its
// own figures: rates from the agency's own counts (sum of numerators over
// sum of denominators across its quarters), never an average of rates.
type RankingView struct {
	Year       int          `json:"year"`
	Quarter    int          `json:"quarter"`
	Indicator  string       `json:"indicator"`
	Name       string       `json:"indicator_name"`
	Kind       kpi.Kind     `json:"kind,omitempty"`
	Dir        string       `json:"dir"`
	Columns    []RankColumn `json:"columns"`
	Rows       []RankRow    `json:"rows"`
	Indicators []Option     `json:"-"`
	Kinds      []Option     `json:"-"`
}

// RankColumn is an indicator column; its header link sorts by it.
type RankColumn struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Sorted bool   `json:"sorted"`
	Arrow  string `json:"-"`
	Aria   string `json:"-"` // aria-sort of the sorted column
	URL    string `json:"-"`
}

// RankRow is one agency's place (0: no figure, unranked) and its cells in
// column order.
type RankRow struct {
	Rank      int      `json:"rank"`
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Kind      kpi.Kind `json:"kind"`
	KindLabel string   `json:"kind_label"`
	Value     float64  `json:"value"`
	OK        bool     `json:"ok"`
	Display   string   `json:"display"`
	Cells     []Cell   `json:"cells"`
	URL       string   `json:"-"`
}

// Option is an entry of a select box.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// ranking ranks every agency below the scope (of the kind asked) by its
// own figures for the period.
func (s *Server) ranking(ctx context.Context, lang string, q rankingQuery) (*RankingView, error) {
	own, err := s.db.OwnFigures(ctx, store.Scope{Agency: q.Scope, Year: q.Year, Quarter: q.Quarter})
	if err != nil {
		return nil, err
	}
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	cat := s.db.Catalogue()
	figs := map[string]kpi.Figure{}
	for code, f := range own {
		a := tree.Get(code)
		if a == nil || code == q.Scope || (q.Kind != "" && a.Kind != q.Kind) {
			continue
		}
		figs[code] = f[q.Indicator.Code]
	}
	v := &RankingView{Year: q.Year, Quarter: q.Quarter, Indicator: q.Indicator.Code, Name: q.Indicator.Name(lang),
		Kind: q.Kind, Dir: q.Dir, Columns: rankingColumns(lang, cat, q)}
	ranked := kpi.Rank(q.Indicator, figs)
	if q.Dir != bestFirst(q.Indicator) {
		reverseRanked(ranked)
	}
	for _, r := range ranked {
		a := tree.Get(r.Code)
		row := RankRow{Rank: r.Rank, Code: a.Code, Name: a.Name, Kind: a.Kind, KindLabel: i18n.T(lang, "kind."+string(a.Kind)),
			Value: r.Figure.Value, OK: r.Figure.OK, Display: display(lang, q.Indicator, r.Figure), URL: agencyURL(a.Code, q.Year)}
		for _, col := range v.Columns {
			ind, _ := cat.Get(col.Code)
			row.Cells = append(row.Cells, cellOf(lang, ind, own[r.Code][col.Code]))
		}
		v.Rows = append(v.Rows, row)
	}
	v.Indicators, v.Kinds = rankingOptions(lang, cat, q)
	return v, nil
}

// reverseRanked turns the ranked part worst first; agencies without a
// figure stay at the bottom either way.
func reverseRanked(r []kpi.Ranked) {
	n := 0
	for n < len(r) && r[n].Figure.OK {
		n++
	}
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
}

// rankingColumns puts the sort indicator first when it is not a standard
// column; each header links to the overview sorted by it (clicking the
// sorted column again flips the direction).
func rankingColumns(lang string, cat *kpi.Catalogue, q rankingQuery) []RankColumn {
	codes := rankColumns
	if !contains(codes, q.Indicator.Code) {
		codes = append([]string{q.Indicator.Code}, codes...)
	}
	out := make([]RankColumn, 0, len(codes))
	for _, code := range codes {
		ind, _ := cat.Get(code)
		col := RankColumn{Code: code, Name: ind.Name(lang), Sorted: code == q.Indicator.Code}
		dir := bestFirst(ind)
		if col.Sorted {
			col.Arrow = map[string]string{"asc": "▲", "desc": "▼"}[q.Dir]
			col.Aria = map[string]string{"asc": "ascending", "desc": "descending"}[q.Dir]
			dir = map[string]string{"asc": "desc", "desc": "asc"}[q.Dir]
		}
		col.URL = link("/", "year", itoa(q.Year), "quarter", quarterParam(q.Quarter), "kind", string(q.Kind),
			"sort", code, "dir", dir) + "#ranking"
		out = append(out, col)
	}
	return out
}

func rankingOptions(lang string, cat *kpi.Catalogue, q rankingQuery) (inds, kinds []Option) {
	for _, ind := range cat.All() {
		inds = append(inds, Option{Value: ind.Code, Label: ind.Name(lang), Selected: ind.Code == q.Indicator.Code})
	}
	kinds = append(kinds, Option{Value: "", Label: i18n.T(lang, "dash.rank.allkinds"), Selected: q.Kind == ""})
	for _, k := range kpi.Kinds {
		if k == kpi.KindProvince {
			continue
		}
		kinds = append(kinds, Option{Value: string(k), Label: i18n.T(lang, "kind."+string(k)), Selected: q.Kind == k})
	}
	return inds, kinds
}

func quarterParam(q int) string {
	if q == 0 {
		return ""
	}
	return itoa(q)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
