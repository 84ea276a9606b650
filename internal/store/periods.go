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
// something is in it).
func (db *DB) Quarters(ctx context.Context, year int) ([]int, error) {
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	var out []int
	for q := 1; q <= 4; q++ {
		for _, root := range tree.Roots() {
			query := `SELECT COUNT(*) FROM (SELECT 1 FROM kpi_values WHERE agency_id = ? AND year = ? AND period = ? LIMIT 1) x`
			if tree.HasChildren(root.Code) {
				query = `SELECT COUNT(*) FROM (SELECT 1 FROM rollups WHERE scope_id = ? AND year = ? AND period = ? LIMIT 1) x`
			}
			var n int
			if err := db.r.GetContext(ctx, &n, db.r.Rebind(query), root.ID, year, kpi.QuarterCode(q)); err != nil {
				return nil, err
			}
			if n > 0 {
				out = append(out, q)
				break
			}
		}
	}
	return out, nil
}
