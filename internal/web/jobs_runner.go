package web

import (
	"context"
	"sync/atomic"
	"time"

	"parkpi/internal/store"
)

// jobDelay holds jobs back before they start; only tests set it, to watch
// the status page poll a job that is still running.
var jobDelay atomic.Int64

// jobTTL is how long a finished job's file waits for its download.
const jobTTL = 30 * time.Minute

// jobTimeout bounds a job's run; a job still "running" well after it (the
// instance that ran it stopped) is answered as failed.
const jobTimeout = 5 * time.Minute

// maxJobsPerUser is how many exports one user may have running at once:
// each holds a large scope's workbook in memory while it is built.
const maxJobsPerUser = 2

// startJob records a job in the database and runs fn in the background on
// this instance: the job runs once, here, and its status page and its file
// answer on every instance (the row and the file are in the database). An
// owner with maxJobsPerUser jobs running (on any instance) gets EBUSY.
func (s *Server) startJob(ctx context.Context, owner, name string, fn func(context.Context) ([]byte, error)) (string, error) {
	id, err := s.db.CreateJob(ctx, store.NewJob{Owner: owner, Name: name, Keep: jobTTL,
		MaxRunning: maxJobsPerUser, RunningSince: time.Now().Add(-jobTimeout - time.Minute)})
	if err != nil {
		return "", err
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), jobTimeout)
		defer cancel()
		time.Sleep(time.Duration(jobDelay.Load()))
		file, err := fn(ctx)
		if err != nil {
			s.log.Error("export job failed", "job", id, "err", err)
		}
		if ferr := s.db.FinishJob(context.Background(), id, file, err); ferr != nil {
			s.log.Error("export job not recorded", "job", id, "err", ferr)
		}
	}()
	return id, nil
}

// jobState is a job's state as shown: a job left running past its timeout
// lost the instance that ran it.
func jobState(j store.Job, now time.Time) string {
	if j.State == store.JobRunning && now.Sub(j.CreatedAt) > jobTimeout+time.Minute {
		return store.JobFailed
	}
	return j.State
}
