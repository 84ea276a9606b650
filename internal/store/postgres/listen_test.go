package postgres_test

import (
	"context"
	"slices"
	"testing"

	"parkpi/internal/store"
)

// TestPublishWithAppendsAndNotifies: a group's pending row and its
// change's notifications go in one statement (PublishWith); after the
// commit the row is stored and another instance has heard every agency
// and the year, also when the agencies take more than one payload.
func TestPublishWithAppendsAndNotifies(t *testing.T) {
	ctx := context.Background()
	e := openEngine(t)
	heard := make(chan store.Change, 64)
	sender, err := e.Watch(ctx, "sender", func(store.Change) {})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	other, err := e.Watch(ctx, "other", func(ch store.Change) { heard <- ch })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	p, ok := sender.(store.PendingPublisher)
	if !ok {
		t.Fatal("PostgreSQL's watcher does not publish with the pending row")
	}
	var ids []int64
	for id := int64(1); id <= 2000; id++ { // about 10 kB of ids: two payloads
		ids = append(ids, id)
	}
	tx, err := e.Writer().Beginx()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.PublishWith(ctx, tx, store.Change{Agencies: ids, Years: []int{2021}},
		"INSERT INTO pending_sums (payload) VALUES (?)", `{"s":[]}`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := other.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	var got []int64
	payloads := 0
	for ; len(heard) > 0; payloads++ {
		ch := <-heard
		if ch.All || !slices.Equal(ch.Years, []int{2021}) {
			t.Fatalf("heard %+v, want agencies of 2021", ch)
		}
		got = append(got, ch.Agencies...)
	}
	slices.Sort(got)
	if !slices.Equal(got, ids) || payloads < 2 {
		t.Fatalf("heard %d agencies in %d payloads, want the %d published in two or more", len(got), payloads, len(ids))
	}
	var rows int
	if err := e.Reader().Get(&rows, `SELECT COUNT(*) FROM pending_sums WHERE payload = '{"s":[]}'`); err != nil || rows != 1 {
		t.Fatalf("pending rows: %d (%v), want 1", rows, err)
	}
}
