package store

import (
	"context"
	"strings"

	"parkpi/internal/kpi"
)

// RankQuery asks for one part of a ranking: the agencies below the scope's
// agency (not itself), of one kind or all (""), by their own figure of a
// ranking indicator, highest first when Desc, from Offset for Limit rows.
type RankQuery struct {
	Scope
	Indicator string
	Kind      kpi.Kind
	Desc      bool
	Offset    int
	Limit     int
}

// RankEntry is one agency's place: Rank counts from the best (ties share
// it), 0 for an agency without a figure, listed after those with one.
type RankEntry struct {
	Code   string
	Kind   kpi.Kind
	Figure kpi.Figure
	Rank   int
}

// RankPage is the part asked for, with how many agencies are compared and
// how many of them have a figure.
type RankPage struct {
	Entries  []RankEntry
	Compared int
	Ranked   int
}

// ErrNotRanked is the answer to a ranking by an indicator that agencies
// are not ranked by: it names those they are.
func ErrNotRanked(cat *kpi.Catalogue, code string) error {
	var codes []string
	for _, ind := range cat.Ranked() {
		codes = append(codes, ind.Code)
	}
	return kpi.Errorf(kpi.EINVALID, "Không xếp hạng được theo chỉ tiêu %q; các chỉ tiêu xếp hạng: %s.",
		"Agencies cannot be ranked by %q; the ranking indicators are: %s.", code, strings.Join(codes, ", "))
}

// Ranking reads a page of a ranking from the maintained rank entries: an
// index range with LIMIT, whatever the number of agencies; how many are
// ranked comes from the sums, and each page's first rank from one count
// from the nearer end.
func (db *DB) Ranking(ctx context.Context, q RankQuery) (RankPage, error) {
	page, r, err := db.rankHead(ctx, q)
	if err != nil || r == nil {
		return page, err
	}
	if q.Offset < page.Ranked {
		if page.Entries, err = r.entries(ctx, page.Ranked); err != nil {
			return page, err
		}
	}
	if rest := q.Limit - len(page.Entries); rest > 0 && q.Offset+len(page.Entries) < page.Compared {
		tree, err := db.Tree(ctx)
		if err != nil {
			return page, err
		}
		more, err := r.unranked(ctx, tree, max(0, q.Offset-page.Ranked), rest)
		if err != nil {
			return page, err
		}
		page.Entries = append(page.Entries, more...)
	}
	return page, nil
}

// RankingEnds reads both ends of a ranking at once, q.Limit ranked agencies
// each (q.Offset is not used): the top from the best, and the bottom up to
// the last ranked without repeating the top (empty when every ranked agency
// is in the top) — the overview's two lists, from one count of how many are
// ranked.
func (db *DB) RankingEnds(ctx context.Context, q RankQuery) (top RankPage, bottom []RankEntry, err error) {
	q.Offset = 0
	top, r, err := db.rankHead(ctx, q)
	if err != nil || r == nil || top.Ranked == 0 {
		return top, nil, err
	}
	if top.Entries, err = r.entries(ctx, top.Ranked); err != nil {
		return top, nil, err
	}
	from := max(len(top.Entries), top.Ranked-q.Limit)
	if from >= top.Ranked {
		return top, nil, nil
	}
	r.q.Offset, r.q.Limit = from, top.Ranked-from
	bottom, err = r.entries(ctx, top.Ranked)
	return top, bottom, err
}

// rankHead checks a ranking query and counts its agencies: how many are
// compared and how many ranked, with the range of rank entries to read
// (nil when there is none: a leaf, or no rows asked).
func (db *DB) rankHead(ctx context.Context, q RankQuery) (RankPage, *rankRange, error) {
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return RankPage{}, nil, err
	}
	ind, ok := cat.Get(q.Indicator)
	if !ok || ind.Rank == 0 {
		return RankPage{}, nil, ErrNotRanked(cat, q.Indicator)
	}
	tree, a, err := db.scopeAgency(ctx, q.Agency)
	if err != nil {
		return RankPage{}, nil, err
	}
	var page RankPage
	for kind, n := range tree.SubtreeKinds(a.Code) {
		if q.Kind == "" || kind == q.Kind {
			page.Compared += n
		}
	}
	if q.Kind == "" || a.Kind == q.Kind {
		page.Compared-- // the scope's own agency is not ranked
	}
	if !tree.HasChildren(a.Code) || q.Limit <= 0 {
		return page, nil, nil
	}
	r := &rankRange{db: db, q: q, ind: ind, scope: a}
	page.Ranked, err = r.ranked(ctx)
	return page, r, err
}

// rankRange is one ranking's range of rank entries.
type rankRange struct {
	db    *DB
	q     RankQuery
	ind   kpi.Indicator
	scope *kpi.Agency
}

// filter is the range's condition and arguments (r is rank_entries, a the
// ranked agency).
func (r rankRange) filter() (string, []any) {
	cond := `r.scope_id = ? AND r.indicator_id = ? AND r.year = ? AND r.period = ? AND (r.levels & ?) <> 0`
	args := []any{r.scope.ID, r.db.idOrZero(r.ind.Code), r.q.Year, r.q.period(), int(kpi.LevelSet(1) << uint(r.q.level()-1))}
	if r.q.Kind != "" {
		cond += ` AND a.kind = ?`
		args = append(args, string(r.q.Kind))
	}
	return cond, args
}

