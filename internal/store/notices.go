package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// Notice statuses: what became of a notice's email.
const (
	NoticePending   = "pending"    // recorded, the email not yet tried
	NoticeSent      = "sent"       // the SMTP server took it
	NoticeFailed    = "failed"     // the SMTP server refused it or could not be reached (Error says why)
	NoticeOptedOut  = "opted_out"  // the user wants no reminder emails
	NoticeNoAddress = "no_address" // the user has no email address
	NoticeInApp     = "in_app"     // no SMTP server is configured
)

// Notice is one message for one user, shown in the application and,
// unless the user opted out, sent by email.
type Notice struct {
	ID        int64      `db:"id" json:"id"`
	UserID    int64      `db:"user_id" json:"-"`
	Key       string     `db:"key" json:"key"`
	Kind      string     `db:"kind" json:"kind"`
	Subject   string     `db:"subject" json:"subject"`
	Body      string     `db:"body" json:"body"`
	CreatedAt time.Time  `db:"-" json:"created_at"`
	Channel   string     `db:"channel" json:"channel"`
	Address   string     `db:"address" json:"address"`
	Status    string     `db:"status" json:"status"`
	SentAt    *time.Time `db:"-" json:"sent_at,omitempty"`
	Error     string     `db:"error" json:"error,omitempty"`
}

type noticeRow struct {
	Notice
	Created int64         `db:"created_at"`
	Sent    sql.NullInt64 `db:"sent_at"`
}

func (r noticeRow) notice() Notice {
	n := r.Notice
	n.CreatedAt = time.Unix(r.Created, 0).UTC()
	if r.Sent.Valid {
		t := time.Unix(r.Sent.Int64, 0).UTC()
		n.SentAt = &t
	}
	return n
}

// RecordNotice stores a new notice, once per (user, key): it returns false
// when the notice already exists (another run or instance made it), so
// whoever recorded it is the one who sends it.
func (db *DB) RecordNotice(ctx context.Context, n Notice) (int64, bool, error) {
	var ids []int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &ids, tx.Rebind(`INSERT INTO notices (user_id, key, kind, subject, body, created_at, status)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO NOTHING RETURNING id`),
			n.UserID, n.Key, n.Kind, n.Subject, n.Body, db.now().Unix(), NoticePending)
	})
	if err != nil || len(ids) == 0 {
		return 0, false, err
	}
	return ids[0], true, nil
}

// NoticeOutcome is what became of a notice's email.
type NoticeOutcome struct {
	ID      int64
	Channel string // "email", "" when none was tried
	Address string
	Status  string
	Error   string
}

// MarkNotice records what became of a notice's email; a sent one gets its
// time.
func (db *DB) MarkNotice(ctx context.Context, o NoticeOutcome) error {
	var sent any
	if o.Status == NoticeSent {
		sent = db.now().Unix()
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE notices SET channel = ?, address = ?, status = ?, sent_at = ?, error = ?
			WHERE id = ?`), o.Channel, o.Address, o.Status, sent, o.Error, o.ID)
		return err
	})
}

// NoticeKeys are the keys of the notices recorded since since, by user:
// what a run must not make again.
func (db *DB) NoticeKeys(ctx context.Context, since time.Time) (map[int64]map[string]bool, error) {
	var rows []struct {
		UserID int64  `db:"user_id"`
		Key    string `db:"key"`
	}
	if err := db.r.SelectContext(ctx, &rows, db.r.Rebind("SELECT user_id, key FROM notices WHERE created_at >= ?"), since.Unix()); err != nil {
		return nil, err
	}
	out := map[int64]map[string]bool{}
	for _, r := range rows {
		if out[r.UserID] == nil {
			out[r.UserID] = map[string]bool{}
		}
		out[r.UserID][r.Key] = true
	}
	return out, nil
}

// Notices returns a page of a user's notices, newest first, and how many
// there are.
func (db *DB) Notices(ctx context.Context, userID int64, limit, offset int) ([]Notice, int, error) {
	var total int
	if err := db.r.GetContext(ctx, &total, db.r.Rebind("SELECT COUNT(*) FROM notices WHERE user_id = ?"), userID); err != nil {
		return nil, 0, err
	}
	var rows []noticeRow
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT id, user_id, key, kind, subject, body, created_at, channel, address,
		status, sent_at, error FROM notices WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`), userID, limit, offset)
	out := make([]Notice, len(rows))
	for i, r := range rows {
		out[i] = r.notice()
	}
	return out, total, err
}

// ReturnedReport is a report sent back to its officers.
type ReturnedReport struct {
	Agency    kpi.Agency
	Period    kpi.Period
	Version   int
	Reason    string
	By        string
	UpdatedAt time.Time
}

// ReturnedSince lists the reports whose state is returned, changed since
// since, oldest first.
func (db *DB) ReturnedSince(ctx context.Context, since time.Time) ([]ReturnedReport, error) {
	var rows []struct {
		Code      string   `db:"code"`
		Name      string   `db:"name"`
		Kind      kpi.Kind `db:"kind"`
		Year      int      `db:"year"`
		Period    string   `db:"period"`
		Version   int      `db:"version"`
		Reason    string   `db:"reason"`
		UpdatedBy string   `db:"updated_by"`
		UpdatedAt int64    `db:"updated_at"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.code, a.name, a.kind, s.year, s.period, s.version, s.reason,
		s.updated_by, s.updated_at FROM submissions s JOIN agencies a ON a.id = s.agency_id
		WHERE s.state = ? AND s.dataset_id = ? AND s.updated_at >= ? ORDER BY s.updated_at, a.code`), kpi.StateReturned, mainDataset, unix(since))
	if err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ReturnedReport, 0, len(rows))
	for _, r := range rows {
		// A monthly agency's month is what was sent back; its quarter
		// follows its months and is not news of its own.
		p, ok := kpi.PeriodOfCode(r.Year, r.Period, cat.DataSetFor(r.Kind).MonthlyIn(r.Year))
		if !ok {
			continue
		}
		out = append(out, ReturnedReport{Agency: kpi.Agency{Code: r.Code, Name: r.Name, Kind: r.Kind}, Period: p,
			Version: r.Version, Reason: r.Reason, By: r.UpdatedBy, UpdatedAt: fromUnix(r.UpdatedAt)})
	}
	return out, nil
}
