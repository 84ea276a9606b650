package store

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	// The fold decodes every pending row of every group: with
	// encoding/json's decoder that was two thirds of the fold's CPU.
	json "github.com/goccy/go-json"

	"parkpi/internal/kpi"
)

// Pending sums. On an engine with many writers (one that implements
// sumDeferrer), a group's transaction does not upsert the shared rows — the
// sums (rollups) and report counts of the province and the nation, which
// every save of the country moves — but appends its merged deltas as one
// row of pending_sums, which no other write touches: concurrent groups
// never wait for each other on those rows. A fold, one short transaction
// under the fold's advisory lock (one fold at a time across instances),
// takes every pending row, adds them up in Go and upserts each shared row
// once, in key order.
//
// The fold is started by the commit, never by a timer: the group's callers
// are answered only after a fold that began after their commit has
// committed, so a save returns once the totals above it include it, and
// the next request on any instance sees it (the fold's transaction notifies
// the agencies it folded, like a save). The group writer does not wait for
// the fold: it hands the answers to the folder and commits its next group,
// and the folds coalesce (a fold takes whatever is pending at its start).
//
// A change of the tree, a rebuild and the derived-tables check hold the
// tree exclusive, which waits for every group that appended a row, and
// fold inside their own transaction first (lockTx), so they work on whole
// sums.

// sumDeferrer is an engine whose group writes append their shared deltas
// to pending_sums instead of writing them.
type sumDeferrer interface {
	DeferSums() bool
}

func (db *DB) defersSums() bool {
	d, ok := db.eng.(sumDeferrer)
	return ok && d.DeferSums()
}

// pendingRow is one group's deltas (indicator ids, not codes) and the
// agencies and years they are of, for the fold's change signal.
type pendingRow struct {
	Sums     []pendingSum   `json:"s,omitempty"`
	Counts   []pendingCount `json:"c,omitempty"`
	Agencies []int64        `json:"a,omitempty"`
	Years    []int          `json:"y,omitempty"`
	All      bool           `json:"all,omitempty"`
}

type pendingSum struct {
	Scope  int64   `json:"a"`
	Year   int     `json:"y"`
	Period string  `json:"p"`
	Ind    int64   `json:"i"`
	Option int64   `json:"o"`
	Kind   string  `json:"k"`
	Bucket int     `json:"b"`
	Sum    float64 `json:"s"`
	N      int     `json:"n"`
}

type pendingCount struct {
	Scope  int64  `json:"a"`
	Year   int    `json:"y"`
	Period string `json:"p"`
	Kind   string `json:"k"`
	State  string `json:"t"`
	N      int    `json:"n"`
}

// appendPending writes w's merged deltas as one pending row and empties
// them. Where the engine's watcher can (PendingPublisher), the row and the
// change's notifications go in one statement, and published says so: a
// group's last round trip before its commit instead of two.
func (w *writeTx) appendPending(ctx context.Context) (published bool, err error) {
	reg := w.registry()
	var row pendingRow
	for k, d := range w.sums {
		if id, ok := reg.id(k.key.Indicator); ok && (d.N != 0 || !kpi.Negligible(d.Sum)) {
			row.Sums = append(row.Sums, pendingSum{Scope: k.scope, Year: k.year, Period: k.key.Period, Ind: id, Option: k.key.Option,
				Kind: string(k.key.Kind), Bucket: int(k.key.Bucket), Sum: d.Sum, N: d.N})
		}
	}
	for k, n := range w.counts {
		if n != 0 {
			row.Counts = append(row.Counts, pendingCount{Scope: k.scope, Year: k.year, Period: k.key.Period, Kind: string(k.key.Kind), State: k.key.State, N: n})
		}
	}
	clear(w.sums)
	clear(w.counts)
	if len(row.Sums) == 0 && len(row.Counts) == 0 {
		return false, nil
	}
	ch := w.change()
	row.Agencies, row.Years, row.All = ch.Agencies, ch.Years, ch.All
	payload, err := json.Marshal(row)
	if err != nil {
		return false, err
	}
	const insert = "INSERT INTO pending_sums (payload) VALUES (?)"
	if p, ok := w.db.watch.(PendingPublisher); ok && (ch.All || len(ch.Agencies) > 0) {
		return true, p.PublishWith(ctx, w.stmtTx, ch, insert, string(payload))
	}
	_, err = w.ExecContext(ctx, w.Rebind(insert), string(payload))
	return false, err
}

