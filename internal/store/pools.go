package store

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
)

// Pools are the database's connection pools by name, for the operators'
// metrics: the one writer and the readers.
func (db *DB) Pools() map[string]*sql.DB {
	return map[string]*sql.DB{"writer": db.w.DB, "reader": db.r.DB}
}

// WALBytes is the size of the SQLite write-ahead log beside the main file:
// a log that keeps growing means checkpoints do not keep up. A database
// without a file (in memory) has none.
func (db *DB) WALBytes(ctx context.Context) (int64, error) {
	var rows []struct {
		Seq  int    `db:"seq"`
		Name string `db:"name"`
		File string `db:"file"`
	}
	if err := db.r.SelectContext(ctx, &rows, "PRAGMA database_list"); err != nil {
		return 0, err
	}
	for _, r := range rows {
		if r.Name != "main" || r.File == "" {
			continue
		}
		fi, err := os.Stat(r.File + "-wal")
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		return fi.Size(), nil
	}
	return 0, nil
}
