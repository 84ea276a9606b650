package store

import (
	"context"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// Rebuild recomputes every derived table (own figures, sums, rank entries,
// report counts) from the entered values and the reports, in one
// transaction: the contribution function of every agency-year, added up.
// Writes keep the tables current by deltas; this is the repair tool
// (`parkpi rebuild`) and what Open runs once after the schema changed.
func (db *DB) Rebuild(ctx context.Context) error {
	err := db.inStmtTx(ctx, Locks{Tree: TreeExclusive}, func(t *stmtTx) error {
		if err := db.rebuildTx(ctx, t); err != nil {
			return err
		}
		return db.publishAll(ctx, t)
	})
	if err == nil {
		db.changes.notify(Change{All: true})
	}
	return err
}

// rebuildIfMarked runs the rebuild a migration asked for, once.
func (db *DB) rebuildIfMarked(ctx context.Context) error {
	var marks []string
	if err := db.r.SelectContext(ctx, &marks, "SELECT value FROM store_state WHERE key = 'rebuild'"); err != nil {
		return err
	}
	if len(marks) == 0 {
		return nil
	}
	return db.Rebuild(ctx)
}

// derivedTables are emptied by a rebuild.
var derivedTables = []string{"own_figures", "rollups", "rank_entries", "report_counts"}

func (db *DB) rebuildTx(ctx context.Context, t *stmtTx) error {
	for _, table := range derivedTables {
		if _, err := t.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			return err
		}
	}
	tree, err := loadTree(ctx, t)
	if err != nil {
		return err
	}
	cat, err := loadCatalogue(ctx, t)
	if err != nil {
		return err
	}
	b := newBuilder(db, tree, cat.cat)
	b.reg = cat.reg
	states, err := db.allStates(ctx, t)
	if err != nil {
		return err
	}
	add := func(id int64, y kpi.AgencyYear) error { return b.addWriting(ctx, t, id, y) }
	if err := db.eachYearOf(ctx, t, nil, states, add); err != nil {
		return err
	}
	for k, st := range states { // reports without a value still count
		if a := tree.ByID(k.agency); a != nil {
			if err := add(k.agency, kpi.AgencyYear{Kind: a.Kind, Year: k.year, States: st}); err != nil {
				return err
			}
		}
	}
	if err := b.finish(ctx, t); err != nil {
		return err
	}
	_, err = t.ExecContext(ctx, "DELETE FROM store_state WHERE key = 'rebuild'")
	return err
}

type agencyYearKey struct {
	agency int64
	year   int
}

