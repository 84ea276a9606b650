package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// mainDataset is the data set every agency's report (submission) is filed
// under: the one report of an agency's period, whatever form its kind's
// catalogue data set gives it.
const mainDataset = 1

// registry maps indicator codes to the integer ids stored rows use. A
// catalogue change adds every code that is new (ids are never reused or
// deleted, so a stored id always names the same indicator); the registry
// is loaded with the catalogue.
type registry struct {
	ids   map[string]int64
	codes map[int64]string
}

func loadRegistry(ctx context.Context, q queryer) (*registry, error) {
	var rows []struct {
		ID   int64  `db:"id"`
		Code string `db:"code"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, "SELECT id, code FROM indicators"); err != nil {
		return nil, err
	}
	r := &registry{ids: make(map[string]int64, len(rows)), codes: make(map[int64]string, len(rows))}
	for _, row := range rows {
		r.ids[row.Code], r.codes[row.ID] = row.ID, row.Code
	}
	return r, nil
}

// id returns the stored id of an indicator code.
func (r *registry) id(code string) (int64, bool) {
	id, ok := r.ids[code]
	return id, ok
}

// code returns the indicator code of a stored id ("" if unknown).
func (r *registry) code(id int64) string { return r.codes[id] }

// indicatorID is the id of a catalogue code, or the clerk's error for an
// unknown one.
func (db *DB) indicatorID(cat *kpi.Catalogue, code string) (int64, error) {
	if _, ok := cat.Get(code); ok {
		if id, ok := db.idOf(code); ok {
			return id, nil
		}
	}
	return 0, errNoIndicator(code)
}

func errNoIndicator(code string) error {
	return kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", code)
}
