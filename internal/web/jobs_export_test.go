package web

import "time"

// SetJobDelay holds background jobs back by d until the returned function
// is called, so a test can see a job running.
func SetJobDelay(d time.Duration) func() {
	jobDelay.Store(int64(d))
	return func() { jobDelay.Store(0) }
}
