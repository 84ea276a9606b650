package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// The change signal between instances. Every write transaction sends, as
// part of itself, a NOTIFY on one channel naming its origin and the
// agencies it changed ("all" for the tree, targets or a load; "sessions"
// for sessions ended and accounts changed); PostgreSQL
// delivers it to every listening connection when, and only if, the
// transaction commits. Each instance keeps one connection of its own that
// LISTENs and hands what other instances changed to the store's listeners
// as it arrives — no polling.
//
// Sync makes "a save through another instance is on the next request"
// exact: it runs one round trip on the listening connection. PostgreSQL
// signals the listening backends while a notifying transaction commits, and
// a backend sends what is queued for it before it reads its next query, so
// when the round trip's answer comes back, every notification committed
// before Sync began has arrived (and was delivered, by the connection's
// OnNotification callback, before the answer is read). Concurrent Syncs
// share one round trip that started after they all began.

// channel is the NOTIFY channel of parkpi's changes.
const channel = "parkpi_changes"

// maxPayload keeps a notification under PostgreSQL's 8,000-byte limit;
// a write that changed more agencies sends several.
const maxPayload = 7000

// listener is the LISTEN connection and its loop.
type listener struct {
	cfg     *pgx.ConnConfig
	origin  string
	deliver func(store.Change)

	mu      sync.Mutex
	up      bool               // connected and listening
	waiters []chan error       // Syncs waiting for the next round trip
	wake    context.CancelFunc // interrupts the wait for a notification
	closed  bool

	stop chan struct{}
	done chan struct{}
}

// Watch connects the listening connection and starts its loop; it returns
// once the connection listens, so that no commit after Watch is missed.
func (e *Engine) Watch(ctx context.Context, origin string, deliver func(store.Change)) (store.Watcher, error) {
	l := &listener{cfg: e.cfg.Copy(), origin: origin, deliver: deliver, stop: make(chan struct{}), done: make(chan struct{})}
	l.cfg.OnNotification = l.received
	conn, err := l.connect(ctx)
	if err != nil {
		return nil, err
	}
	go l.loop(conn)
	return l, nil
}

// connect opens the listening connection.
func (l *listener) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, l.cfg)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	l.mu.Lock()
	l.up = true
	l.mu.Unlock()
	return conn, nil
}

// loop serves the connection until it fails, then connects again; after a
// gap every cache is told that anything may have changed.
func (l *listener) loop(conn *pgx.Conn) {
	defer close(l.done)
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		err := l.serve(conn)
		conn.Close(context.Background())
		l.down(err)
		if l.stopped() {
			return
		}
		for {
			select {
			case <-l.stop:
				return
			case <-time.After(wait):
			}
			var cerr error
			if conn, cerr = l.connect(context.Background()); cerr == nil {
				break
			}
			l.down(cerr)
			wait = min(2*wait, 5*time.Second)
		}
		l.deliver(store.Change{All: true})
	}
}

// serve waits for notifications, and runs a round trip whenever Syncs wait
// for one.
func (l *listener) serve(conn *pgx.Conn) error {
	for {
		l.mu.Lock()
		waiters := l.waiters
		l.waiters = nil
		ctx, cancel := context.WithCancel(context.Background())
		if len(waiters) == 0 {
			l.wake = cancel
		}
		l.mu.Unlock()
		if l.stopped() {
			cancel()
			answer(waiters, errStopped)
			return errStopped
		}
		var err error
		if len(waiters) > 0 {
			err = conn.PgConn().Exec(ctx, "SELECT 1").Close()
			answer(waiters, err)
		} else {
			err = conn.PgConn().WaitForNotification(ctx)
			if errors.Is(err, context.Canceled) {
				err = nil // woken by a Sync or Close
			}
		}
		l.mu.Lock()
		l.wake = nil
		l.mu.Unlock()
		cancel()
		if err != nil {
			return err
		}
	}
}

func answer(waiters []chan error, err error) {
	for _, w := range waiters {
		w <- err
	}
}

// down marks the connection lost and answers the waiting Syncs with why.
func (l *listener) down(err error) {
	l.mu.Lock()
	l.up = false
	waiters := l.waiters
	l.waiters = nil
	l.mu.Unlock()
	answer(waiters, err)
}

func (l *listener) stopped() bool {
	select {
	case <-l.stop:
		return true
	default:
		return false
	}
}