// allStates reads every report's state, by agency-year.
func (db *DB) allStates(ctx context.Context, q queryer) (map[agencyYearKey][5]string, error) {
	rows, err := q.QueryxContext(ctx, q.Rebind("SELECT agency_id, year, period, state FROM submissions WHERE dataset_id = ?"), mainDataset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[agencyYearKey][5]string{}
	for rows.Next() {
		var k agencyYearKey
		var period, state string
		if err := rows.Scan(&k.agency, &k.year, &period, &state); err != nil {
			return nil, err
		}
		if quarter, ok := kpi.QuarterOfCode(period); ok && quarter > 0 {
			st := out[k]
			st[quarter] = state
			out[k] = st
		}
	}
	return out, rows.Err()
}

// yearBatch is how many agencies' values eachYearOf reads per statement
// (a variable so the tests can make batch boundaries fall inside the demo).
var yearBatch = 256

// eachYearOf hands each agency-year of entered values to fn, in key order,
// with its states, which it removes from states; keep, if not nil, names
// the indicators whose values are read. It reads the agencies in batches
// by id and closes each batch's cursor before calling fn, so fn may write
// on the same transaction (a PostgreSQL connection serves one statement
// at a time: a write while a cursor is open fails there) and memory stays
// bounded by a batch, not the nation.
func (db *DB) eachYearOf(ctx context.Context, q queryer, keep map[int64]bool, states map[agencyYearKey][5]string, fn func(int64, kpi.AgencyYear) error) error {
	var after int64
	for {
		var ids []int64
		if err := sqlx.SelectContext(ctx, q, &ids, q.Rebind("SELECT id FROM agencies WHERE id > ? ORDER BY id LIMIT ?"), after, yearBatch); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		after = ids[len(ids)-1]
		years, err := db.readYears(ctx, q, keep, ids[0], after)
		if err != nil {
			return err
		}
		for _, y := range years {
			y.AgencyYear.States = states[y.key]
			delete(states, y.key)
			if err := fn(y.key.agency, y.AgencyYear); err != nil {
				return err
			}
		}
	}
}

// keyedYear is an agency-year read by readYears.
type keyedYear struct {
	key agencyYearKey
	kpi.AgencyYear
}

// readYears reads the values of the agencies from id first to last, by
// agency-year in key order; the cursor is closed when it returns.
func (db *DB) readYears(ctx context.Context, q queryer, keep map[int64]bool, first, last int64) ([]keyedYear, error) {
	rows, err := q.QueryxContext(ctx, q.Rebind(`SELECT v.agency_id, a.kind, v.year, v.period, v.indicator_id, v.option_id, v.value
		FROM kpi_values v JOIN agencies a ON a.id = v.agency_id
		WHERE v.agency_id >= ? AND v.agency_id <= ? ORDER BY v.agency_id, v.year`), first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []keyedYear
	for rows.Next() {
		var k agencyYearKey
		var kind, period string
		var ind, opt int64
		var v float64
		if err := rows.Scan(&k.agency, &kind, &k.year, &period, &ind, &opt, &v); err != nil {
			return nil, err
		}
		if keep != nil && !keep[ind] {
			continue
		}
		if len(out) == 0 || out[len(out)-1].key != k {
			out = append(out, keyedYear{key: k, AgencyYear: kpi.AgencyYear{Kind: kpi.Kind(kind), Year: k.year, Values: map[kpi.SeriesKey]kpi.Quarters{}}})
		}
		db.putValue(&out[len(out)-1].AgencyYear, period, ind, opt, v)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// builder adds up the contributions of many agency-years into the derived
// tables: what a rebuild, a bulk load and the generator write. Own figures
// go out as they come (in agency order, their key order); rank entries are
// kept and written sorted at the end (their key is scope-first); sums and
// counts are added up per scope and written last.
type builder struct {
	db     *DB
	cat    *kpi.Catalogue
	only   map[string]bool // if not nil: the indicators whose rows are kept (no report counts)
	reg    *registry       // the registry of cat
	places map[int64]placement
	// sums and counts are added up into the nearest scope only (the agency
	// itself if it has children, else its parent) and carried up the tree
	// at the end: one map update per row instead of one per ancestor.
	sums   scopeSums
	counts scopeCounts
	up     map[int64]int64 // a scope's parent scope (0: a root)
	depth  map[int64]int
	own    [][]any
	ranks  []rankRow
}

// rankRow is a rank entry kept for the end of a build, small because
// there are millions.
type rankRow struct {
	scope, agency int32
	indicator     int32
	year          int16
	period        uint8 // sort position: Q1..Q4 = 1..4, Y = 5
	levels        uint8
	value         float64
}

func newBuilder(db *DB, tree *kpi.Tree, cat *kpi.Catalogue) *builder {
	b := &builder{db: db, cat: cat, reg: db.registry(), places: map[int64]placement{}, sums: scopeSums{}, counts: scopeCounts{},
		up: map[int64]int64{}, depth: map[int64]int{}}
	for _, a := range tree.All() {
		if p := tree.Get(a.ParentCode); p != nil {
			b.up[a.ID] = p.ID
		}
		b.depth[a.ID] = len(tree.Ancestors(a.Code))
		p := placement{agency: a}
		for _, up := range tree.Ancestors(a.Code) {
			p.above = append(p.above, tree.Get(up).ID)
		}
		p.sumScopes = append(p.sumScopes, p.above...)
		if tree.HasChildren(a.Code) {
			p.sumScopes = append(p.sumScopes, a.ID)
		}
		b.places[a.ID] = p
	}
	return b
}

// add takes one agency-year's contribution; its own figures wait in b.own
// for the caller to write (flushOwn).
func (b *builder) add(agency int64, y kpi.AgencyYear) error {
	p, ok := b.places[agency]
	if !ok {
		return kpi.Errorf(kpi.EINTERNAL, "Không có cơ quan %d.", "No agency %d.", agency)
	}
	c := kpi.Contribute(b.cat, y)
	if b.only != nil {
		c = c.Only(b.only)
	}
	reg := b.reg
	for _, r := range c.Own {
		b.own = append(b.own, []any{agency, y.Year, r.Period, reg.ids[r.Indicator], r.Option, int(r.Bucket), r.Value, r.N})
	}
	for _, r := range c.Ranks {
		q, _ := kpi.QuarterOfCode(r.Period)
		if q == 0 {
			q = 5
		}
		for _, scope := range p.above {
			b.ranks = append(b.ranks, rankRow{scope: int32(scope), agency: int32(agency), indicator: int32(reg.ids[r.Indicator]),
				year: int16(y.Year), period: uint8(q), levels: uint8(r.Levels), value: r.Value})
		}
	}
	if len(p.sumScopes) == 0 {
		return nil // a lone root without children: its own rows are its figures
	}
	nearest := p.sumScopes[len(p.sumScopes)-1] // itself if it has children, else its parent
	if nearest != agency {
		nearest = p.above[0]
	}
	for _, r := range c.Sums {
		b.sums.add(nearest, y.Year, r)
	}
	for _, r := range c.Counts {
		b.counts.add(nearest, y.Year, r)
	}
	return nil
}

// carryUp adds every scope's sums and counts into its parent scope's,
// deepest scopes first, so each scope ends with its whole subtree's.
func (b *builder) carryUp() {
	bySum := map[int64][]sumKey{}
	for k := range b.sums {
		bySum[k.scope] = append(bySum[k.scope], k)
	}
	byCount := map[int64][]countKey{}
	for k := range b.counts {
		byCount[k.scope] = append(byCount[k.scope], k)
	}
	// Every agency with children is a scope, whether or not anything was
	// added to it directly: its children's sums pass through it.
	seen := map[int64]bool{}
	var scopes []int64
	for _, parent := range b.up {
		if !seen[parent] {
			seen[parent] = true
			scopes = append(scopes, parent)
		}
	}
	sort.Slice(scopes, func(i, j int) bool { return b.depth[scopes[i]] > b.depth[scopes[j]] })
	for _, s := range scopes {
		parent, ok := b.up[s]
		if !ok {
			continue
		}
		for _, k := range bySum[s] {
			r := b.sums[k]
			pk := sumKey{parent, k.year, k.key}
			if _, had := b.sums[pk]; !had {
				bySum[parent] = append(bySum[parent], pk)
			}
			b.sums.add(parent, k.year, r)
		}
		for _, k := range byCount[s] {
			pk := countKey{parent, k.year, k.key}
			if _, had := b.counts[pk]; !had {
				byCount[parent] = append(byCount[parent], pk)
			}
			b.counts[pk] += b.counts[k]
		}
	}
}

// addWriting adds an agency-year and writes the own figures waiting once
// they are many, so a build of the nation holds a bounded number.
func (b *builder) addWriting(ctx context.Context, t execer, agency int64, y kpi.AgencyYear) error {
	if err := b.add(agency, y); err != nil {
		return err
	}
	if len(b.own) >= 20000 {
		return b.flushOwn(ctx, t)
	}
	return nil
}

func (b *builder) flushOwn(ctx context.Context, t execer) error {
	err := execRows(ctx, t, rowsStmt{prefix: upsertOwn.prefix, cols: upsertOwn.cols}, b.own)
	b.own = b.own[:0]
	return err
}

// finish writes what is left: own figures, rank entries in key order, the
// sums and counts.
func (b *builder) finish(ctx context.Context, t *stmtTx) error {
	if err := b.flushOwn(ctx, t); err != nil {
		return err
	}
	sort.Slice(b.ranks, func(i, j int) bool { return b.ranks[i].less(b.ranks[j]) })
	rows := make([][]any, 0, 4096)
	for i, r := range b.ranks {
		rows = append(rows, []any{r.scope, r.indicator, r.year, kpi.QuarterCode(int(r.period) % 5), r.value, r.agency, r.levels})
		if len(rows) == cap(rows) || i == len(b.ranks)-1 {
			if err := execRows(ctx, t, rowsStmt{prefix: upsertRanks.prefix, cols: upsertRanks.cols}, rows); err != nil {
				return err
			}
			rows = rows[:0]
		}
	}
	b.ranks = nil
	b.carryUp()
	if err := b.sums.flush(ctx, t, b.reg); err != nil {
		return err
	}
	return b.counts.flush(ctx, t)
}

func (r rankRow) less(o rankRow) bool {
	switch {
	case r.scope != o.scope:
		return r.scope < o.scope
	case r.indicator != o.indicator:
		return r.indicator < o.indicator
	case r.year != o.year:
		return r.year < o.year
	case r.period != o.period:
		return r.period < o.period
	case r.value != o.value:
		return r.value < o.value
	}
	return r.agency < o.agency
}
