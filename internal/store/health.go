package store

import (
	"context"
	"errors"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"

	"parkpi/internal/kpi"
)

// CheckWrite proves the database accepts a write, not only a read: it
// rewrites the one row of health_probe in a transaction of the writer. A
// full disk or a read-only file fails it with StorageError's words.
func (db *DB) CheckWrite(ctx context.Context) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO health_probe (id, at) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET at = excluded.at`), db.now().Unix())
		return err
	})
	if serr := StorageError(err); serr != nil {
		return serr
	}
	return err
}

// StorageError turns an error of the storage itself — the disk is full,
// the file or its folder is read-only, the disk failed — into a coded error
// (ESTORAGE) a clerk understands, saying that nothing was saved; any other
// error (nil included) gives nil. Writes are one transaction, so such an
// error always means nothing of the write was kept.
func StorageError(err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return nil
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return kpi.Errorf(kpi.ESTORAGE, "Máy chủ hết dung lượng lưu trữ — chưa lưu gì. Hãy báo quản trị viên.",
			"Storage full — nothing was saved. Please tell an administrator.")
	case sqlite3.ErrReadonly:
		return kpi.Errorf(kpi.ESTORAGE, "Cơ sở dữ liệu đang ở chế độ chỉ đọc — chưa lưu gì. Hãy báo quản trị viên.",
			"The database is read-only — nothing was saved. Please tell an administrator.")
	case sqlite3.ErrIoErr, sqlite3.ErrCantOpen:
		return kpi.Errorf(kpi.ESTORAGE, "Máy chủ không ghi được vào ổ đĩa — chưa lưu gì. Hãy báo quản trị viên.",
			"The server cannot write to its disk — nothing was saved. Please tell an administrator.")
	}
	return nil
}