// ranked is how many agencies below the scope have a figure: the sums'
// count of the scope, less the scope's own agency.
func (r rankRange) ranked(ctx context.Context) (int, error) {
	s := r.q.Scope
	args := []any{r.scope.ID, s.Year, s.period(), r.db.idOrZero(r.ind.Code), int(s.level())}
	cond := ""
	if r.q.Kind != "" {
		cond, args = " AND kind = ?", append(args, string(r.q.Kind))
	}
	var n int
	err := r.db.r.GetContext(ctx, &n, r.db.r.Rebind(`SELECT COALESCE(SUM(n), 0) FROM rollups
		WHERE scope_id = ? AND year = ? AND period = ? AND indicator_id = ? AND option_id = 0 AND bucket >= ?`+cond), args...)
	if err != nil {
		return 0, err
	}
	if r.q.Kind == "" || r.scope.Kind == r.q.Kind {
		own, err := r.db.OwnFiguresOf(ctx, s, []string{r.scope.Code}, r.ind.Code)
		if err != nil {
			return 0, err
		}
		if own[r.scope.Code][r.ind.Code].OK {
			n--
		}
	}
	return n, nil
}

// entries reads the page's ranked agencies and numbers them. A page in
// the far half is read from the other end of the index and turned round,
// so the bottom ten cost what the top ten do.
func (r rankRange) entries(ctx context.Context, ranked int) ([]RankEntry, error) {
	cond, args := r.filter()
	limit := min(r.q.Limit, ranked-r.q.Offset)
	desc, offset := r.q.Desc, r.q.Offset
	reversed := offset > ranked/2
	if reversed {
		desc, offset = !desc, ranked-offset-limit
	}
	order := "r.value, r.agency_id"
	if desc {
		order = "r.value DESC, r.agency_id DESC"
	}
	rows, err := r.db.r.QueryContext(ctx, r.db.r.Rebind(`SELECT a.code, a.kind, r.value FROM rank_entries r
		JOIN agencies a ON a.id = r.agency_id WHERE `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`),
		append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RankEntry
	for rows.Next() {
		var e RankEntry
		var kind string
		if err := rows.Scan(&e.Code, &kind, &e.Figure.Value); err != nil {
			return nil, err
		}
		e.Kind, e.Figure.OK = kpi.Kind(kind), true
		out = append(out, e)
	}
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	if reversed {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, r.number(ctx, out, ranked)
}

// number gives ranks best first, ties sharing the best place of their
// group (1, 2, 2, 4): the page's end nearest the best is placed by one
// count, the rest by position.
func (r rankRange) number(ctx context.Context, out []RankEntry, ranked int) error {
	bestFirst := r.q.Desc == r.ind.HigherIsBetter
	last := len(out) - 1
	if bestFirst {
		better, err := r.better(ctx, out[0].Figure.Value, r.q.Offset, ranked)
		if err != nil {
			return err
		}
		out[0].Rank = better + 1
		for i := 1; i <= last; i++ {
			out[i].Rank = r.q.Offset + i + 1
			if out[i].Figure.Value == out[i-1].Figure.Value {
				out[i].Rank = out[i-1].Rank
			}
		}
		return nil
	}
	better, err := r.better(ctx, out[last].Figure.Value, ranked-1-(r.q.Offset+last), ranked)
	if err != nil {
		return err
	}
	out[last].Rank = better + 1
	for i := last - 1; i >= 0; i-- {
		out[i].Rank = ranked - r.q.Offset - i
		if out[i].Figure.Value == out[i+1].Figure.Value {
			out[i].Rank = out[i+1].Rank
		}
	}
	return nil
}

// better counts the entries better than v, scanning from the nearer end:
// pos is v's place from the best.
func (r rankRange) better(ctx context.Context, v float64, pos, ranked int) (int, error) {
	cond, args := r.filter()
	op, direct := ">", pos < ranked/2
	if !r.ind.HigherIsBetter {
		op = "<"
	}
	if !direct {
		op = map[string]string{">": "<=", "<": ">="}[op]
	}
	var n int
	err := r.db.r.GetContext(ctx, &n, r.db.r.Rebind(`SELECT COUNT(*) FROM rank_entries r JOIN agencies a ON a.id = r.agency_id
		WHERE `+cond+` AND r.value `+op+` ?`), append(args, v)...)
	if err != nil || direct {
		return n, err
	}
	return ranked - n, nil
}

// unranked lists, in tree order, the agencies below the scope without a
// figure: the pages after the ranked ones.
func (r rankRange) unranked(ctx context.Context, tree *kpi.Tree, skip, limit int) ([]RankEntry, error) {
	cond, args := r.filter()
	var ids []int64
	if err := r.db.r.SelectContext(ctx, &ids, r.db.r.Rebind(`SELECT r.agency_id FROM rank_entries r
		JOIN agencies a ON a.id = r.agency_id WHERE `+cond), args...); err != nil {
		return nil, err
	}
	has := make(map[int64]bool, len(ids))
	for _, id := range ids {
		has[id] = true
	}
	var out []RankEntry
	for _, code := range tree.Descendants(r.scope.Code) {
		a := tree.Get(code)
		if has[a.ID] || (r.q.Kind != "" && a.Kind != r.q.Kind) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, RankEntry{Code: a.Code, Kind: a.Kind})
		if len(out) == limit {
			break
		}
	}
	return out, nil
}
