package store

import (
	"context"
	"slices"

	"parkpi/internal/kpi"
)

// writeTx is one write of the group writer inside the group's transaction:
// its statements, what it moves in the shared rows (merged with the other
// writes' and flushed last, in key order), and the agencies it changed with
// the years of theirs it changed.
type writeTx struct {
	*stmtTx
	db      *DB
	sums    scopeSums
	counts  scopeCounts
	changed map[int64]map[int]bool // agency -> years
	all     bool
	cat     *kpi.Catalogue // as this write's transaction sees it (catalogue.go)
	reg     *registry      // the registry loaded with cat
	// tree is the cached agency tree when it is the one this transaction
	// sees (useCachedTree); nil: agencies are read by queries.
	tree *kpi.Tree
	// direct writes the shared rows even on an engine that defers them: a
	// change of the tree holds the fold's lock and has folded (lockTx).
	direct bool
	// batch gathers the rows of the write's own (own_batch.go); nil: they
	// are written at once.
	batch *ownBatch
	// sumLog holds a batched save's moves of the sums as it worked them out,
	// instead of in sums, until they join its group's (merge): filling a
	// map of its own for every save cost as much as the group's.
	sumLog  []sumMoves
	logSums bool
}

// sumMoves are rows that move the sums of each of scopes in year.
type sumMoves struct {
	scopes []int64
	year   int
	rows   []kpi.SumRow
}

// addSums moves the sums, or logs the move.
func (w *writeTx) addSums(m sumMoves) {
	if w.logSums {
		w.sumLog = append(w.sumLog, m)
		return
	}
	for _, scope := range m.scopes {
		for _, r := range m.rows {
			w.sums.add(scope, m.year, r)
		}
	}
}

func newWriteTx(db *DB, t *stmtTx) *writeTx {
	return &writeTx{stmtTx: t, db: db, sums: scopeSums{}, counts: scopeCounts{}, changed: map[int64]map[int]bool{}}
}

// touched records that the write changed an agency's figures of a year.
func (w *writeTx) touched(agency int64, year int) {
	if w.changed[agency] == nil {
		w.changed[agency] = map[int]bool{}
	}
	w.changed[agency][year] = true
}

// child is a write of its own on the same statements, merged into w only
// if it succeeds (a savepoint rolled back leaves nothing in w). It shares
// w's tree and catalogue: neither changes inside a group (a change of
// either runs alone).
func (w *writeTx) child() *writeTx {
	c := newWriteTx(w.db, w.stmtTx)
	c.tree, c.cat, c.reg = w.tree, w.cat, w.reg
	return c
}

func (w *writeTx) merge(c *writeTx) {
	w.sums.merge(c.sums)
	for _, m := range c.sumLog {
		w.addSums(m)
	}
	w.counts.merge(c.counts)
	for id, years := range c.changed {
		for y := range years {
			w.touched(id, y)
		}
	}
	w.all = w.all || c.all
}

// flushShared writes the merged shared rows.
func (w *writeTx) flushShared(ctx context.Context) error {
	if err := w.sums.flush(ctx, w.stmtTx, w.registry()); err != nil {
		return err
	}
	return w.counts.flush(ctx, w.stmtTx)
}

// finish writes the shared rows (or, on an engine that defers them, one
// pending row of their deltas) and publishes the change for other
// processes, last in the transaction.
func (w *writeTx) finish(ctx context.Context) error {
	if w.db.folds != nil && !w.direct {
		published, err := w.appendPending(ctx)
		if err != nil || published {
			return err
		}
	} else if err := w.flushShared(ctx); err != nil {
		return err
	}
	ch := w.change()
	if !ch.All && len(ch.Agencies) == 0 {
		return nil
	}
	return w.db.watch.Publish(ctx, w.stmtTx, ch, w.db.now())
}

func (w *writeTx) change() Change {
	ch := Change{All: w.all}
	years := map[int]bool{}
	for id, ys := range w.changed {
		ch.Agencies = append(ch.Agencies, id)
		for y := range ys {
			if !years[y] {
				years[y] = true
				ch.Years = append(ch.Years, y)
			}
		}
	}
	slices.Sort(ch.Years)
	return ch
}

