package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Contact is how reminders reach a user.
type Contact struct {
	UserID       int64  `db:"user_id" json:"-"`
	Email        string `db:"email" json:"email"`
	RemindersOff bool   `db:"reminders_off" json:"reminders_off"` // no reminder emails; in-app notices stay
}

// ContactWrite changes a user's contact, by whom and from where.
type ContactWrite struct {
	Contact
	Actor  string
	Source string
}

// Contact returns a user's contact; a user who never set one has none
// (empty address, reminders on).
func (db *DB) Contact(ctx context.Context, userID int64) (Contact, error) {
	var rows []Contact
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT user_id, email, reminders_off FROM user_contacts
		WHERE user_id = ?`), userID)
	if err != nil || len(rows) == 0 {
		return Contact{UserID: userID}, err
	}
	return rows[0], nil
}

// Contacts returns every user's contact by user id.
func (db *DB) Contacts(ctx context.Context) (map[int64]Contact, error) {
	var rows []Contact
	if err := db.r.SelectContext(ctx, &rows, `SELECT user_id, email, reminders_off FROM user_contacts`); err != nil {
		return nil, err
	}
	out := make(map[int64]Contact, len(rows))
	for _, r := range rows {
		out[r.UserID] = r
	}
	return out, nil
}

// SetContact stores a user's contact with an audit row per changed field,
// in one transaction. The address is checked by the caller.
func (db *DB) SetContact(ctx context.Context, w ContactWrite) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		var old []Contact
		if err := tx.SelectContext(ctx, &old, tx.Rebind(`SELECT user_id, email, reminders_off FROM user_contacts WHERE user_id = ?`), w.UserID); err != nil {
			return err
		}
		prev := Contact{UserID: w.UserID}
		if len(old) > 0 {
			prev = old[0]
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO user_contacts (user_id, email, reminders_off, updated_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE
			SET email = excluded.email, reminders_off = excluded.reminders_off, updated_at = excluded.updated_at`),
			w.UserID, w.Email, boolInt(w.RemindersOff), db.now().Unix()); err != nil {
			return err
		}
		var who struct {
			Username string `db:"username"`
			AgencyID int64  `db:"agency_id"`
		}
		if err := tx.GetContext(ctx, &who, tx.Rebind("SELECT username, agency_id FROM users WHERE id = ?"), w.UserID); err != nil {
			return err
		}
		for _, ch := range []struct{ field, old, new string }{
			{"email", prev.Email, w.Email},
			{"reminders_off", boolText(prev.RemindersOff), boolText(w.RemindersOff)},
		} {
			if ch.old == ch.new {
				continue
			}
			if err := db.audit(ctx, tx, AuditEntry{Actor: w.Actor, Action: "user.contact", Entity: "user", AgencyID: who.AgencyID,
				Field: who.Username + ":" + ch.field, Old: ch.old, New: ch.new, Source: w.Source}); err != nil {
				return err
			}
		}
		return nil
	})
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
