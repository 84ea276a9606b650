package web

import (
	"context"
	"strconv"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// rankColumns are the ranking indicators of the catalogue (its rank
// column), in order: the ranking table's columns and the only indicators a
// ranking can be sorted by, since rankings read maintained rank entries.
// The first is the default sort key.
func rankColumns(cat *kpi.Catalogue) []string {
	var out []string
	for _, ind := range cat.Ranked() {
		out = append(out, ind.Code)
	}
	return out
}

const (
	rankEnds       = 10  // the overview shows the top and bottom ten
	defaultPerPage = 50  // rows of a page of the full ranking
	maxPerPage     = 100 // the most a page may ask for
)

// rankingParams are the ranking's query parameters, unparsed: the
// indicator to rank by, the direction (asc, desc or the indicator's best
// first), a kind of agency to keep, the page of the full ranking, and the
// ?scope= asked for (kept in the links; readScope has checked it).
type rankingParams struct {
	Indicator, Dir, Kind string
	Page, PerPage        string
	Scope                string
}

// rankingQuery is a checked ranking request.
type rankingQuery struct {
	Scope     string // the agency whose subtree is ranked
	Asked     string // ?scope= as asked, for links ("" for the user's own scope)
	Year      int
	Quarter   int
	Indicator kpi.Indicator
	Level     kpi.Level
	Kind      kpi.Kind // "" for every kind
	Dir       string   // asc or desc
	Page      int      // of the full ranking, from 1
	PerPage   int
	Full      bool           // the full ranking page (its links stay on it), not the overview
	cat       *kpi.Catalogue // the catalogue it was checked against
}

// parseRanking checks the parameters; a bad one is a 422 naming it.
func parseRanking(cat *kpi.Catalogue, p rankingParams) (rankingQuery, error) {
	code := p.Indicator
	if cols := rankColumns(cat); code == "" && len(cols) > 0 {
		code = cols[0]
	}
	ind, ok := cat.Get(code)
	if !ok || !cat.IsRanked(code) {
		return rankingQuery{}, store.ErrNotRanked(cat, code)
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
	page, err := positive(p.Page, 1, "Trang %q không hợp lệ (từ 1 trở lên).", "Page %q is not valid (1 or more).")
	if err != nil {
		return rankingQuery{}, err
	}
	per, err := positive(p.PerPage, defaultPerPage, "Số dòng mỗi trang %q không hợp lệ (từ 1 trở lên).", "Rows per page %q is not valid (1 or more).")
	if err != nil {
		return rankingQuery{}, err
	}
	return rankingQuery{Indicator: ind, Kind: kind, Dir: dir, Page: page, PerPage: min(per, maxPerPage), Asked: p.Scope, cat: cat}, nil
}

// positive reads a whole number of at least 1, def when empty.
func positive(param string, def int, vi, en string) (int, error) {
	if param == "" {
		return def, nil
	}
	n, err := strconv.Atoi(param)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, kpi.Errorf(kpi.EINVALID, vi, en, param)
	}
	return n, nil
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
// sum of denominators across its quarters), never an average of rates. The
// overview carries its two ends (Top, Bottom); the full ranking one page of
// Rows. Either way its size does not grow with the number of agencies.
type RankingView struct {
	Year       int          `json:"year"`
	Quarter    int          `json:"quarter"`
	Indicator  string       `json:"indicator"`
	Name       string       `json:"indicator_name"`
	Kind       kpi.Kind     `json:"kind,omitempty"`
	Dir        string       `json:"dir"`
	Columns    []RankColumn `json:"columns"`
	Total      int          `json:"total"`  // agencies compared
	Ranked     int          `json:"ranked"` // of which have a figure
	Rows       []RankRow    `json:"rows,omitempty"`
	Top        []RankRow    `json:"top,omitempty"`
	Bottom     []RankRow    `json:"bottom,omitempty"` // the last with a figure, not repeating Top
	Paging     *Paging      `json:"paging,omitempty"`
	URL        string       `json:"url"`     // the full ranking page
	APIURL     string       `json:"api_url"` // the same, as JSON
	Scope      string       `json:"-"`       // ?scope= as asked, kept by the forms and links
	Indicators []Option     `json:"-"`
	Kinds      []Option     `json:"-"`
	Span       int          `json:"-"` // columns of the table
	Between    string       `json:"-"` // "… 4.980 agencies in between" (overview)
	Summary    string       `json:"-"` // "5.000 agencies compared, 4.990 with a figure."
}

// Paging places a page of the full ranking.
type Paging struct {
	Page    int    `json:"page"`
	PerPage int    `json:"per_page"`
	Pages   int    `json:"pages"`
	First   int    `json:"first"` // position of the page's first row, from 1
	PrevURL string `json:"-"`
	NextURL string `json:"-"`
	Label   string `json:"-"` // "Page 2 of 100"
	Rows    string `json:"-"` // "Rows 51–100 of 5,000"
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

// rankPage reads part of the query's ranking from the store.
func (s *Server) rankPage(ctx context.Context, q rankingQuery, offset, limit int) (store.RankPage, error) {
	return s.db.Ranking(ctx, q.store(offset, limit))
}

// store is the store's query for a part of the ranking.
func (q rankingQuery) store(offset, limit int) store.RankQuery {
	return store.RankQuery{Scope: store.Scope{Agency: q.Scope, Year: q.Year, Quarter: q.Quarter, Level: q.Level},
		Indicator: q.Indicator.Code, Kind: q.Kind, Desc: q.Dir == "desc", Offset: offset, Limit: limit}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quarterParam(q int) string {
	if q == 0 {
		return ""
	}
	return itoa(q)
}
