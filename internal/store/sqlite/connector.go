package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"
)

// mmapBytes is how much of the file each connection reads through a memory
// map (SQLite caps it at SQLITE_MAX_MMAP_SIZE, just under 2 GiB on Linux).
// In WAL mode a read transaction that begins after another connection's
// commit starts with an empty page cache, so under a stream of saves every
// read fetched its B-tree path again, a pread system call and a copy per
// page; from the map a page costs neither. Pages still in the WAL are read
// as before.
const mmapBytes = 1 << 31

// sqliteDriver is go-sqlite3 with the memory map set on every connection.
var sqliteDriver = &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
	_, err := c.Exec(fmt.Sprintf("PRAGMA mmap_size = %d", mmapBytes), nil)
	return err
}}

// connector opens connections of sqliteDriver on one DSN.
type connector struct{ dsn string }

func (c connector) Connect(context.Context) (driver.Conn, error) { return sqliteDriver.Open(c.dsn) }

func (c connector) Driver() driver.Driver { return sqliteDriver }

// openPool is a pool of connections on dsn, named "sqlite3" for sqlx (its
// bind variables) and for the store (its statements for SQLite).
func openPool(dsn string) *sqlx.DB { return sqlx.NewDb(sql.OpenDB(connector{dsn}), "sqlite3") }
