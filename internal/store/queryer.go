package store

import "github.com/jmoiron/sqlx"

// queryer is what both *sqlx.DB and *sqlx.Tx offer, so read helpers serve
// inside and outside a transaction.
type queryer interface {
	sqlx.QueryerContext
	Rebind(string) string
}