// readYear reads one agency's year as the contribution function takes it:
// every entered value and the state of each quarter's report (plain Scan:
// every write of figures runs it).
func (db *DB) readYear(ctx context.Context, q queryer, a kpi.Agency, year int) (kpi.AgencyYear, error) {
	y, _, err := db.readYearVersions(ctx, q, a, year)
	return y, err
}

// readYearVersions is readYear with each quarter's report version. The
// reports are read before the values: outside the writer's lock (a save
// worked out beforehand) a commit may come between the two reads, and every
// commit that changes the year's values moves one of its versions, so the
// values read are never older than the versions (savePrep.holds).
func (db *DB) readYearVersions(ctx context.Context, q queryer, a kpi.Agency, year int) (kpi.AgencyYear, [5]int, error) {
	y, versions, err := readReports(ctx, q, a, year)
	if err != nil {
		return y, versions, err
	}
	return y, versions, db.readValues(ctx, q, &y, a.ID, nil)
}

// readReports is an agency's year without its values: the state and the
// version of each quarter's report.
func readReports(ctx context.Context, q queryer, a kpi.Agency, year int) (kpi.AgencyYear, [5]int, error) {
	y := kpi.AgencyYear{Kind: a.Kind, Year: year, Values: make(map[kpi.SeriesKey]kpi.Quarters, 40)}
	reports, versions, err := yearReportsTx(ctx, q, a.ID, year)
	for quarter := 1; quarter <= 4; quarter++ {
		y.States[quarter] = reports[quarter].State
	}
	return y, versions, err
}

