package excel

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"parkpi/internal/store"
)

// summary writes the workbook. Everything that is not a row of the two
// tables is set up first, in the order of the sheets (the table's head and
// formats, the chart sheet, the score sheet's head), so that the parts
// are the same as when each sheet is written whole before the next. Then
// the own rows are read once, chunk by chunk, for both tables: the table
// sheet and the score sheet stream their rows on goroutines of their own,
// each into its own stream writer, while the next chunk is read.
func (b *book) summary(ctx context.Context, d *summaryData, opt Options) error {
	table, h, err := b.summaryTable(d, opt)
	if err != nil {
		return err
	}
	if err := b.summaryCharts(d); err != nil {
		return err
	}
	scores, err := b.scoreHead(d)
	if err != nil {
		return err
	}
	// No channel is closed: each side knows how many chunks there are, and
	// a failure cancels ctx, which every wait gives way to, after the
	// failure is the group's error.
	g, ctx := errgroup.WithContext(ctx)
	chunks := readOwnRows(ctx, g, d)
	var toScores chan [][]float64
	if scores != nil {
		toScores = make(chan [][]float64, 2)
		g.Go(func() error { return scores.scoreBody(ctx, d, toScores) })
	}
	g.Go(func() error {
		last, err := table.summaryRows(ctx, d, chunks, toScores)
		if err == nil && last != d.summaryLastRow() {
			err = fmt.Errorf("the summary's total row is %d, its formats end at %d", last, d.summaryLastRow())
		}
		if err == nil {
			table.writeSignature(last+2, h)
		}
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	if err := table.flush(); err != nil {
		return err
	}
	if scores != nil {
		return scores.flush()
	}
	return nil
}

// readOwnRows starts reading the agencies' own rows (store.OwnRows, in
// the order of summaryData.ownCodes) on g, store.OwnRowsChunk agencies at
// a time in the order the rows are written: the report holds a few chunks,
// never the whole country. One connection reads: the two sheets' writing
// beside it takes as long as the read, and a second reader measured more
// memory and no less time.
func readOwnRows(ctx context.Context, g *errgroup.Group, d *summaryData) <-chan [][]float64 {
	ask := store.OwnRowsAsk{Scope: d.at, Codes: d.ownCodes}
	for _, grp := range d.groups {
		for from := 0; from < len(grp.agencies); from += store.OwnRowsChunk {
			part := grp.agencies[from:min(from+store.OwnRowsChunk, len(grp.agencies))]
			ids := make([]int64, len(part))
			for j, a := range part {
				ids[j] = a.ID
			}
			ask.Chunks = append(ask.Chunks, ids)
		}
	}
	out := make(chan [][]float64, 1)
	g.Go(func() error {
		return d.db.StreamOwnRows(ctx, ask, func(rows [][]float64) error { return send(ctx, out, rows) })
	})
	return out
}

// send hands v on unless ctx is done first.
func send[T any](ctx context.Context, ch chan<- T, v T) error {
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// recv takes the next value unless ctx is done first.
func recv[T any](ctx context.Context, ch <-chan T) (T, error) {
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
