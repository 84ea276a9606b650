package store

import (
	"context"
	"math"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// ScopeYear is a scope's figures for one year, quarter by quarter (keys
// 1–4) and for the whole year (key 0): the agency-year report's columns.
type ScopeYear map[int]map[string]kpi.Figure

// ScopeYearFigures returns the scope's figures for every quarter of the
// scope's year and for the year itself, at the scope's level (its Quarter
// is not used).
func (db *DB) ScopeYearFigures(ctx context.Context, s Scope) (ScopeYear, error) {
	out := make(ScopeYear, 5)
	for q := 0; q <= 4; q++ {
		s.Quarter = q
		f, err := db.Figures(ctx, s)
		if err != nil {
			return nil, err
		}
		out[q] = f
	}
	return out, nil
}

// SubtreeQuarterValues returns the values entered for one quarter by every
// agency of the scope's subtree (itself included), by agency code then
// indicator code (kpi.OptionKey for a value of one breakdown option), from
// one query: the prefilled cells of an upload template.
func (db *DB) SubtreeQuarterValues(ctx context.Context, agency string, p kpi.Period) (map[string]map[string]float64, error) {
	var rows []struct {
		Code      string  `db:"code"`
		Indicator int64   `db:"indicator_id"`
		Option    int64   `db:"option_id"`
		Value     float64 `db:"value"`
	}
	scope, err := db.scopeID(ctx, agency)
	if err != nil {
		return nil, err
	}
	err = db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.code, v.indicator_id, v.option_id, v.value
		FROM agency_closure c
		JOIN agencies a ON a.id = c.descendant_id
		JOIN kpi_values v ON v.agency_id = a.id
		WHERE `+ancestorIs("c", scope)+` AND v.year = ? AND v.period = ?`), p.Year, p.Code())
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]float64{}
	for _, r := range rows {
		if out[r.Code] == nil {
			out[r.Code] = map[string]float64{}
		}
		key := db.codeOf(r.Indicator)
		if r.Option != 0 {
			key = kpi.OptionKey(key, r.Option)
		}
		out[r.Code][key] = r.Value
	}
	return out, nil
}

// SubtreeStates returns the submission state of one quarter for every
// agency of the scope's subtree that has one, by agency code (with its
// version, which an upload checks like the form does).
func (db *DB) SubtreeStates(ctx context.Context, agency string, p kpi.Period) (map[string]kpi.Submission, error) {
	var rows []struct {
		Code    string `db:"code"`
		State   string `db:"state"`
		Version int    `db:"version"`
	}
	scope, err := db.scopeID(ctx, agency)
	if err != nil {
		return nil, err
	}
	err = db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.code, sub.state, sub.version
		FROM agency_closure c
		JOIN agencies a ON a.id = c.descendant_id
		JOIN submissions sub ON sub.agency_id = a.id
		WHERE `+ancestorIs("c", scope)+` AND sub.dataset_id = ? AND sub.year = ? AND sub.period = ?`), mainDataset, p.Year, p.Code())
	if err != nil {
		return nil, err
	}
	out := make(map[string]kpi.Submission, len(rows))
	for _, r := range rows {
		out[r.Code] = kpi.Submission{Agency: r.Code, Period: p, State: r.State, Version: r.Version}
	}
	return out, nil
}

// SubtreeValues returns, for every agency of the scope's subtree that has
// any, its own figures of the given entered indicators for the scope's
// period and level — a quarter's entered values, or with quarter 0 the year
// figures (folded by each indicator's rule) — as a dense row in the order
// of codes, NaN where it has none: the rows of the province summary and of
// Biểu 06, read in one query without deriving the catalogue for each of
// thousands of agencies.
func (db *DB) SubtreeValues(ctx context.Context, s Scope, codes []string) (map[string][]float64, error) {
	tree, root, err := db.scopeAgency(ctx, s.Agency)
	if err != nil {
		return nil, err
	}
	col := db.columnsOf(codes)
	byID := map[int64][]float64{}
	err = db.eachOwn(ctx, agencySet{subtree: root.ID, indicators: db.idsOf(codes)}, s, func(agency, ind int64, t kpi.Total) {
		if ind >= int64(len(col)) || col[ind] < 0 {
			return
		}
		i := col[ind]
		row := byID[agency]
		if row == nil {
			row = make([]float64, len(codes))
			for j := range row {
				row[j] = math.NaN()
			}
			byID[agency] = row
		}
		row[i] = t.Sum
	})
	out := make(map[string][]float64, len(byID))
	for id, row := range byID {
		if a := tree.ByID(id); a != nil {
			out[a.Code] = row
		}
	}
	return out, err
}