// foldTx takes every pending row inside t's transaction, which holds the
// fold's lock, and writes their deltas into the shared rows; it returns
// what the folded rows changed.
func (db *DB) foldTx(ctx context.Context, t *stmtTx) (Change, error) {
	rows, err := t.QueryContext(ctx, "DELETE FROM pending_sums RETURNING payload")
	if err != nil {
		return Change{}, err
	}
	var payloads []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return Change{}, err
		}
		payloads = append(payloads, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(payloads) == 0 {
		return Change{}, err
	}
	w := newWriteTx(db, t)
	// The registry of the catalogue this transaction sees: an indicator
	// another instance added is in it.
	if _, err := w.catalogue(ctx); err != nil {
		return Change{}, err
	}
	reg := w.registry()
	for _, p := range payloads {
		var row pendingRow
		if err := json.Unmarshal([]byte(p), &row); err != nil {
			return Change{}, err
		}
		for _, s := range row.Sums {
			w.sums.add(s.Scope, s.Year, kpi.SumRow{SumKey: kpi.SumKey{Period: s.Period, Indicator: reg.code(s.Ind), Option: s.Option,
				Kind: kpi.Kind(s.Kind), Bucket: kpi.Level(s.Bucket)}, Sum: s.Sum, N: s.N})
		}
		for _, c := range row.Counts {
			w.counts.add(c.Scope, c.Year, kpi.CountRow{CountKey: kpi.CountKey{Period: c.Period, Kind: kpi.Kind(c.Kind), State: c.State}, N: c.N})
		}
		for _, id := range row.Agencies {
			for _, y := range row.Years {
				w.touched(id, y)
			}
		}
		w.all = w.all || row.All
	}
	if err := w.flushShared(ctx); err != nil {
		return Change{}, err
	}
	ch := w.change()
	if db.watch == nil { // opening: nothing listens yet
		return ch, nil
	}
	return ch, db.watch.Publish(ctx, t, ch, db.now())
}

// fold runs one fold in a transaction of its own and tells this process's
// listeners what it folded.
func (db *DB) fold(ctx context.Context) error {
	var ch Change
	err := db.inStmtTx(ctx, Locks{Fold: true}, func(t *stmtTx) error {
		var err error
		ch, err = db.foldTx(ctx, t)
		return err
	})
	if err == nil {
		db.changes.notify(ch)
	}
	return err
}

// foldPending folds what is pending now, on an engine that defers sums.
func (db *DB) foldPending(ctx context.Context) error {
	if db.folds == nil {
		return nil
	}
	return db.fold(ctx)
}

// folder runs the folds of one store and answers the groups waiting for
// one.
type folder struct {
	db      *DB
	mu      sync.Mutex
	waiting []func() // answers to give after the next fold
	wake    chan struct{}
	quit    chan struct{}
	done    chan struct{}
	stop    sync.Once
}

// foldRetry is how long the folder waits after a failed fold before it
// tries again (the groups it answered are stored; their totals follow).
const foldRetry = 100 * time.Millisecond

func startFolder(db *DB) *folder {
	f := &folder{db: db, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	f.kick() // what an instance that stopped left pending
	go f.run()
	return f
}

// after gives answer once a fold that starts after this call has ended.
func (f *folder) after(answer func()) {
	f.mu.Lock()
	f.waiting = append(f.waiting, answer)
	f.mu.Unlock()
	f.kick()
}

func (f *folder) kick() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

func (f *folder) run() {
	defer close(f.done)
	for {
		select {
		case <-f.wake:
		case <-f.quit:
			f.once() // the groups answered last
			return
		}
		if !f.once() {
			select {
			case <-time.After(foldRetry):
				f.kick()
			case <-f.quit:
			}
		}
	}
}

// once folds and answers those who waited; false when the fold failed.
func (f *folder) once() bool {
	f.mu.Lock()
	answers := slices.Clone(f.waiting)
	f.waiting = f.waiting[:0]
	f.mu.Unlock()
	err := f.db.fold(context.Background())
	if err != nil {
		slog.Error("folding the pending sums", "err", err)
	}
	for _, a := range answers {
		a()
	}
	return err == nil
}

// close folds what is left, answers every waiting group and stops.
func (f *folder) close() {
	if f == nil {
		return
	}
	f.stop.Do(func() { close(f.quit) })
	<-f.done
}
