package store_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestOwnRows reads the demo's agencies' own figures as a report's rows —
// in an order of the caller's (the tree reversed), at every level, for a
// year partly submitted and for one of its quarters — and compares every
// cell with OwnFigures: the same figure where the agency has one, NaN where
// it has none, and a row of NaN for an agency with nothing.
func TestOwnRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := storetest.OpenDemoOn(t, engine)
		ctx := context.Background()
		tree, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		var codes []string
		for _, a := range tree.All() {
			ids, codes = append(ids, a.ID), append(codes, a.Code)
		}
		slices.Reverse(ids)
		slices.Reverse(codes)
		cols := []string{"tthc_simplified", "dos_resolved", "dos_ontime", "svc_total", "vc_endpoints", "div_cut"}
		for _, s := range []store.Scope{{Year: 2022}, {Year: 2022, Quarter: 2}, {Year: 2021}} {
			for _, level := range kpi.Levels {
				s.Level, s.Agency = level, "37"
				own, err := db.OwnFigures(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := db.OwnRows(ctx, s, ids, cols)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != len(ids) {
					t.Fatalf("%+v: %d rows for %d agencies", s, len(rows), len(ids))
				}
				counted := 0
				for i, code := range codes {
					for j, col := range cols {
						want, got := own[code][col], rows[i][j]
						switch {
						case want.OK && got != want.Value, !want.OK && !math.IsNaN(got):
							t.Errorf("%+v: %s %s = %v, want %+v", s, code, col, got, want)
						case want.OK:
							counted++
						}
					}
				}
				if counted == 0 && s.Level != kpi.LevelApproved {
					t.Errorf("%+v: no figure compared", s)
				}
			}
		}
		none, err := db.OwnRows(ctx, store.Scope{Year: 2030}, ids[:3], cols)
		if err != nil || len(none) != 3 || !math.IsNaN(none[2][0]) {
			t.Errorf("a year without figures: %v, %v", none, err)
		}
	})
}

// TestStreamOwnRows hands the chunks' rows over in order, each as OwnRows
// reads it, and leaves the read connection's page cache as it found it (a
// report's small cache must not stay on a dashboard's connection), also
// when the caller stops the stream.
func TestStreamOwnRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := storetest.OpenDemoOn(t, engine)
		ctx := context.Background()
		db.Reader().SetMaxOpenConns(1) // the stream's connection is the next reader's
		tree, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, a := range tree.All() {
			ids = append(ids, a.ID)
		}
		chunks := [][]int64{ids[:7], ids[7:8], ids[8:]}
		cols := []string{"tthc_simplified", "dos_ontime", "vc_endpoints"}
		s := store.Scope{Year: 2021, Level: kpi.LevelApproved}
		var got [][][]float64
		err = db.StreamOwnRows(ctx, store.OwnRowsAsk{Scope: s, Chunks: chunks, Codes: cols}, func(rows [][]float64) error {
			got = append(got, rows) // no other read meanwhile: the stream holds the one connection
			return nil
		})
		if err != nil || len(got) != len(chunks) {
			t.Fatalf("%d chunks streamed of %d: %v", len(got), len(chunks), err)
		}
		for n, rows := range got {
			want, err := db.OwnRows(ctx, s, chunks[n], cols)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(chunks[n]) {
				t.Errorf("chunk %d: %d rows for %d agencies", n, len(rows), len(chunks[n]))
			}
			for i := range rows {
				for j := range rows[i] {
					if g, w := rows[i][j], want[i][j]; g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
						t.Errorf("chunk %d row %d %s = %v, want %v", n, i, cols[j], g, w)
					}
				}
			}
		}
		stop := errors.New("stop")
		stream := func() {
			t.Helper()
			if err := db.StreamOwnRows(ctx, store.OwnRowsAsk{Scope: s, Chunks: chunks, Codes: cols}, func([][]float64) error { return stop }); !errors.Is(err, stop) {
				t.Fatalf("a stream stopped by its caller: %v", err)
			}
		}
		if engine != storetest.SQLite {
			stream() // a server's page cache is its own, not the connection's
			return
		}
		cacheSize := func() int {
			var kib int
			if err := db.Reader().GetContext(ctx, &kib, "PRAGMA cache_size"); err != nil {
				t.Fatal(err)
			}
			return kib
		}
		before := cacheSize()
		stream()
		if after := cacheSize(); after != before || after >= -2048 {
			t.Errorf("the read connection's cache is %d KiB after a report, %d before", after, before)
		}
	})
}