// OwnRowsChunk is how many agencies a caller of StreamOwnRows asks for in
// one chunk: large enough that a query's cost is its rows, small enough
// that a report of any size holds only a few chunks.
const OwnRowsChunk = 256

// OwnRows returns the own figures of the given entered indicators for the
// scope's period and level (its Agency is not used) of the listed agencies,
// as one dense row per agency in the order of ids, each in the order of
// codes, NaN where the agency has none.
func (db *DB) OwnRows(ctx context.Context, s Scope, ids []int64, codes []string) ([][]float64, error) {
	var out [][]float64
	err := db.StreamOwnRows(ctx, OwnRowsAsk{Scope: s, Chunks: [][]int64{ids}, Codes: codes}, func(rows [][]float64) error {
		out = rows
		return nil
	})
	return out, err
}

// OwnRowsAsk is what StreamOwnRows reads: the scope's period and level, the
// agencies chunk by chunk (ids, in the order the rows are wanted) and the
// entered indicators of every row.
type OwnRowsAsk struct {
	Scope
	Chunks [][]int64
	Codes  []string
}

// StreamOwnRows hands fn the OwnRows of each chunk in turn: the rows of a
// report, in the order it writes them, so that a report of the whole country
// never holds every agency's figures at once. The chunks are read on one
// connection whose page cache stays small meanwhile: a report reads each
// page once, and a dashboard-sized cache full of them would only be memory
// the report's process holds for nothing (an engine whose cache is the
// connection's own: SQLite).
func (db *DB) StreamOwnRows(ctx context.Context, ask OwnRowsAsk, fn func(rows [][]float64) error) error {
	conn, err := db.r.Connx(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if b, ok := db.eng.(bulkReader); ok {
		restore, err := b.BulkRead(ctx, conn)
		if err != nil {
			return err
		}
		defer restore()
	}
	col, inds := db.columnsOf(ask.Codes), db.idsOf(ask.Codes)
	for _, ids := range ask.Chunks {
		rows := denseRows(len(ids), len(ask.Codes))
		at := make(map[int64]int, len(ids))
		for i, id := range ids {
			at[id] = i
		}
		// An agency's rows come one after another: its row is looked up
		// once, not for each of its values.
		last, row := int64(0), []float64(nil)
		err := db.eachOwnOn(ctx, conn, agencySet{ids: ids, indicators: inds}, ask.Scope, func(agency, ind int64, t kpi.Total) {
			if agency != last || row == nil {
				last, row = agency, nil
				if i, ok := at[agency]; ok {
					row = rows[i]
				}
			}
			if row != nil && ind < int64(len(col)) && col[ind] >= 0 {
				row[col[ind]] = t.Sum
			}
		})
		if err == nil {
			err = fn(rows)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// denseRows is n rows of width cells, every cell NaN, in one allocation.
func denseRows(n, width int) [][]float64 {
	cells := make([]float64, n*width)
	for i := range cells {
		cells[i] = math.NaN()
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = cells[i*width : (i+1)*width : (i+1)*width]
	}
	return out
}

// idsOf are the stored ids of the catalogue codes (unknown ones left out).
func (db *DB) idsOf(codes []string) []int64 {
	out := make([]int64, 0, len(codes))
	for _, c := range codes {
		if id, ok := db.idOf(c); ok {
			out = append(out, id)
		}
	}
	return out
}

// columnsOf maps indicator ids to their place in codes (-1: not asked).
func (db *DB) columnsOf(codes []string) []int {
	var top int64
	for _, c := range codes {
		if id, ok := db.idOf(c); ok && id > top {
			top = id
		}
	}
	col := make([]int, top+1)
	for i := range col {
		col[i] = -1
	}
	for i, c := range codes {
		if id, ok := db.idOf(c); ok {
			col[id] = i
		}
	}
	return col
}

// inQuery expands a query's IN (?) lists and rebinds it.
func (db *DB) inQuery(q string, args ...any) (string, []any, error) {
	q, args, err := sqlx.In(q, args...)
	return db.r.Rebind(q), args, err
}
