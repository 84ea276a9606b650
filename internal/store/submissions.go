package store

import (
	"context"
	"database/sql"
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

// yearReportsTx reads the reports of an agency's year in one query: each
// quarter's (index 1–4; not started where there is none) and its version
// (0: none), as savePrep.holdsAt compares them.
func yearReportsTx(ctx context.Context, q queryer, agencyID int64, year int) ([5]kpi.Submission, [5]int, error) {
	var out [5]kpi.Submission
	var versions [5]int
	for n := 1; n <= 4; n++ {
		out[n] = kpi.Submission{Period: kpi.Period{Year: year, Quarter: n}, State: kpi.StateNotStarted}
	}
	rows, err := q.QueryContext(ctx, q.Rebind(`SELECT period, state, reason, comment, version, updated_by, updated_at, late
		FROM submissions WHERE agency_id = ? AND dataset_id = ? AND year = ?`), agencyID, mainDataset, year)
	if err != nil {
		return out, versions, err
	}
	defer rows.Close()
	for rows.Next() {
		var period string
		var s kpi.Submission
		var at int64
		var late int
		if err := rows.Scan(&period, &s.State, &s.Reason, &s.Comment, &s.Version, &s.UpdatedBy, &at, &late); err != nil {
			return out, versions, err
		}
		if quarter, ok := kpi.QuarterOfCode(period); ok && quarter > 0 {
			s.Period, s.UpdatedAt, s.Late = out[quarter].Period, fromUnix(at), late == 1
			out[quarter], versions[quarter] = s, s.Version
		}
	}
	return out, versions, rows.Err()
}

// upsertSubmission moves an agency's quarter to state and bumps its version.
func upsertSubmission(ctx context.Context, x execer, agencyID int64, p kpi.Period, state string, prev kpi.Submission, actor string, at time.Time) error {
	next := prev
	next.Period, next.State, next.Version, next.UpdatedBy, next.UpdatedAt = p, state, prev.Version+1, actor, at
	return putSubmission(ctx, x, agencyID, next)
}

// putSubmission writes the state of an agency's quarter.
func putSubmission(ctx context.Context, x execer, agencyID int64, s kpi.Submission) error {
	return execRows(ctx, x, upsertReports, [][]any{submissionRow(agencyID, s)})
}

// submissionRow is a report as a row of upsertReports.
func submissionRow(agencyID int64, s kpi.Submission) []any {
	return []any{agencyID, mainDataset, s.Period.Year, s.Period.Code(), s.State, s.Reason, s.Comment, s.Version, s.UpdatedBy, unix(s.UpdatedAt), boolInt(s.Late)}
}

// Submission returns the state of an agency's quarter: one query, the
// agency joined to its report (none: not started).
func (db *DB) Submission(ctx context.Context, agency string, p kpi.Period) (kpi.Submission, error) {
	var state, reason, comment, by sql.NullString
	var version, at, late sql.NullInt64
	err := db.r.QueryRowContext(ctx, db.r.Rebind(`SELECT s.state, s.reason, s.comment, s.version, s.updated_by, s.updated_at, s.late
		FROM agencies a LEFT JOIN submissions s ON s.agency_id = a.id AND s.dataset_id = ? AND s.year = ? AND s.period = ?
		WHERE a.code = ?`), mainDataset, p.Year, p.Code(), agency).Scan(&state, &reason, &comment, &version, &by, &at, &late)
	switch {
	case isNoRows(err):
		return kpi.Submission{}, kpi.NoAgency(agency)
	case err != nil:
		return kpi.Submission{}, err
	case !state.Valid:
		return kpi.Submission{Agency: agency, Period: p, State: kpi.StateNotStarted}, nil
	}
	return kpi.Submission{Agency: agency, Period: p, State: state.String, Reason: reason.String, Comment: comment.String,
		Version: int(version.Int64), UpdatedBy: by.String, UpdatedAt: fromUnix(at.Int64), Late: late.Int64 == 1}, nil
}