var errStopped = errors.New("the change listener is stopped")

// errNotListening is Sync's answer while the connection is down: a cache
// must not be trusted then.
func errNotListening() error {
	return kpi.Errorf(kpi.EINTERNAL, "Mất kết nối nhận thông báo thay đổi từ PostgreSQL; đang kết nối lại.",
		"The connection that hears of changes from PostgreSQL is down; reconnecting.")
}

// Sync returns once every notification committed before it began has
// been delivered.
func (l *listener) Sync(ctx context.Context) error {
	ch := make(chan error, 1)
	l.mu.Lock()
	if !l.up || l.closed {
		l.mu.Unlock()
		return errNotListening()
	}
	l.waiters = append(l.waiters, ch)
	if l.wake != nil {
		l.wake()
	}
	l.mu.Unlock()
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the loop and closes the connection.
func (l *listener) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	close(l.stop)
	if l.wake != nil {
		l.wake()
	}
	l.mu.Unlock()
	<-l.done
	return nil
}

// received is the connection's notification callback: it runs on the
// listener's goroutine, inside the read that brought the notification.
func (l *listener) received(_ *pgconn.PgConn, n *pgconn.Notification) {
	if n.Channel != channel {
		return
	}
	origin, body, _ := strings.Cut(n.Payload, " ")
	if origin == l.origin {
		return // this process told its listeners at its own commit
	}
	l.deliver(parsePayload(body))
}

// parsePayload reads a notification after its origin: "all", "sessions"
// (sessions ended or accounts changed), or the agencies' ids and, after a space, the years of their figures (none
// given: any year). What it cannot read is everything, to be safe.
func parsePayload(body string) store.Change {
	switch body {
	case "all":
		return store.Change{All: true}
	case "sessions":
		return store.Change{Sessions: true}
	}
	ids, years, withYears := strings.Cut(body, " ")
	var ch store.Change
	for _, f := range strings.Split(ids, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return store.Change{All: true}
		}
		ch.Agencies = append(ch.Agencies, id)
	}
	if !withYears {
		return ch
	}
	ch.Years = []int{}
	for _, f := range strings.Split(years, ",") {
		y, err := strconv.Atoi(f)
		if err != nil {
			return store.Change{All: true}
		}
		ch.Years = append(ch.Years, y)
	}
	return ch
}

// Publish sends the transaction's changes as notifications, delivered at
// its commit.
func (l *listener) Publish(ctx context.Context, tx store.Execer, ch store.Change, _ time.Time) error {
	for _, p := range payloads(l.origin, ch) {
		if _, err := tx.ExecContext(ctx, tx.Rebind("SELECT pg_notify(?, ?)"), channel, p); err != nil {
			return err
		}
	}
	return nil
}

// PublishWith appends insert's row and sends the change's notifications
// in one statement: the insert a data-modifying WITH (PostgreSQL runs it
// whole though nothing reads it), pg_notify once per payload.
func (l *listener) PublishWith(ctx context.Context, tx store.Execer, ch store.Change, insert string, args ...any) error {
	q := "WITH appended AS (" + insert + ") SELECT pg_notify(?, p) FROM unnest(CAST(? AS text[])) AS p"
	_, err := tx.ExecContext(ctx, tx.Rebind(q), append(args, channel, payloads(l.origin, ch))...)
	return err
}

// payloads are the notifications of one change: "<origin> all", or
// "<origin> sessions" when sessions changed, and the
// agencies' ids, comma-separated, then the years, in as many payloads as
// their length needs (each with the years).
func payloads(origin string, ch store.Change) []string {
	if ch.All {
		return []string{origin + " all"}
	}
	var out []string
	if ch.Sessions {
		out = append(out, origin+" sessions")
	}
	years := ""
	if ch.Years != nil {
		ys := make([]string, len(ch.Years))
		for i, y := range ch.Years {
			ys[i] = strconv.Itoa(y)
		}
		years = " " + strings.Join(ys, ",")
	}
	var b strings.Builder
	for _, id := range ch.Agencies {
		if b.Len() > maxPayload {
			out = append(out, b.String()+years)
			b.Reset()
		}
		if b.Len() == 0 {
			b.WriteString(origin + " ")
		} else {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	if b.Len() > 0 {
		out = append(out, b.String()+years)
	}
	return out
}
