package store

import (
	"context"
	"database/sql"
)

// Pools are the database's connection pools by name, for the operators'
// metrics: the writers and the readers.
func (db *DB) Pools() map[string]*sql.DB {
	return map[string]*sql.DB{"writer": db.w.DB, "reader": db.r.DB}
}

// WALBytes is the size of the SQLite write-ahead log beside the main file
// (a log that keeps growing means checkpoints do not keep up); an engine
// without one reports 0.
func (db *DB) WALBytes(ctx context.Context) (int64, error) {
	if w, ok := db.eng.(walSizer); ok {
		return w.WALBytes(ctx)
	}
	return 0, nil
}
