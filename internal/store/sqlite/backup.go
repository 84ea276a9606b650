package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"parkpi/internal/kpi"
)

// Backup writes an online, consistent copy of the database to path with
// SQLite's VACUUM INTO: one read transaction, so the copy is the database
// as of one commit while the server goes on reading and writing. An
// existing file is never overwritten.
func (e *Engine) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return kpi.Errorf(kpi.EINVALID, "Tệp %s đã có; hãy chọn tên khác (bản sao lưu không ghi đè tệp nào).",
			"%s already exists; choose another name (a backup never overwrites a file).", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create backup folder: %w", err)
		}
	}
	if _, err := e.r.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		if serr := e.StorageError(err); serr != nil {
			return serr
		}
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Restore puts the backup src into place as the database dst, refusing
// while a server runs on dst (it holds dst's serve lock, LockServing). src
// must be a readable parkpi database. The database it replaces is not
// deleted: dst and its WAL are renamed aside with a timestamp, and that
// path is returned. The copy is written beside dst and renamed over it, so
// dst is either the old database or the whole backup, never half of one.
func Restore(src, dst string) (kept string, err error) {
	if err := checkBackup(src); err != nil {
		return "", err
	}
	release, err := lockServe(dst, true)
	if err != nil {
		return "", err
	}
	defer release()
	tmp := dst + ".restoring"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("copy %s: %w", src, err)
	}
	if _, err := os.Stat(dst); err == nil {
		kept = fmt.Sprintf("%s.before-restore-%s", dst, time.Now().UTC().Format("20060102-150405"))
		// The WAL and shared memory go with the file they belong to: left
		// beside the restored file, SQLite would replay them into it.
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dst+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				os.Remove(tmp)
				return "", fmt.Errorf("keep the old database: %w", err)
			}
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return kept, fmt.Errorf("put the backup in place: %w", err)
	}
	return kept, nil
}

// checkBackup opens src read-only and checks it is a whole parkpi
// database: SQLite's quick_check passes and the schema has its tables.
func checkBackup(src string) error {
	bad := kpi.Errorf(kpi.EINVALID, "Tệp %s không phải bản sao lưu parkpi đọc được; không khôi phục gì.",
		"%s is not a readable parkpi backup; nothing was restored.", src)
	if _, err := os.Stat(src); err != nil {
		return kpi.Errorf(kpi.EINVALID, "Không có tệp %s.", "There is no file %s.", src)
	}
	c, err := sql.Open("sqlite3", "file:"+src+"?mode=ro")
	if err != nil {
		return bad
	}
	defer c.Close()
	var check string
	var tables int
	if err := c.QueryRow("PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return bad
	}
	if err := c.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('agencies', 'kpi_values', 'users', 'audit_log', 'goose_db_version')`).Scan(&tables); err != nil || tables != 5 {
		return bad
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
