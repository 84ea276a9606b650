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
// of the load the writer runs with synchronous=OFF and a large page cache:
// a crash mid-load loses the load, never a committed user write, because a
// load only ever goes into a database that was empty.
type Loader struct {
	db     *DB
	ids    map[string]int64
	tree   *kpi.Tree
	build  *builder
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
}

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
	for _, p := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"} {
		if _, err := db.w.ExecContext(ctx, p); err != nil {
			return nil, err
		}
	}
	l := &Loader{db: db, actor: o.Actor, source: o.Source, batch: o.Batch, now: unix(db.now()), counts: map[string]int{},
		closed: map[int64]bool{}}
	if l.batch <= 0 {
		l.batch = 200_000
	}
	err := db.inStmtTx(ctx, func(t *stmtTx) error {
		for i, a := range agencies {
			if err := insertAgency(ctx, t, a, i); err != nil {
				return err
			}
		}
		var err error
		if l.ids, err = agencyIDs(ctx, t); err != nil {
			return err
		}
		l.tree, err = loadTree(ctx, t)
		return err
	})
	if err != nil {
		l.restore(ctx)
		return nil, err
	}
	l.build = newBuilder(db, l.tree)
	l.counts["agency"] = len(agencies)
	return l, nil
}

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
	row, err := l.db.valueRow(l.ids, v, l.actor, l.now)
	if err != nil {
		return err
	}
	ay, err := l.year(ctx, row[0].(int64), v.Period.Year)
	if err != nil {
		return err
	}
	k := kpi.SeriesKey{Indicator: v.Indicator}
	if ay.Values[k] == nil {
		ay.Values[k] = kpi.Quarters{}
	}
	ay.Values[k][v.Period.Quarter] = v.Value
	l.vals = append(l.vals, row)
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
	ay.States[s.Period.Quarter] = s.State
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

// flush writes the queued values, reports and own figures in key order.
func (l *Loader) flush(ctx context.Context) error {
	sort.Slice(l.vals, func(i, j int) bool { return valueLess(l.vals[i], l.vals[j]) })
	err := l.db.inStmtTx(ctx, func(t *stmtTx) error {
		if err := insertRows(ctx, t, insertValuesSQL, 9, l.vals); err != nil {
			return err
		}
		if err := insertRows(ctx, t, insertSubmissionsSQL, 9, l.subs); err != nil {
			return err
		}
		return l.build.flushOwn(ctx, t)
	})
	l.counts["value"] += len(l.vals)
	l.counts["submission"] += len(l.subs)
	l.vals, l.subs = l.vals[:0], l.subs[:0]
	return err
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
	err := l.db.inStmtTx(ctx, func(t *stmtTx) error {
		if err := l.build.finish(ctx, t); err != nil {
			return err
		}
		for _, entity := range []string{"agency", "value", "submission"} {
			e := AuditEntry{Actor: l.actor, Action: "bulk.load", Entity: entity, New: fmt.Sprint(l.counts[entity]), Source: l.source}
			if err := l.db.audit(ctx, t, e); err != nil {
				return err
			}
		}
		return nil
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
func (l *Loader) Abort(ctx context.Context) { l.restore(ctx) }

func (l *Loader) restore(ctx context.Context) {
	for _, p := range []string{"PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -65536"} {
		_, _ = l.db.w.ExecContext(ctx, p)
	}
}
