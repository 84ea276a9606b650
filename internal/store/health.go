package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// CheckWrite proves the database accepts a write, not only a read: it
// rewrites the one row of health_probe in a transaction of the writer. A
// full disk or a read-only database fails it with StorageError's words.
func (db *DB) CheckWrite(ctx context.Context) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO health_probe (id, at) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET at = excluded.at`), db.now().Unix())
		return err
	})
	if serr := db.StorageError(err); serr != nil {
		return serr
	}
	return err
}

// StorageError turns an error of the storage itself — the disk is full,
// the database is read-only, the disk failed or the server cannot be
// reached — into a coded error (ESTORAGE) a clerk understands, saying that
// nothing was saved; any other error (nil included) gives nil. Writes are
// one transaction, so such an error always means nothing of the write was
// kept.
func (db *DB) StorageError(err error) error {
	if err == nil {
		return nil
	}
	return db.eng.StorageError(err)
}

// Backup writes an online, consistent copy of the database to path, as the
// engine does it (SQLite: VACUUM INTO a new file; a server's backups are
// its own tools', which the engine says).
func (db *DB) Backup(ctx context.Context, path string) error {
	return db.eng.Backup(ctx, path)
}
