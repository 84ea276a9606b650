package sqlite

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"parkpi/data"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// TestStorageFullAndReadOnly: a real SQLite "database or disk is full"
// (the file may not grow past max_page_count) and a read-only writer are
// ESTORAGE errors in words, and CheckWrite fails on a read-only database.
func TestStorageFullAndReadOnly(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, e, cat)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckWrite(ctx); err != nil {
		t.Fatalf("a healthy database: %v", err)
	}
	var pages int
	if err := e.Writer().Get(&pages, "PRAGMA page_count"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Writer().Exec("PRAGMA max_page_count = " + strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	_, err = e.Writer().Exec(`CREATE TABLE filler AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
		SELECT i, printf('%0500d', i) AS pad FROM n`)
	serr := db.StorageError(err)
	if kpi.ErrorCode(serr) != kpi.ESTORAGE || !strings.Contains(kpi.ErrorMessage(serr, "vi"), "hết dung lượng") ||
		!strings.Contains(kpi.ErrorMessage(serr, "en"), "nothing was saved") {
		t.Fatalf("a full database: %v -> %v", err, serr)
	}
	if _, err := e.Writer().Exec("PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	err = db.CheckWrite(ctx)
	if kpi.ErrorCode(err) != kpi.ESTORAGE || !strings.Contains(kpi.ErrorMessage(err, "vi"), "chỉ đọc") {
		t.Fatalf("CheckWrite on a read-only database = %v", err)
	}
}
