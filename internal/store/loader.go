package store

import (
	"context"
	"fmt"
	"sort"

	"parkpi/internal/kpi"
)

// Loader writes a dataset too large to hold in memory (the synthetic
// national one: millions of values) in batched transactions of multi-row
// INSERTs, and computes the derived tables in Go as each agency's rows
// arrive, through the same contribution function as every write: no
// rebuild afterwards. The rows of one agency must come together (values,
// then its reports), agencies in the order they were given. For the length
// of the load the engine may trade durability for speed (Engine.BulkLoad:
// SQLite's synchronous=OFF): a crash mid-load loses the load, never a
// committed user write, because a load only ever goes into a database that
// was empty.
type Loader struct {
	db     *DB
	ids    map[string]int64
	tree   *kpi.Tree
	build  *builder
	cat    *kpi.Catalogue
	actor  string
	source string
	batch  int
	now    int64
	vals   [][]any
	subs   [][]any
	counts map[string]int

	cur    int64                   // the agency whose rows are arriving
	years  map[int]*kpi.AgencyYear // its years so far
	closed map[int64]bool          // agencies already built

	// Batches are written by a goroutine of their own while the next one
	// is generated and its contribution computed: on two cores the Go work
	// and SQLite's overlap.
	batches chan loadBatch
	written chan error
}

// loadBatch is one transaction of a load.
type loadBatch struct{ vals, subs, own [][]any }

// LoaderOptions say who loads and how many values go in one transaction.
type LoaderOptions struct {
	Actor  string
	Source string
	Batch  int // values per transaction; 0 means 200,000
}

// NewLoader adds the agencies (parents before children) and returns a
// loader for their values. Close must be called to finish the load.
func (db *DB) NewLoader(ctx context.Context, agencies []kpi.Agency, o LoaderOptions) (*Loader, error) {
	if _, err := kpi.NewTree(agencies); err != nil {
		return nil, err
	}
	if err := db.eng.BulkLoad(ctx, true); err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	l := &Loader{db: db, cat: cat, actor: o.Actor, source: o.Source, batch: o.Batch, now: unix(db.now()), counts: map[string]int{},
		closed: map[int64]bool{}}
	if l.batch <= 0 {
		l.batch = 200_000
	}
	err = db.inStmtTx(ctx, Locks{Tree: TreeExclusive}, func(t *stmtTx) error {
		for i, a := range agencies {
			if err := insertAgency(ctx, t, a, i); err != nil {
				return err
			}
		}
		var err error
		if l.ids, err = agencyIDs(ctx, t); err != nil {
			return err
		}
		if l.tree, err = loadTree(ctx, t); err != nil {
			return err
		}
		return db.publishAll(ctx, t)
	})
	if err != nil {
		l.restore(ctx)
		return nil, err
	}
	l.build = newBuilder(db, l.tree, l.cat)
	l.counts["agency"] = len(agencies)
	l.batches, l.written = make(chan loadBatch, 1), make(chan error, 1)
	go l.writeBatches(ctx, l.batches, l.written)
	return l, nil
}

// writeBatches writes the batches in order; after a failure it only drains.
func (l *Loader) writeBatches(ctx context.Context, batches <-chan loadBatch, written chan<- error) {
	var failed error
	for b := range batches {
		if failed != nil {
			continue
		}
		sort.Slice(b.vals, func(i, j int) bool { return valueLess(b.vals[i], b.vals[j]) })
		failed = l.db.inStmtTx(ctx, Locks{Tree: TreeExclusive}, func(t *stmtTx) error {
			if err := insertRows(ctx, t, insertLoadValuesSQL, 7, b.vals); err != nil {
				return err
			}
			if err := insertRows(ctx, t, insertSubmissionsSQL, 9, b.subs); err != nil {
				return err
			}
			return insertRows(ctx, t, upsertOwn.prefix, upsertOwn.cols, b.own)
		})
	}
	written <- failed
}

// insertLoadValuesSQL leaves version and option to their defaults: fewer
// bound parameters for millions of rows.
const insertLoadValuesSQL = "INSERT INTO kpi_values (agency_id, year, period, indicator_id, value, updated_by, updated_at) VALUES "

// year is the current agency's year, started on first use.
func (l *Loader) year(ctx context.Context, agency int64, y int) (*kpi.AgencyYear, error) {
	if agency != l.cur {
		if err := l.finishAgency(ctx); err != nil {
			return nil, err
		}
		if l.closed[agency] {
			return nil, fmt.Errorf("load: the rows of agency %d do not come together", agency)
		}
		l.cur, l.years = agency, map[int]*kpi.AgencyYear{}
	}
	ay := l.years[y]
	if ay == nil {
		ay = &kpi.AgencyYear{Kind: l.tree.ByID(agency).Kind, Year: y, Values: map[kpi.SeriesKey]kpi.Quarters{}}
		l.years[y] = ay
	}
	return ay, nil
}

