package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// submissionTx reads the state of an agency's quarter; a quarter never
// saved comes back as not started, version 0.
func submissionTx(ctx context.Context, q queryer, agencyID int64, p kpi.Period) (kpi.Submission, error) {
	var row struct {
		State     string    `db:"state"`
		Reason    string    `db:"reason"`
		Comment   string    `db:"comment"`
		Version   int       `db:"version"`
		UpdatedBy string    `db:"updated_by"`
		UpdatedAt time.Time `db:"updated_at"`
	}
	err := sqlx.GetContext(ctx, q, &row, q.Rebind(`SELECT state, reason, comment, version, updated_by, updated_at
		FROM submissions WHERE agency_id = ? AND year = ? AND quarter = ?`), agencyID, p.Year, p.Quarter)
	if isNoRows(err) {
		return kpi.Submission{Period: p, State: kpi.StateNotStarted}, nil
	}
	return kpi.Submission{Period: p, State: row.State, Reason: row.Reason, Comment: row.Comment,
		Version: row.Version, UpdatedBy: row.UpdatedBy, UpdatedAt: row.UpdatedAt}, err
}

// upsertSubmission moves an agency's quarter to state and bumps its version.
func upsertSubmission(ctx context.Context, tx *sqlx.Tx, agencyID int64, p kpi.Period, state string, prev kpi.Submission, actor string, at time.Time) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO submissions (agency_id, year, quarter, state, reason, comment, version, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (agency_id, year, quarter) DO UPDATE
		SET state = excluded.state, reason = excluded.reason, comment = excluded.comment, version = excluded.version,
		    updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
		agencyID, p.Year, p.Quarter, state, prev.Reason, prev.Comment, prev.Version+1, actor, at)
	return err
}

// Submission returns the state of an agency's quarter.
func (db *DB) Submission(ctx context.Context, agency string, p kpi.Period) (kpi.Submission, error) {
	a, err := agencyByCode(ctx, db.r, agency)
	if err != nil {
		return kpi.Submission{}, err
	}
	s, err := submissionTx(ctx, db.r, a.ID, p)
	s.Agency = agency
	return s, err
}
