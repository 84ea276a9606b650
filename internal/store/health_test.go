package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/storetest"
)

// TestStorageFullAndReadOnly: a real SQLite "database or disk is full"
// (the file may not grow past max_page_count) and a read-only writer are
// ESTORAGE errors in words, and CheckWrite fails on a read-only database.
func TestStorageFullAndReadOnly(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	if err := db.CheckWrite(ctx); err != nil {
		t.Fatalf("a healthy database: %v", err)
	}
	err := db.WriteTx(ctx, func(tx *sqlx.Tx) error {
		var pages int
		if err := tx.Get(&pages, "PRAGMA page_count"); err != nil {
			return err
		}
		if _, err := tx.Exec("PRAGMA max_page_count = " + itoa(pages)); err != nil {
			return err
		}
		_, err := tx.Exec(`CREATE TABLE filler AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
			SELECT i, printf('%0500d', i) AS pad FROM n`)
		return err
	})
	serr := storeErr(err)
	if kpi.ErrorCode(serr) != kpi.ESTORAGE || !strings.Contains(kpi.ErrorMessage(serr, "vi"), "hết dung lượng") ||
		!strings.Contains(kpi.ErrorMessage(serr, "en"), "nothing was saved") {
		t.Fatalf("a full database: %v -> %v", err, serr)
	}
	if err := db.WriteTx(ctx, func(tx *sqlx.Tx) error { _, err := tx.Exec("PRAGMA query_only = 1"); return err }); err != nil {
		t.Fatal(err)
	}
	err = db.CheckWrite(ctx)
	if kpi.ErrorCode(err) != kpi.ESTORAGE || !strings.Contains(kpi.ErrorMessage(err, "vi"), "chỉ đọc") {
		t.Fatalf("CheckWrite on a read-only database = %v", err)
	}
}

func storeErr(err error) error { return store.StorageError(err) }

func itoa(n int) string { return strconv.Itoa(n) }
