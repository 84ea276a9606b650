package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
)

// Change says what a commit changed: the agencies whose figures moved (a
// save, a workflow move, an upload) and the years of those figures, or All
// when the tree, the catalogue or the targets changed. A cache of a scope's
// figures is stale when one of the agencies is the scope or below it; one of
// a single year's figures only when that year is among Years.
type Change struct {
	Agencies []int64
	// Years are the years whose figures changed, in order; nil when they
	// are not known (any year may have changed).
	Years []int
	All   bool
}

// HasYear reports whether the change may have touched figures of year.
func (ch Change) HasYear(year int) bool {
	return ch.All || ch.Years == nil || slices.Contains(ch.Years, year)
}

// OnChange registers fn to be told of every commit: this process's, after
// the commit and before the write returns (so a caller that saved and then
// reads sees no stale cache), and other processes' on the same file as soon
// as CheckChanges notices them. fn must be quick and must not write.
func (db *DB) OnChange(fn func(Change)) {
	db.changes.mu.Lock()
	defer db.changes.mu.Unlock()
	db.changes.listeners = append(db.changes.listeners, fn)
}

// CheckChanges notices commits of other processes (or instances) on the
// same database: SQLite's PRAGMA data_version, on a connection that never
// writes, moves whenever another connection commits; then the changes log
// says what those commits touched, and the listeners are told. When nothing
// was committed it costs one PRAGMA. Readers that keep caches call it
// before trusting them.
func (db *DB) CheckChanges(ctx context.Context) error {
	c := db.changes
	if c.stmt == nil {
		return nil // an in-memory database has no other process
	}
	c.watch.Lock()
	defer c.watch.Unlock()
	var v int64
	// Not the caller's context: a cancelled request must not leave the
	// shared connection mid-statement.
	if err := c.stmt.QueryRowContext(context.Background()).Scan(&v); err != nil {
		return err
	}
	if v == c.version {
		return nil
	}
	c.version = v
	ch, err := c.foreign(ctx, db.r)
	if err != nil {
		return err
	}
	if ch.All || len(ch.Agencies) > 0 {
		c.notify(ch)
	}
	return nil
}

// changeSignal is the store's side of OnChange and CheckChanges.
type changeSignal struct {
	mu        sync.Mutex
	listeners []func(Change)
	origin    string // this process, in the changes log

	watch   sync.Mutex // CheckChanges, one at a time
	pool    *sql.DB
	conn    *sql.Conn
	stmt    *sql.Stmt
	version int64
	lastID  int64 // the newest changes row seen

	commits atomic.Int64 // logged transactions, to prune now and then
}

// changesKeep is how long the changes log keeps a row: far longer than any
// process goes without a request, short enough to stay a few pages.
const changesKeep = 10 * time.Minute

func openChangeSignal(ctx context.Context, path string, r *sqlx.DB) (*changeSignal, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	c := &changeSignal{origin: hex.EncodeToString(b[:])}
	if err := r.GetContext(ctx, &c.lastID, "SELECT COALESCE(MAX(id), 0) FROM changes"); err != nil {
		return nil, err
	}
	if path == ":memory:" {
		return c, nil
	}
	var err error
	if c.pool, err = sql.Open("sqlite3", dsn(path, false)); err != nil {
		return nil, err
	}
	c.pool.SetMaxOpenConns(1)
	if c.conn, err = c.pool.Conn(ctx); err != nil {
		c.close()
		return nil, err
	}
	if c.stmt, err = c.conn.PrepareContext(ctx, "PRAGMA data_version"); err != nil {
		c.close()
		return nil, err
	}
	err = c.stmt.QueryRowContext(ctx).Scan(&c.version)
	return c, err
}

func (c *changeSignal) close() {
	if c == nil {
		return
	}
	if c.stmt != nil {
		c.stmt.Close()
	}
	if c.conn != nil {
		c.conn.Close()
	}
	if c.pool != nil {
		c.pool.Close()
	}
}

// notify tells every listener.
func (c *changeSignal) notify(ch Change) {
	if !ch.All && len(ch.Agencies) == 0 {
		return
	}
	c.mu.Lock()
	fns := append([]func(Change){}, c.listeners...)
	c.mu.Unlock()
	for _, fn := range fns {
		fn(ch)
	}
}

// foreign reads the changes of other processes since the last look. A gap
// (rows pruned before this process read them) means everything may have
// changed; a row without a year (logged before years were) means any year.
func (c *changeSignal) foreign(ctx context.Context, r *sqlx.DB) (Change, error) {
	rows, err := r.QueryContext(ctx, r.Rebind("SELECT id, origin, agency_id, year FROM changes WHERE id > ? ORDER BY id"), c.lastID)
	if err != nil {
		return Change{}, err
	}
	defer rows.Close()
	var ch Change
	agencies, years := map[int64]bool{}, map[int]bool{}
	anyYear, first := false, true
	for rows.Next() {
		var id int64
		var origin string
		var agency, year sql.NullInt64
		if err := rows.Scan(&id, &origin, &agency, &year); err != nil {
			return Change{}, err
		}
		if first && id > c.lastID+1 && c.lastID > 0 {
			ch.All = true
		}
		first = false
		c.lastID = id
		switch {
		case origin == c.origin:
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

// logTx writes the changes of one transaction to the log, for the other
// processes, and prunes old rows now and then.
func (c *changeSignal) logTx(ctx context.Context, t *stmtTx, ch Change, now time.Time) error {
	rows := make([][]any, 0, len(ch.Agencies)*max(1, len(ch.Years))+1)
	if ch.All {
		rows = append(rows, []any{c.origin, nil, nil, unix(now)})
	}
	for _, id := range ch.Agencies {
		if ch.Years == nil {
			rows = append(rows, []any{c.origin, id, nil, unix(now)})
		}
		for _, y := range ch.Years {
			rows = append(rows, []any{c.origin, id, y, unix(now)})
		}
	}
	if err := execRowsTx(ctx, t, insertChanges, rows); err != nil {
		return err
	}
	if c.commits.Add(1)%pruneEvery == 0 {
		_, err := t.ExecContext(ctx, t.Rebind("DELETE FROM changes WHERE at < ?"), unix(now.Add(-changesKeep)))
		return err
	}
	return nil
}

// pruneEvery is how many logged transactions go by between two prunes.
const pruneEvery = 512

var insertChanges = rowsStmt{cols: 4, prefix: "INSERT INTO changes (origin, agency_id, year, at) VALUES "}
