package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"
)

// SettingPublic is the switch of the public scoreboard: "1" when an
// administrator opened it; absent or anything else, it is closed (off by
// default).
const SettingPublic = "public_scoreboard"

// Setting returns a setting's value, "" when it was never set.
func (db *DB) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := db.r.GetContext(ctx, &v, db.r.Rebind(`SELECT value FROM settings WHERE name = ?`), name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SettingWrite sets one setting.
type SettingWrite struct {
	Name, Value   string
	Actor, Source string
}

// SetSetting writes a setting with its audit row, in one write; every
// cache is told (a setting may change what any page shows).
func (db *DB) SetSetting(ctx context.Context, w SettingWrite) error {
	return db.write(ctx, nil, func(ctx context.Context, x *writeTx) error {
		var old string
		err := sqlx.GetContext(ctx, x, &old, x.Rebind(`SELECT value FROM settings WHERE name = ?`), w.Name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && old == w.Value {
			return nil
		}
		if _, err := x.ExecContext(ctx, x.Rebind(`INSERT INTO settings (name, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
			w.Name, w.Value, w.Actor, unix(db.now())); err != nil {
			return err
		}
		x.all = true
		return db.audit(ctx, x, AuditEntry{Actor: w.Actor, Action: "setting.set", Entity: "setting", Field: w.Name, Old: old, New: w.Value, Source: w.Source})
	})
}