// readValues reads the year's entered values into y: every series, or only
// those of the indicator ids given.
func (db *DB) readValues(ctx context.Context, q queryer, y *kpi.AgencyYear, agencyID int64, ids []int64) error {
	query := `SELECT period, indicator_id, option_id, value FROM kpi_values WHERE agency_id = ? AND year = ?`
	args := []any{agencyID, y.Year}
	switch {
	// A filter over the agency-year's one range of the key, never a
	// condition of the index (unary +): PostgreSQL would search the key once
	// per id, each time through the whole year (period comes between year
	// and indicator_id). An engine that binds arrays gets the ids as one,
	// so that the read has one text (and plan) for any number of ids.
	case ids != nil && db.bindsArrays():
		query += ` AND +indicator_id = ANY(CAST(? AS int8[]))`
		args = append(args, ids)
	case ids != nil:
		query += ` AND +indicator_id IN (` + placeholders(len(ids)) + `)`
		args = append(args, int64Args(ids)...)
	}
	rows, err := q.QueryContext(ctx, q.Rebind(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var period string
	var ind, opt int64
	var v float64
	for rows.Next() {
		if err := rows.Scan(&period, &ind, &opt, &v); err != nil {
			return err
		}
		db.putValue(y, period, ind, opt, v)
	}
	return rows.Err()
}

// putValue puts one stored value into an agency-year; a period or an
// indicator the catalogue does not know is left out.
func (db *DB) putValue(y *kpi.AgencyYear, period string, ind, opt int64, v float64) {
	quarter, ok := kpi.QuarterOfCode(period)
	code := db.codeOf(ind)
	if !ok || quarter == 0 || code == "" {
		return
	}
	k := kpi.SeriesKey{Indicator: code, Option: opt}
	if y.Values[k] == nil {
		y.Values[k] = make(kpi.Quarters, 4)
	}
	y.Values[k][quarter] = v
}

// cloneYear copies y so that a write can change the copy.
func cloneYear(y kpi.AgencyYear) kpi.AgencyYear {
	out := y
	out.Values = make(map[kpi.SeriesKey]kpi.Quarters, len(y.Values))
	for k, q := range y.Values {
		c := make(kpi.Quarters, len(q))
		for n, v := range q {
			c[n] = v
		}
		out.Values[k] = c
	}
	return out
}

// moveYear applies what an agency-year's change from before to after does
// to the derived tables.
func (w *writeTx) moveYear(ctx context.Context, p placement, before, after kpi.AgencyYear) error {
	cat, err := w.catalogue(ctx)
	if err != nil {
		return err
	}
	return w.apply(ctx, p, before.Year, kpi.Diff(kpi.Contribute(cat, before), kpi.Contribute(cat, after)))
}

// apply writes a delta: the agency's own figures and rank entries at once
// (rows of its own), the sums and counts into the shared accumulators.
func (w *writeTx) apply(ctx context.Context, p placement, year int, d kpi.RowDelta) error {
	if d.Empty() {
		return nil
	}
	w.touched(p.agency.ID, year)
	reg := w.registry()
	own := make([][]any, 0, len(d.OwnSet))
	agency, y := any(p.agency.ID), any(int64(year)) // boxed once for every row, as database/sql passes them
	for _, r := range d.OwnSet {
		if id, ok := reg.id(r.Indicator); ok {
			own = append(own, []any{agency, y, r.Period, id, r.Option, int(r.Bucket), r.Value, r.N})
		}
	}
	if err := w.rowsOwn(ctx, &upsertOwn, own); err != nil {
		return err
	}
	for _, k := range d.OwnGone {
		if err := w.execOwn(ctx, w.Rebind(`DELETE FROM own_figures WHERE agency_id = ? AND year = ? AND period = ?
			AND indicator_id = ? AND option_id = ? AND bucket = ?`), p.agency.ID, year, k.Period, reg.ids[k.Indicator], k.Option, int(k.Bucket)); err != nil {
			return err
		}
	}
	if err := w.applyRanks(ctx, p, rankArgs{year, y, agency}, d); err != nil {
		return err
	}
	w.addSums(sumMoves{p.sumScopes, year, d.Sums})
	for _, scope := range p.sumScopes {
		for _, r := range d.Counts {
			w.counts.add(scope, year, r)
		}
	}
	return nil
}

// applyRanks replaces the agency's changed rank entries under each proper
// ancestor. An entry whose figure changed (the usual save) is moved in
// place, its key changed under every ancestor (moveRankRows: the save's
// moves in one statement, or its group's batch's); the rest are deleted or
// upserted.
func (w *writeTx) applyRanks(ctx context.Context, p placement, a rankArgs, d kpi.RowDelta) error {
	if len(p.above) == 0 {
		return nil
	}
	reg := w.registry()
	if len(d.RankMoved) > 0 {
		rows := make([][]any, 0, len(p.above)*len(d.RankMoved))
		for _, scope := range p.above {
			s := any(scope)
			for _, m := range d.RankMoved {
				rows = append(rows, []any{s, reg.ids[m.From.Indicator], a.y, m.From.Period, m.From.Value, m.To.Value, int(m.To.Levels), a.agency})
			}
		}
		if w.batch != nil {
			w.batch.moves = append(w.batch.moves, rows...)
		} else if err := moveRankRows(ctx, w.stmtTx, rows); err != nil {
			return err
		}
	}
	scopes := "scope_id IN (" + placeholders(len(p.above)) + ")"
	for _, k := range d.RankGone {
		args := append(int64Args(p.above), reg.ids[k.Indicator], a.year, k.Period, k.Value, p.agency.ID)
		if err := w.execOwn(ctx, w.Rebind(`DELETE FROM rank_entries WHERE `+scopes+`
			AND indicator_id = ? AND year = ? AND period = ? AND value = ? AND agency_id = ?`), args...); err != nil {
			return err
		}
	}
	rows := make([][]any, 0, len(p.above)*len(d.RankSet))
	for _, scope := range p.above {
		s := any(scope)
		for _, r := range d.RankSet {
			rows = append(rows, []any{s, reg.ids[r.Indicator], a.y, r.Period, r.Value, a.agency, int(r.Levels)})
		}
	}
	return w.rowsOwn(ctx, &upsertRanks, rows)
}

// rankArgs are the year of a write's rank entries, and it and the agency
// boxed once for all their rows.
type rankArgs struct {
	year      int
	y, agency any
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

var (
	upsertOwn = rowsStmt{cols: 8, prefix: `INSERT INTO own_figures (agency_id, year, period, indicator_id, option_id, bucket, value, n) VALUES `,
		suffix: ` ON CONFLICT (agency_id, year, period, indicator_id, option_id, bucket) DO UPDATE SET value = excluded.value, n = excluded.n`}
	upsertRanks = rowsStmt{cols: 7, prefix: `INSERT INTO rank_entries (scope_id, indicator_id, year, period, value, agency_id, levels) VALUES `,
		suffix: ` ON CONFLICT (scope_id, indicator_id, year, period, value, agency_id) DO UPDATE SET levels = excluded.levels`}
)
