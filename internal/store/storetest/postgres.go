package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
)

// EnvPostgres names an existing PostgreSQL server for the tests (a URL
// whose user may create databases). Without it, the first test that asks
// for a PostgreSQL database starts a throwaway cluster of its own.
const EnvPostgres = "PARKPI_TEST_POSTGRES"

// PostgresURL returns the URL of a new, empty database (not migrated) on
// the test server, dropped when the test ends. A test that asks for
// PostgreSQL and cannot get it fails, saying why: it never skips, so a
// machine without PostgreSQL cannot pass the suite by accident.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	return postgresDB(tb, "")
}

// postgresDB makes a new database, a copy of template when one is named,
// and drops it when the test ends.
func postgresDB(tb testing.TB, template string) string {
	tb.Helper()
	base, err := server()
	if err != nil {
		tb.Fatalf("PostgreSQL for the tests: %v (install the Debian package postgresql, or set %s)", err, EnvPostgres)
	}
	name := "parkpi_test_" + randomHex(6)
	if err := createDB(base, name, template); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() { dropLater(base, name) })
	return dbURL(base, name)
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// admin is one pool on the server's maintenance database, for the whole
// test binary.
func admin(base string) (*sql.DB, error) {
	adminOnce.Do(func() {
		if adminDB, adminErr = sql.Open("pgx", base); adminErr == nil {
			adminDB.SetMaxOpenConns(4)
		}
	})
	return adminDB, adminErr
}

// createDB creates the database name, a copy of template when given. The
// names are ours (hex), not input: safe to put into the statement.
func createDB(base, name, template string) error {
	a, err := admin(base)
	if err != nil {
		return err
	}
	if template == "" {
		template = "template0"
	}
	_, err = a.Exec("CREATE DATABASE " + name + " TEMPLATE " + template + " ENCODING 'UTF8'")
	return err
}

func dropDB(base, name string) error {
	a, err := admin(base)
	if err != nil {
		return err
	}
	_, err = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	return err
}

// A test's database is dropped after the test, by one goroutine of the
// binary: DROP DATABASE waits for a checkpoint (a second or more), which no
// test needs to wait for. Main waits for the drops on a server of the
// environment's; a throwaway cluster goes whole.
var (
	dropsOnce sync.Once
	drops     chan string
	dropsDone chan struct{}
)

func dropLater(base, name string) {
	dropsOnce.Do(func() {
		drops, dropsDone = make(chan string, 4096), make(chan struct{})
		go func() {
			defer close(dropsDone)
			for n := range drops {
				_ = dropDB(base, n)
			}
		}()
	})
	drops <- name
}

// waitDrops lets the queued drops finish.
func waitDrops() {
	if drops != nil {
		close(drops)
		<-dropsDone
	}
}

func dbURL(base, name string) string {
	u, _ := url.Parse(base)
	u.Path = "/" + name
	return u.String()
}

// Main runs a package's tests and then drops the templates it made and
// stops the throwaway cluster, if a test started one. Packages whose tests use Postgres call it from
// TestMain: func TestMain(m *testing.M) { storetest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	if os.Getenv(EnvPostgres) != "" {
		waitDrops()
		dropTemplates()
	}
	stopCluster()
	os.Exit(code)
}

var (
	clusterOnce sync.Once
	clusterURL  string
	clusterErr  error
	clusterProc *exec.Cmd
	clusterDir  string
)

// server is the base URL of the test server: the environment's, or the
// cluster this process started (once).
func server() (string, error) {
	if u := os.Getenv(EnvPostgres); u != "" {
		return u, nil
	}
	clusterOnce.Do(func() { clusterURL, clusterErr = startCluster() })
	return clusterURL, clusterErr
}

// startCluster makes a cluster in a fresh temporary folder (initdb) and
// runs its server on a free loopback port, as the postgres user when this
// process is root (initdb refuses root). The server is a child of this
// process and gets SIGTERM should the test binary die without Main.
func startCluster() (string, error) {
	bin, err := postgresBin()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "parkpi-pg-")
	if err != nil {
		return "", err
	}
	clusterDir = dir
	asUser, err := clusterUser(dir)
	if err != nil {
		return "", err
	}
	data := filepath.Join(dir, "data")
	initdb := asUser(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C.UTF-8", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		return "", fmt.Errorf("initdb: %v: %s", err, lastLines(string(out), 5))
	}
	port, err := freePort()
	if err != nil {
		return "", err
	}
	// fsync off: a throwaway cluster need not survive a power cut, and the
	// suite's many small transactions then cost no disk flushes.
	cmd := asUser(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port), "-k", dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=200")
	// Opened here and inherited by the server, which then needs no rights
	// of its own on the file.
	logFile, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		return "", err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGTERM
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("start postgres: %w", err)
	}
	clusterProc = cmd
	u := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	if err := waitReady(u, 30*time.Second); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
		stopCluster()
		return "", fmt.Errorf("%v: %s", err, lastLines(string(log), 5))
	}
	return u, nil
}

// clusterUser prepares dir for the user the cluster runs as and returns a
// command maker that runs programs as that user: the postgres user when
// this process is root (initdb and the server refuse root), set on the
// child process itself so that signals reach the server, not a wrapper.
func clusterUser(dir string) (func(name string, args ...string) *exec.Cmd, error) {
	if os.Geteuid() != 0 {
		return exec.Command, nil
	}
	pg, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, and there is no postgres user to run the server as")
	}
	uid, _ := strconv.ParseUint(pg.Uid, 10, 32)
	gid, _ := strconv.ParseUint(pg.Gid, 10, 32)
	if err := os.Chown(dir, int(uid), int(gid)); err != nil {
		return nil, err
	}
	return func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		return cmd
	}, nil
}

// postgresBin finds the server's programs: on Debian they are not on PATH
// but in /usr/lib/postgresql/<version>/bin (the newest one wins).
func postgresBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("no initdb found on PATH or in /usr/lib/postgresql/*/bin")
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitReady(u string, limit time.Duration) error {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not answer within %s: %w", limit, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stopCluster asks the server for a fast shutdown, waits for it and
// removes its folder.
func stopCluster() {
	if clusterProc != nil && clusterProc.Process != nil {
		_ = clusterProc.Process.Signal(syscall.SIGINT)
		done := make(chan struct{})
		go func() { _ = clusterProc.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = clusterProc.Process.Kill()
		}
		clusterProc = nil
	}
	if clusterDir != "" {
		_ = os.RemoveAll(clusterDir)
		clusterDir = ""
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
