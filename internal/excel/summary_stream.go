package excel

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"parkpi/internal/store"
)

// ownReaders is how many connections read the agencies' own rows at once,
// alternating chunks: the read is the largest part of a summary's work, and
// with the two sheets written beside it, one reader would leave a core idle
// while the writing waits for it.
const ownReaders = 2

// summary writes the workbook. Everything that is not a row of the two
// tables is set up first, in the order of the sheets (the table's head and
// formats, the chart sheet, the score sheet's head), so that the parts
// are the same as when each sheet is written whole before the next. Then
// the own rows are read once, chunk by chunk, for both tables: the table
// sheet and the score sheet stream their rows on goroutines of their own,
// each into its own stream writer, while the next chunks are read.
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

// ownChunks are the agencies' own rows (store.OwnRows, in the order of
// summaryData.ownCodes), store.OwnRowsChunk agencies at a time in the order
// the rows are written, from readers that take the chunks in turn: the
// report holds a few chunks, never the whole country.
type ownChunks struct {
	from []chan [][]float64
	next int
}

// readOwnRows starts the readers of every group's agencies on g.
func readOwnRows(ctx context.Context, g *errgroup.Group, d *summaryData) *ownChunks {
	asks := make([]store.OwnRowsAsk, ownReaders)
	out := &ownChunks{from: make([]chan [][]float64, ownReaders)}
	i := 0
	for _, grp := range d.groups {
		for from := 0; from < len(grp.agencies); from += store.OwnRowsChunk {
			part := grp.agencies[from:min(from+store.OwnRowsChunk, len(grp.agencies))]
			ids := make([]int64, len(part))
			for j, a := range part {
				ids[j] = a.ID
			}
			asks[i%ownReaders].Chunks = append(asks[i%ownReaders].Chunks, ids)
			i++
		}
	}
	for k := range asks {
		ask, ch := asks[k], make(chan [][]float64, 1)
		ask.Scope, ask.Codes = d.at, d.ownCodes
		out.from[k] = ch
		if len(ask.Chunks) == 0 {
			continue
		}
		g.Go(func() error {
			return d.db.StreamOwnRows(ctx, ask, func(rows [][]float64) error { return send(ctx, ch, rows) })
		})
	}
	return out
}

// take is the next chunk, unless ctx is done first.
func (o *ownChunks) take(ctx context.Context) ([][]float64, error) {
	ch := o.from[o.next%len(o.from)]
	o.next++
	return recv(ctx, ch)
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
