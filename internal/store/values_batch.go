package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// SaveValuesBatch writes several agency-quarters in one transaction, each
// exactly as SaveValues would (version check, editable state, values, year
// figures, rollups, submission version, audit rows): a confirmed Excel
// upload covering many agencies. If any write fails, nothing is stored.
// It returns the new version of each write, in order.
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
		for i, w := range writes {
			v, err := db.saveOneTx(ctx, tx, w, codes[i])
			if err != nil {
				return err
			}
			versions[i] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return versions, nil
}

// saveOneTx is one agency-quarter of a batch, inside its transaction.
func (db *DB) saveOneTx(ctx context.Context, tx *sqlx.Tx, w ValueWrite, codes []string) (int, error) {
	a, err := agencyByCode(ctx, tx, w.Agency)
	if err != nil {
		return 0, err
	}
	sub, err := submissionTx(ctx, tx, a.ID, w.Period)
	if err != nil {
		return 0, err
	}
	if w.Version >= 0 && sub.Version != w.Version {
		return 0, kpi.Errorf(kpi.ECONFLICT, "Số liệu quý %d/%d của %s vừa được người khác thay đổi.",
			"Someone else changed the figures of %[3]s for quarter %[1]d/%[2]d meanwhile.", w.Period.Quarter, w.Period.Year, a.Name)
	}
	if !kpi.Editable(sub.State) {
		return 0, kpi.Errorf(kpi.ECONFLICT, "Quý %d/%d của %s đã gửi hoặc đã duyệt, không sửa được.",
			"Quarter %[1]d/%[2]d of %[3]s is submitted or approved and cannot be changed.", w.Period.Quarter, w.Period.Year, a.Name)
	}
	if err := db.writeValues(ctx, tx, a, w, codes); err != nil {
		return 0, err
	}
	return sub.Version + 1, upsertSubmission(ctx, tx, a.ID, w.Period, kpi.StateDraft, sub, w.Actor, db.now())
}
