package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// SaveValuesBatch writes several agency-quarters in one transaction, each
// exactly as SaveValues would (version check, editable state, values, year
// figures, rollups, submission version, audit rows): a confirmed Excel
// upload covering many agencies. If any write fails, nothing is stored.
// It returns the new version of each write, in order. The statements are
// prepared once for the whole batch and the rollup deltas of every write
// are merged into one upsert before the commit.
func (db *DB) SaveValuesBatch(ctx context.Context, writes []ValueWrite) ([]int, error) {
	codes := make([][]string, len(writes))
	for i, w := range writes {
		if err := w.Period.Validate(); err != nil {
			return nil, err
		}
		c, err := db.sortedCodes(w.Values)
		if err != nil {
			return nil, err
		}
		codes[i] = c
	}
	versions := make([]int, len(writes))
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		t, acc := newStmtTx(tx), rollupAcc{}
		for i, w := range writes {
			v, err := db.saveTx(ctx, t, acc, w, codes[i], batchErrors)
			if err != nil {
				return err
			}
			versions[i] = v
		}
		return acc.flush(ctx, t)
	})
	if err != nil {
		return nil, err
	}
	return versions, nil
}

// saveOneTx is one agency-quarter of a batch inside a caller's
// transaction (ApplyUpload), its rollups written at once.
func (db *DB) saveOneTx(ctx context.Context, tx *sqlx.Tx, w ValueWrite, codes []string) (int, error) {
	t, acc := newStmtTx(tx), rollupAcc{}
	defer t.close()
	v, err := db.saveTx(ctx, t, acc, w, codes, batchErrors)
	if err != nil {
		return 0, err
	}
	return v, acc.flush(ctx, t)
}
