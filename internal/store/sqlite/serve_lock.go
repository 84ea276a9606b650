package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"parkpi/internal/kpi"
)

// LockServing marks the database at path as served by this process until
// release is called: a shared flock(2) on path+".lock". Several servers may
// share a database; Restore takes the lock exclusively and so refuses while
// any of them runs. The kernel drops the lock when the process ends, even
// by kill -9, so a crashed server never blocks a restore.
func LockServing(path string) (release func(), err error) {
	return lockServe(path, false)
}

func lockServe(path string, exclusive bool) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open the lock file: %w", err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := flockSoon(f, how, exclusive); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if exclusive {
				return nil, kpi.Errorf(kpi.ECONFLICT, "Máy chủ parkpi đang chạy trên %s: hãy dừng máy chủ rồi khôi phục.",
					"A parkpi server is running on %s: stop it, then restore.", path)
			}
			return nil, kpi.Errorf(kpi.ECONFLICT, "%s đang được khôi phục; hãy chờ xong rồi chạy máy chủ.",
				"%s is being restored; wait for it to finish, then start the server.", path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// serveLockWait is how long a server's start waits for an exclusive holder
// to let go: a restore holds the lock for its whole length, far longer,
// while a look that takes it for an instant (an operator's `flock -n`, a
// test's probe) must not stop a server from starting.
const serveLockWait = 2 * time.Second

// flockSoon takes the lock without blocking; a server's shared lock tries
// again for serveLockWait before it gives up.
func flockSoon(f *os.File, how int, exclusive bool) error {
	deadline := time.Now().Add(serveLockWait)
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil || exclusive || !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}
