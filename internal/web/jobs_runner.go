package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"

	"parkpi/internal/kpi"
)

// jobDelay holds jobs back before they start; only tests set it, to watch
// the status page poll a job that is still running.
var jobDelay atomic.Int64

// jobTTL is how long a finished job's file waits for its download.
const jobTTL = 30 * time.Minute

// job is one background build: its owner, state and, when done, its file.
type job struct {
	ID       string
	Owner    string
	Name     string
	State    string // "running", "done", "failed"
	Err      error
	file     []byte
	finished time.Time
}

// jobRunner runs slow exports in the background, in process: enough for
// one server, and jobs die with it (the user just asks again).
type jobRunner struct {
	mu   sync.Mutex
	jobs map[string]*job
}

var (
	runnersMu sync.Mutex
	runners   = map[*Server]*jobRunner{}
)

// jobs returns the server's job runner, made on first use so the Server
// struct (shared) needs no new field.
func (s *Server) jobs() *jobRunner {
	runnersMu.Lock()
	defer runnersMu.Unlock()
	r, ok := runners[s]
	if !ok {
		r = &jobRunner{jobs: map[string]*job{}}
		runners[s] = r
	}
	return r
}

// maxJobsPerUser is how many exports one user may have running at once:
// each holds a large scope's workbook in memory while it is built.
const maxJobsPerUser = 2

// start runs fn in the background and returns the job's id, or EBUSY when
// the owner already has maxJobsPerUser jobs running.
func (r *jobRunner) start(owner, name string, fn func(context.Context) ([]byte, error)) (string, error) {
	var b [12]byte
	_, _ = rand.Read(b[:])
	j := &job{ID: hex.EncodeToString(b[:]), Owner: owner, Name: name, State: "running"}
	r.mu.Lock()
	r.sweep()
	running := 0
	for _, o := range r.jobs {
		if o.Owner == owner && o.State == "running" {
			running++
		}
	}
	if running >= maxJobsPerUser {
		r.mu.Unlock()
		return "", kpi.Errorf(kpi.EBUSY, "Bạn đang có %d tệp đang được tạo. Hãy chờ xong rồi tạo tiếp.",
			"You already have %d files being built. Wait for them to finish, then start another.", running)
	}
	r.jobs[j.ID] = j
	r.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		time.Sleep(time.Duration(jobDelay.Load()))
		file, err := fn(ctx)
		r.mu.Lock()
		defer r.mu.Unlock()
		j.file, j.Err, j.finished = file, err, time.Now()
		j.State = "done"
		if err != nil {
			j.State = "failed"
		}
	}()
	return j.ID, nil
}

// get returns a copy of the owner's job, nil when unknown or another's.
func (r *jobRunner) get(id, owner string) *job {
	r.mu.Lock()
	defer r.mu.Unlock()
	j, ok := r.jobs[id]
	if !ok || j.Owner != owner {
		return nil
	}
	cp := *j
	return &cp
}

// sweep drops finished jobs older than jobTTL; the caller holds mu.
func (r *jobRunner) sweep() {
	for id, j := range r.jobs {
		if j.State != "running" && time.Since(j.finished) > jobTTL {
			delete(r.jobs, id)
		}
	}
}
