package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// PendingUpload is a parsed Excel upload waiting for its user to confirm
// the preview: the planned writes (Payload, JSON chosen by the caller),
// who uploaded it and until when it may be confirmed.
type PendingUpload struct {
	ID        string     `db:"id"`
	Username  string     `db:"username"`
	FileName  string     `db:"file_name"`
	Period    kpi.Period `db:"-"`
	Year      int        `db:"year"`
	Quarter   int        `db:"quarter"`
	Payload   string     `db:"payload"`
	CreatedAt time.Time  `db:"-"`
	ExpiresAt time.Time  `db:"-"`
	Created   int64      `db:"created_at"` // Unix seconds, as stored
	Expires   int64      `db:"expires_at"`
}

// SaveUpload keeps an upload for ttl under a new random id and returns the
// id; expired uploads are removed in the same transaction.
func (db *DB) SaveUpload(ctx context.Context, u PendingUpload, ttl time.Duration) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	id := hex.EncodeToString(b[:])
	now := db.now()
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM uploads WHERE expires_at < ?"), unix(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO uploads (id, username, file_name, year, quarter, payload, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), id, u.Username, u.FileName, u.Period.Year, u.Period.Quarter, u.Payload, unix(now), unix(now.Add(ttl)))
		return err
	})
	return id, err
}

// Upload returns the pending upload id of username; another user's upload,
// an expired one or an unknown id are all "not found".
func (db *DB) Upload(ctx context.Context, id, username string) (PendingUpload, error) {
	var rows []PendingUpload
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT id, username, file_name, year, quarter, payload, created_at, expires_at
		FROM uploads WHERE id = ? AND username = ? AND expires_at >= ?`), id, username, unix(db.now()))
	if err != nil {
		return PendingUpload{}, err
	}
	if len(rows) == 0 {
		return PendingUpload{}, kpi.Errorf(kpi.ENOTFOUND, "Không tìm thấy tệp tải lên này, hoặc đã hết hạn. Hãy tải lên lại.",
			"This upload was not found or has expired. Upload the file again.")
	}
	u := rows[0]
	u.Period = kpi.Period{Year: u.Year, Quarter: u.Quarter}
	u.CreatedAt, u.ExpiresAt = fromUnix(u.Created), fromUnix(u.Expires)
	return u, nil
}

// ApplyUpload confirms a pending upload: its writes and the removal of the
// upload happen in one write (so a confirmation counts once), and if any
// write fails nothing is stored and the upload stays.
func (db *DB) ApplyUpload(ctx context.Context, id string, writes []ValueWrite) error {
	codes, err := db.batchCodes(ctx, writes)
	if err != nil {
		return err
	}
	return db.write(ctx, batchKeys(writes), func(ctx context.Context, t *writeTx) error {
		res, err := t.ExecContext(ctx, t.Rebind("DELETE FROM uploads WHERE id = ?"), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return kpi.Errorf(kpi.ECONFLICT, "Tệp tải lên này đã được xác nhận rồi.", "This upload has already been confirmed.")
		}
		return t.saveBatch(ctx, writes, codes, nil)
	})
}

// DeleteUpload drops a pending upload (the user cancelled it).
func (db *DB) DeleteUpload(ctx context.Context, id, username string) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM uploads WHERE id = ? AND username = ?"), id, username)
		return err
	})
}
