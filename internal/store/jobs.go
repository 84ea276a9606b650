package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// Job states.
const (
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is a background export as stored: the instance that started it runs
// it; every instance answers its status and its download.
type Job struct {
	ID         string
	Owner      string
	Name       string // the file's name
	State      string
	Failure    *kpi.Error // why it failed, in both languages
	CreatedAt  time.Time
	FinishedAt time.Time // zero while running
}

type jobRow struct {
	ID       string        `db:"id"`
	Owner    string        `db:"owner"`
	Name     string        `db:"name"`
	State    string        `db:"state"`
	ErrVI    string        `db:"error_vi"`
	ErrEN    string        `db:"error_en"`
	Created  int64         `db:"created_at"`
	Finished sql.NullInt64 `db:"finished_at"`
}

func (r jobRow) job() Job {
	j := Job{ID: r.ID, Owner: r.Owner, Name: r.Name, State: r.State, CreatedAt: fromUnix(r.Created)}
	if r.Finished.Valid {
		j.FinishedAt = fromUnix(r.Finished.Int64)
	}
	if r.State == JobFailed {
		j.Failure = &kpi.Error{Code: kpi.EINTERNAL, MessageVI: r.ErrVI, MessageEN: r.ErrEN}
	}
	return j
}

// NewJob is a job to record: whose, its file's name, how long finished
// jobs are kept, and how many of the owner's jobs may run at once (jobs
// started before RunningSince no longer count: their instance stopped).
type NewJob struct {
	Owner        string
	Name         string
	Keep         time.Duration
	MaxRunning   int
	RunningSince time.Time
}

// CreateJob records a new running job of the owner's under a new random
// id, removing in the same transaction the jobs finished more than Keep
// ago (their files were for downloading, not for keeping). An owner with
// MaxRunning jobs running, on any instance, is refused with EBUSY.
func (db *DB) CreateJob(ctx context.Context, n NewJob) (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	id := hex.EncodeToString(b[:])
	now := db.now()
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM jobs WHERE finished_at < ?"), unix(now.Add(-n.Keep))); err != nil {
			return err
		}
		var running int
		if err := tx.GetContext(ctx, &running, tx.Rebind(`SELECT COUNT(*) FROM jobs WHERE owner = ? AND state = ? AND created_at >= ?`),
			n.Owner, JobRunning, unix(n.RunningSince)); err != nil {
			return err
		}
		if n.MaxRunning > 0 && running >= n.MaxRunning {
			return kpi.Errorf(kpi.EBUSY, "Bạn đang có %d tệp đang được tạo. Hãy chờ xong rồi tạo tiếp.",
				"You already have %d files being built. Wait for them to finish, then start another.", running)
		}
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO jobs (id, owner, name, state, created_at) VALUES (?, ?, ?, ?, ?)`),
			id, n.Owner, n.Name, JobRunning, unix(now))
		return err
	})
	return id, err
}

// FinishJob records a job's end: its file, or why it failed.
func (db *DB) FinishJob(ctx context.Context, id string, file []byte, failure error) error {
	state, vi, en := JobDone, "", ""
	if failure != nil {
		state, vi, en, file = JobFailed, kpi.ErrorMessage(failure, "vi"), kpi.ErrorMessage(failure, "en"), nil
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE jobs SET state = ?, error_vi = ?, error_en = ?, file = ?, finished_at = ?
			WHERE id = ?`), state, vi, en, file, unix(db.now()), id)
		return err
	})
}

func errNoJob() error {
	return kpi.Errorf(kpi.ENOTFOUND, "Không có việc này, hoặc đã hết hạn.", "There is no such job, or it has expired.")
}

// Job returns owner's job id (without its file); another user's job and an
// unknown id are both "not found".
func (db *DB) Job(ctx context.Context, id, owner string) (Job, error) {
	var rows []jobRow
	if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT id, owner, name, state, error_vi, error_en, created_at, finished_at
		FROM jobs WHERE id = ? AND owner = ?`), id, owner); err != nil {
		return Job{}, err
	}
	if len(rows) == 0 {
		return Job{}, errNoJob()
	}
	return rows[0].job(), nil
}

// JobFile returns the file of owner's finished job.
func (db *DB) JobFile(ctx context.Context, id, owner string) ([]byte, error) {
	var files [][]byte
	if err := db.r.SelectContext(ctx, &files, db.r.Rebind(`SELECT file FROM jobs WHERE id = ? AND owner = ? AND state = ?`),
		id, owner, JobDone); err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errNoJob()
	}
	return files[0], nil
}

// JobCounts counts the jobs by state, for the operators' metrics.
func (db *DB) JobCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := db.r.SelectContext(ctx, &rows, "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state"); err != nil {
		return nil, err
	}
	out := map[string]int{JobRunning: 0, JobDone: 0, JobFailed: 0}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}
