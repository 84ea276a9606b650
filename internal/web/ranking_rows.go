package web

import (
	"context"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// overviewRanking is the ranking as the overview shows it: the top ten and
// the bottom ten (of the agencies with a figure) in the chosen order, and
// links to the full, paginated ranking. Two index ranges with LIMIT,
// whatever the number of agencies, and one read of the rows' cells.
func (s *Server) overviewRanking(ctx context.Context, lang string, q rankingQuery) (*RankingView, error) {
	top, bottom, err := s.db.RankingEnds(ctx, q.store(0, rankEnds))
	if err != nil {
		return nil, err
	}
	v := rankingHead(lang, q, top)
	ranked := min(len(top.Entries), v.Ranked)
	rows, err := s.rankRowsOf(ctx, lang, q, top.Entries[:ranked], bottom)
	if err != nil {
		return nil, err
	}
	v.Top, v.Bottom = rows[0], rows[1]
	tellApart(lang, q.cat, q, v.Top, nil)
	if len(v.Bottom) > 0 {
		before, err := s.rowBefore(ctx, lang, q, v.Ranked-len(v.Bottom), v.Bottom)
		if err != nil {
			return nil, err
		}
		tellApart(lang, q.cat, q, v.Bottom, before)
	}
	if n := v.Ranked - ranked - len(bottom); n > 0 {
		v.Between = i18n.Tf(lang, "dash.rank.between", number(lang, n))
	}
	return v, nil
}

// fullRanking is one page of the whole ranking, the agencies without a
// figure last.
func (s *Server) fullRanking(ctx context.Context, lang string, q rankingQuery) (*RankingView, error) {
	page, err := s.rankPage(ctx, q, (q.Page-1)*q.PerPage, q.PerPage)
	if err != nil {
		return nil, err
	}
	v := rankingHead(lang, q, page)
	total := v.Total
	pages := max(1, (total+q.PerPage-1)/q.PerPage)
	from := min((q.Page-1)*q.PerPage, total)
	to := min(from+q.PerPage, total)
	v.Paging = &Paging{Page: q.Page, PerPage: q.PerPage, Pages: pages, First: from + 1,
		Label: i18n.Tf(lang, "dash.rank.page", number(lang, q.Page), number(lang, pages)),
		Rows:  i18n.Tf(lang, "dash.rank.rows", number(lang, min(from+1, to)), number(lang, to), number(lang, total))}
	if q.Page > 1 {
		v.Paging.PrevURL = rankingURL("/ranking", q, min(q.Page-1, pages))
	}
	if q.Page < pages {
		v.Paging.NextURL = rankingURL("/ranking", q, q.Page+1)
	}
	if v.Rows, err = s.rankRows(ctx, lang, q, page.Entries); err != nil {
		return nil, err
	}
	before, err := s.rowBefore(ctx, lang, q, (q.Page-1)*q.PerPage, v.Rows)
	tellApart(lang, q.cat, q, v.Rows, before)
	return v, err
}

// rankingHead is everything of a ranking view but its rows.
func rankingHead(lang string, q rankingQuery, page store.RankPage) *RankingView {
	cat := q.cat
	v := &RankingView{Year: q.Year, Quarter: q.Quarter, Indicator: q.Indicator.Code, Name: q.Indicator.Name(lang),
		Kind: q.Kind, Dir: q.Dir, Columns: rankingColumns(lang, cat, q), Total: page.Compared, Ranked: page.Ranked, Scope: q.Asked,
		URL: rankingURL("/ranking", q, 1), APIURL: rankingURL("/api/v1/ranking", q, 1)}
	v.Span = len(v.Columns) + 3
	v.Summary = i18n.Tf(lang, "dash.rank.summary", number(lang, v.Total), number(lang, v.Ranked))
	v.Indicators, v.Kinds = rankingOptions(lang, cat, q)
	return v
}

// rankRows names the agencies of part and fills their cells, reading the
// own figures of these few agencies only.
func (s *Server) rankRows(ctx context.Context, lang string, q rankingQuery, part []store.RankEntry) ([]RankRow, error) {
	rows, err := s.rankRowsOf(ctx, lang, q, part)
	if err != nil {
		return nil, err
	}
	return rows[0], nil
}

// rankRowsOf is rankRows of several parts, their cells read at once.
func (s *Server) rankRowsOf(ctx context.Context, lang string, q rankingQuery, parts ...[]store.RankEntry) ([][]RankRow, error) {
	out := make([][]RankRow, len(parts))
	var codes []string
	for _, part := range parts {
		for _, r := range part {
			codes = append(codes, r.Code)
		}
	}
	if len(codes) == 0 {
		return out, nil
	}
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	cat := q.cat
	cols := rankingColumns(lang, cat, q)
	shown := make([]string, len(cols))
	for i, col := range cols {
		shown[i] = col.Code
	}
	own, err := s.db.OwnFiguresOf(ctx, store.Scope{Year: q.Year, Quarter: q.Quarter, Level: q.Level}, codes, shown...)
	if err != nil {
		return nil, err
	}
	for i, part := range parts {
		for _, r := range part {
			a := tree.Get(r.Code)
			if a == nil { // moved out between the two reads: shown at the next request
				continue
			}
			row := RankRow{Rank: r.Rank, Code: a.Code, Name: a.Name, Kind: a.Kind, KindLabel: i18n.T(lang, "kind."+string(a.Kind)),
				Value: r.Figure.Value, OK: r.Figure.OK, Display: display(lang, q.Indicator, r.Figure), URL: agencyURL(a.Code, q.Year)}
			for _, col := range cols {
				ind, _ := cat.Get(col.Code)
				row.Cells = append(row.Cells, cellOf(lang, ind, own[r.Code][col.Code]))
			}
			out[i] = append(out[i], row)
		}
	}
	return out, nil
}

// rankingURL links a page of the full ranking (path /ranking) or its JSON
// (/api/v1/ranking) with the query's choices.
func rankingURL(path string, q rankingQuery, page int) string {
	per := ""
	if q.PerPage != 0 && q.PerPage != defaultPerPage {
		per = itoa(q.PerPage)
	}
	pg := ""
	if page > 1 {
		pg = itoa(page)
	}
	return link(path, "year", itoa(q.Year), "quarter", quarterParam(q.Quarter), "state", stateParam(q.Level), "indicator", q.Indicator.Code,
		"kind", string(q.Kind), "dir", q.Dir, "page", pg, "per_page", per, scopeParam, q.Asked)
}

// rankingColumns puts the sort indicator first when it is not a standard
// column; each header sorts by it, on the overview or on the full ranking
// (clicking the sorted column again flips the direction).
func rankingColumns(lang string, cat *kpi.Catalogue, q rankingQuery) []RankColumn {
	codes := rankColumns(cat)
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
		if q.Full {
			sorted := q
			sorted.Indicator, sorted.Dir = ind, dir
			col.URL = rankingURL("/ranking", sorted, 1)
		} else {
			col.URL = link("/", "year", itoa(q.Year), "quarter", quarterParam(q.Quarter), "state", stateParam(q.Level), "kind", string(q.Kind),
				"sort", code, "dir", dir, scopeParam, q.Asked) + "#ranking"
		}
		out = append(out, col)
	}
	return out
}

func rankingOptions(lang string, cat *kpi.Catalogue, q rankingQuery) (inds, kinds []Option) {
	for _, ind := range cat.Ranked() {
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

// number formats a count for lang: 5.000 or 5,000.
func number(lang string, n int) string { return i18n.Number(lang, float64(n), 0) }
