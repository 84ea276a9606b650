package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// mainDataset is the one data set until the catalogue defines more: every
// kind reports every indicator, quarterly.
const mainDataset = 1

// registry maps indicator codes to the integer ids stored rows use. Open
// adds every code of the catalogue that is new (ids are never reused or
// deleted, so a stored id always names the same indicator) and reads them
// all; the registry then only changes with the catalogue.
type registry struct {
	ids   map[string]int64
	codes map[int64]string
}

func syncRegistry(ctx context.Context, w *sqlx.DB, cat *kpi.Catalogue) (*registry, error) {
	r, err := readRegistry(ctx, w)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, ind := range cat.All() {
		if _, ok := r.ids[ind.Code]; !ok {
			missing = append(missing, ind.Code)
		}
	}
	if len(missing) == 0 {
		return r, nil // nothing to write: a read-only database opens too
	}
	tx, err := w.BeginTxx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for _, code := range missing {
		// Uniqueness by the constraint, not by reading first: two processes
		// opening one new database at once both end with the same ids.
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO indicators (code) VALUES (?) ON CONFLICT (code) DO NOTHING`), code); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return readRegistry(ctx, w)
}

// readRegistry reads every stored indicator id.
func readRegistry(ctx context.Context, q queryer) (*registry, error) {
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
func (db *DB) indicatorID(code string) (int64, error) {
	if _, ok := db.Catalogue().Get(code); ok {
		if id, ok := db.reg.id(code); ok {
			return id, nil
		}
	}
	return 0, errNoIndicator(code)
}

func errNoIndicator(code string) error {
	return kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", code)
}
