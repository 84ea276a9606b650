package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"parkpi/internal/store"
)

// watcher notices the commits of other processes on the same file: SQLite's
// PRAGMA data_version, on a connection that never writes, moves whenever
// another connection commits; then the changes log says what those commits
// touched. Each write transaction logs the agencies it changed (Publish);
// rows are pruned after changesKeep, and a gap in the log means everything
// may have changed. A row without an agency is a change of everything, or,
// with year sessionsYear, of sessions and accounts.
type watcher struct {
	origin  string
	deliver func(store.Change)
	r       *sql.DB // the engine's read pool, for the log

	mu      sync.Mutex // Sync, one at a time
	pool    *sql.DB    // one connection of its own for data_version
	conn    *sql.Conn
	stmt    *sql.Stmt
	version int64
	lastID  int64 // the newest changes row seen

	// Looks are numbered as they start; done is the number of the last one
	// finished and doneErr its outcome (both under mu). A Sync that waited
	// for mu while a look that started after it was run is answered by that
	// look: every commit before the Sync began is in it.
	started atomic.Uint64
	done    uint64
	doneErr error

	commits atomic.Int64 // logged transactions, to prune now and then
}

// changesKeep is how long the changes log keeps a row: far longer than any
// process goes without a request, short enough to stay a few pages.
const changesKeep = 10 * time.Minute

// pruneEvery is how many logged transactions go by between two prunes.
const pruneEvery = 512

// Watch starts the watcher; a database in memory has no other process, so
// its watcher only publishes nothing and syncs nothing.
func (e *Engine) Watch(ctx context.Context, origin string, deliver func(store.Change)) (store.Watcher, error) {
	w := &watcher{origin: origin, deliver: deliver, r: e.r.DB}
	if err := e.r.GetContext(ctx, &w.lastID, "SELECT COALESCE(MAX(id), 0) FROM changes"); err != nil {
		return nil, err
	}
	if e.path == ":memory:" {
		return w, nil
	}
	var err error
	if w.pool, err = sql.Open("sqlite3", dsn(e.path, false)); err != nil {
		return nil, err
	}
	w.pool.SetMaxOpenConns(1)
	if w.conn, err = w.pool.Conn(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if w.stmt, err = w.conn.PrepareContext(ctx, "PRAGMA data_version"); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.stmt.QueryRowContext(ctx).Scan(&w.version); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// Close closes the watcher's own connection.
func (w *watcher) Close() error {
	if w.stmt != nil {
		w.stmt.Close()
	}
	if w.conn != nil {
		w.conn.Close()
	}
	if w.pool != nil {
		return w.pool.Close()
	}
	return nil
}

// Sync reads the changes of other processes when data_version moved. When
// nothing was committed it costs one PRAGMA. Concurrent Syncs share a look:
// under a stream of requests each look answers every Sync that queued while
// the one before it ran, instead of one look per request.
func (w *watcher) Sync(ctx context.Context) error {
	if w.stmt == nil {
		return nil // in memory: no other process
	}
	arrived := w.started.Load()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done > arrived {
		return w.doneErr
	}
	n := w.started.Add(1)
	// The look answers other requests too: one cancelled must not fail it.
	err := w.look(context.WithoutCancel(ctx))
	w.done, w.doneErr = n, err
	return err
}

// look is one Sync's reading of data_version and of the log; the caller
// holds mu.
func (w *watcher) look(ctx context.Context) error {
	var v int64
	// Not the caller's context: a cancelled request must not leave the
	// shared connection mid-statement.
	if err := w.stmt.QueryRowContext(context.Background()).Scan(&v); err != nil {
		return err
	}
	if v == w.version {
		return nil
	}
	w.version = v
	ch, err := w.foreign(ctx)
	if err != nil {
		return err
	}
	if ch.All || ch.Sessions || len(ch.Agencies) > 0 {
		w.deliver(ch)
	}
	return nil
}

// foreign reads the changes of other processes since the last look. A gap
// (rows pruned before this process read them) means everything may have
// changed; a row without a year (logged before years were) means any year.
func (w *watcher) foreign(ctx context.Context) (store.Change, error) {
	rows, err := w.r.QueryContext(ctx, "SELECT id, origin, agency_id, year FROM changes WHERE id > ? ORDER BY id", w.lastID)
	if err != nil {
		return store.Change{}, err
	}
	defer rows.Close()
	var ch store.Change
	agencies, years := map[int64]bool{}, map[int]bool{}
	anyYear, first := false, true
	for rows.Next() {
		var id int64
		var origin string
		var agency, year sql.NullInt64
		if err := rows.Scan(&id, &origin, &agency, &year); err != nil {
			return store.Change{}, err
		}
		if first && id > w.lastID+1 && w.lastID > 0 {
			ch.All = true
		}
		first = false
		w.lastID = id
		switch {
		case origin == w.origin:
			continue
		case !agency.Valid && year.Valid && year.Int64 == sessionsYear:
			ch.Sessions = true
			continue
		case !agency.Valid:
			ch.All = true
			continue
		case !agencies[agency.Int64]:
			agencies[agency.Int64] = true
			ch.Agencies = append(ch.Agencies, agency.Int64)
		}
		if !year.Valid {
			anyYear = true
		} else if y := int(year.Int64); !years[y] {
			years[y] = true
			ch.Years = append(ch.Years, y)
		}
	}
	slices.Sort(ch.Years)
	if anyYear {
		ch.Years = nil
	}
	return ch, rows.Err()
}

// sessionsYear, with no agency, is the log's row of a change of sessions or
// accounts (Change.Sessions): no figure has year 0, and a reader that does
// not know the row takes it for a change of everything, which is safe.
const sessionsYear = 0

// logChunk bounds the rows of one insert into the log (four parameters
// each, well under SQLite's limit).
const logChunk = 256

// Publish writes the changes of one transaction to the log, for the other
// processes, one row per agency and year (no year: any year), and prunes
// old rows now and then.
func (w *watcher) Publish(ctx context.Context, tx store.Execer, ch store.Change, at time.Time) error {
	rows := make([][]any, 0, len(ch.Agencies)*max(1, len(ch.Years))+1)
	if ch.All {
		rows = append(rows, []any{w.origin, nil, nil, at.Unix()})
	} else if ch.Sessions {
		rows = append(rows, []any{w.origin, nil, sessionsYear, at.Unix()})
	}
	for _, id := range ch.Agencies {
		if ch.Years == nil {
			rows = append(rows, []any{w.origin, id, nil, at.Unix()})
		}
		for _, y := range ch.Years {
			rows = append(rows, []any{w.origin, id, y, at.Unix()})
		}
	}
	for start := 0; start < len(rows); start += logChunk {
		part := rows[start:min(start+logChunk, len(rows))]
		args := make([]any, 0, 4*len(part))
		for _, r := range part {
			args = append(args, r...)
		}
		q := "INSERT INTO changes (origin, agency_id, year, at) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(part)), ", ")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	if w.commits.Add(1)%pruneEvery == 0 {
		_, err := tx.ExecContext(ctx, "DELETE FROM changes WHERE at < ?", at.Add(-changesKeep).Unix())
		return err
	}
	return nil
}
