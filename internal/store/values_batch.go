package store

import "context"

// SaveValuesBatch writes several agency-quarters in one write, each exactly
// as SaveValues would (version check, editable state, values, derived
// figures, submission version, audit rows): a confirmed Excel upload
// covering many agencies. If any write fails, nothing is stored. It returns
// the new version of each write, in order. The statements are prepared
// once for the whole batch and the shared deltas of every write are merged
// into one upsert before the commit.
func (db *DB) SaveValuesBatch(ctx context.Context, writes []ValueWrite) ([]int, error) {
	codes, err := db.batchCodes(ctx, writes)
	if err != nil {
		return nil, err
	}
	versions := make([]int, len(writes))
	err = db.write(ctx, batchKeys(writes), func(ctx context.Context, t *writeTx) error {
		return t.saveBatch(ctx, writes, codes, versions)
	})
	if err != nil {
		return nil, err
	}
	return versions, nil
}

// batchKeys are the agency-years a batch writes.
func batchKeys(writes []ValueWrite) []LockKey {
	keys := make([]LockKey, len(writes))
	for i, w := range writes {
		keys[i] = yearKey(w.Agency, w.Period.Year)
	}
	return keys
}

// batchCodes checks every write's period and codes before anything runs.
func (db *DB) batchCodes(ctx context.Context, writes []ValueWrite) ([][]string, error) {
	codes := make([][]string, len(writes))
	for i, w := range writes {
		if err := w.Period.Validate(); err != nil {
			return nil, err
		}
		c, err := db.sortedCodes(ctx, w.Values)
		if err != nil {
			return nil, err
		}
		codes[i] = c
	}
	return codes, nil
}

// saveBatch saves each write of a batch in turn, the first failure failing
// the whole write.
func (t *writeTx) saveBatch(ctx context.Context, writes []ValueWrite, codes [][]string, versions []int) error {
	for i, w := range writes {
		v, err := t.saveQuarter(ctx, w, codes[i], batchErrors)
		if err != nil {
			return err
		}
		if versions != nil {
			versions[i] = v
		}
	}
	return nil
}
