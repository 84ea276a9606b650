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
		State     string `db:"state"`
		Reason    string `db:"reason"`
		Comment   string `db:"comment"`
		Version   int    `db:"version"`
		UpdatedBy string `db:"updated_by"`
		UpdatedAt int64  `db:"updated_at"`
		Late      int    `db:"late"`
	}
	err := sqlx.GetContext(ctx, q, &row, q.Rebind(`SELECT state, reason, comment, version, updated_by, updated_at, late
		FROM submissions WHERE agency_id = ? AND dataset_id = ? AND year = ? AND period = ?`), agencyID, mainDataset, p.Year, p.Code())
	if isNoRows(err) {
		return kpi.Submission{Period: p, State: kpi.StateNotStarted}, nil
	}
	return kpi.Submission{Period: p, State: row.State, Reason: row.Reason, Comment: row.Comment,
		Version: row.Version, UpdatedBy: row.UpdatedBy, UpdatedAt: fromUnix(row.UpdatedAt), Late: row.Late == 1}, err
}

// upsertSubmission moves an agency's quarter to state and bumps its version.
func upsertSubmission(ctx context.Context, x execer, agencyID int64, p kpi.Period, state string, prev kpi.Submission, actor string, at time.Time) error {
	next := prev
	next.Period, next.State, next.Version, next.UpdatedBy, next.UpdatedAt = p, state, prev.Version+1, actor, at
	return putSubmission(ctx, x, agencyID, next)
}

// putSubmission writes the state of an agency's quarter.
func putSubmission(ctx context.Context, x execer, agencyID int64, s kpi.Submission) error {
	_, err := x.ExecContext(ctx, x.Rebind(`INSERT INTO submissions (agency_id, dataset_id, year, period, state, reason, comment, version, updated_by, updated_at, late)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (agency_id, dataset_id, year, period) DO UPDATE
		SET state = excluded.state, reason = excluded.reason, comment = excluded.comment, version = excluded.version,
		    updated_by = excluded.updated_by, updated_at = excluded.updated_at, late = excluded.late`),
		agencyID, mainDataset, s.Period.Year, s.Period.Code(), s.State, s.Reason, s.Comment, s.Version, s.UpdatedBy, unix(s.UpdatedAt), boolInt(s.Late))
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
