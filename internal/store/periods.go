package store

import (
	"context"
	"sort"

	"parkpi/internal/kpi"
)

// Years returns the years that have values, newest first. Every agency is
// below some root, so a root's rows know every year: a skip-scan of its
// sums (one index seek per year), or of its own values for a lone root.
func (db *DB) Years(ctx context.Context) ([]int, error) {
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	for _, root := range tree.Roots() {
		table, col := "kpi_values", "agency_id"
		if tree.HasChildren(root.Code) {
			table, col = "rollups", "scope_id"
		}
		var years []int
		// table and col are one of two constant pairs above, never input.
		err := db.r.SelectContext(ctx, &years, db.r.Rebind(`WITH RECURSIVE y(year) AS (
				SELECT MAX(year) FROM `+table+` WHERE `+col+` = ?
				UNION ALL
				SELECT (SELECT MAX(year) FROM `+table+` WHERE `+col+` = ? AND year < y.year) FROM y WHERE y.year IS NOT NULL)
			SELECT year FROM y WHERE year IS NOT NULL`), root.ID, root.ID)
		if err != nil {
			return nil, err
		}
		for _, y := range years {
			seen[y] = true
		}
	}
	out := make([]int, 0, len(seen))
	for y := range seen {
		out = append(out, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out, nil
}

// Quarters returns the quarters of year that have values, in order: one
// existence check per quarter on the roots' rows (a row exists only when
// something is in it), the four in one statement per root.
func (db *DB) Quarters(ctx context.Context, year int) ([]int, error) {
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	has := map[string]bool{}
	for _, root := range tree.Roots() {
		table, col := "kpi_values", "agency_id"
		if tree.HasChildren(root.Code) {
			table, col = "rollups", "scope_id"
		}
		var periods []string
		// table and col are one of two constant pairs above, never input.
		err := db.r.SelectContext(ctx, &periods, db.r.Rebind(`SELECT q.period FROM
			(SELECT 'Q1' AS period UNION ALL SELECT 'Q2' UNION ALL SELECT 'Q3' UNION ALL SELECT 'Q4') q
			WHERE EXISTS (SELECT 1 FROM `+table+` t WHERE t.`+col+` = ? AND t.year = ? AND t.period = q.period)`), root.ID, year)
		if err != nil {
			return nil, err
		}
		for _, p := range periods {
			has[p] = true
		}
	}
	var out []int
	for q := 1; q <= 4; q++ {
		if has[kpi.QuarterCode(q)] {
			out = append(out, q)
		}
	}
	return out, nil
}