// Value queues one value; a full batch is written in its own transaction.
func (l *Loader) Value(ctx context.Context, v kpi.Value) error {
	ind, err := l.db.indicatorID(l.cat, v.Indicator)
	if err != nil {
		return err
	}
	id, err := lookup(l.ids, v.Agency)
	if err != nil {
		return err
	}
	row := []any{id, v.Period.Year, v.Period.Code(), ind, v.Value, l.actor, l.now}
	ay, err := l.year(ctx, id, v.Period.Year)
	if err != nil {
		return err
	}
	l.vals = append(l.vals, row)
	if v.Period.Month > 0 {
		return nil // a month is stored as it is; its quarter comes as its own value
	}
	k := kpi.SeriesKey{Indicator: v.Indicator}
	if ay.Values[k] == nil {
		ay.Values[k] = kpi.Quarters{}
	}
	ay.Values[k][v.Period.Quarter] = v.Value
	return nil
}

// Submission queues the state of one agency's quarter.
func (l *Loader) Submission(ctx context.Context, s kpi.Submission) error {
	id, err := lookup(l.ids, s.Agency)
	if err != nil {
		return err
	}
	ay, err := l.year(ctx, id, s.Period.Year)
	if err != nil {
		return err
	}
	if s.Period.Month == 0 { // a month's report is stored; its quarter's comes as its own
		ay.States[s.Period.Quarter] = s.State
	}
	l.subs = append(l.subs, []any{id, mainDataset, s.Period.Year, s.Period.Code(), s.State, s.Reason, 1, l.actor, l.now})
	return nil
}

// finishAgency builds the current agency's contribution and writes a full
// batch.
func (l *Loader) finishAgency(ctx context.Context) error {
	if l.cur == 0 {
		return nil
	}
	years := make([]int, 0, len(l.years))
	for y := range l.years {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		if err := l.build.add(l.cur, *l.years[y]); err != nil {
			return err
		}
	}
	l.closed[l.cur] = true
	l.cur, l.years = 0, nil
	if len(l.vals) >= l.batch {
		return l.flush(ctx)
	}
	return nil
}

// flush hands the queued values, reports and own figures to the writing
// goroutine.
func (l *Loader) flush(ctx context.Context) error {
	b := loadBatch{vals: l.vals, subs: l.subs, own: l.build.own}
	l.counts["value"] += len(l.vals)
	l.counts["submission"] += len(l.subs)
	l.vals, l.subs, l.build.own = make([][]any, 0, l.batch), nil, nil
	select {
	case l.batches <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// drain waits for every batch handed over to be written.
func (l *Loader) drain() error {
	if l.batches == nil {
		return nil
	}
	close(l.batches)
	l.batches = nil
	return <-l.written
}

// valueLess orders value rows by their primary key (agency, year, period,
// indicator), so the inserts append to the table.
func valueLess(a, b []any) bool {
	for i := 0; i < 4; i++ {
		switch x := a[i].(type) {
		case int64:
			if y := b[i].(int64); x != y {
				return x < y
			}
		case int:
			if y := b[i].(int); x != y {
				return x < y
			}
		case string:
			if y := b[i].(string); x != y {
				return x < y
			}
		}
	}
	return false
}

// Close writes what is queued, then the rank entries, sums and counts, the
// audit rows of the load, and puts the writer's settings back.
func (l *Loader) Close(ctx context.Context) error {
	defer l.restore(ctx)
	if err := l.finishAgency(ctx); err != nil {
		return err
	}
	if err := l.flush(ctx); err != nil {
		return err
	}
	if err := l.drain(); err != nil {
		return err
	}
	err := l.db.inStmtTx(ctx, Locks{Tree: TreeExclusive}, func(t *stmtTx) error {
		if err := l.build.finish(ctx, t); err != nil {
			return err
		}
		for _, entity := range []string{"agency", "value", "submission"} {
			e := AuditEntry{Actor: l.actor, Action: "bulk.load", Entity: entity, New: fmt.Sprint(l.counts[entity]), Source: l.source}
			if err := l.db.audit(ctx, t, e); err != nil {
				return err
			}
		}
		return l.db.publishAll(ctx, t)
	})
	if err == nil {
		l.db.changes.notify(Change{All: true})
	}
	return err
}

// Counts returns how many rows of each kind the load wrote so far.
func (l *Loader) Counts() map[string]int { return l.counts }

// Abort gives up a load that failed midway: the batches already committed
// stay (a load goes into a new file, which the caller deletes), the
// writer's settings are put back.
func (l *Loader) Abort(ctx context.Context) {
	_ = l.drain()
	l.restore(ctx)
}

func (l *Loader) restore(ctx context.Context) {
	_ = l.db.eng.BulkLoad(ctx, false)
}
