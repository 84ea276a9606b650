package web

import (
	"context"
	"sync"
	"time"

	"parkpi/internal/kpi"
)

// Parsing a workbook is the costliest thing a user can ask for (seconds of
// CPU and tens of MiB for a hostile file even within the size limits), so
// the process parses at most maxParses uploads at a time: the others wait
// up to parseWait, then get a 429 with a message. One user parses one file
// at a time: a second upload while the first is parsed is refused at once.
const (
	maxParses = 2
	parseWait = 10 * time.Second
)

// parseGate admits upload parses.
type parseGate struct {
	slots chan struct{}
	mu    sync.Mutex
	users map[string]bool
}

// parses is the process's gate: the limit is per process, whatever number
// of servers it runs.
var parses = &parseGate{slots: make(chan struct{}, maxParses), users: map[string]bool{}}

// enter waits for a slot for user's parse; release it when done.
func (g *parseGate) enter(ctx context.Context, user string) (release func(), err error) {
	g.mu.Lock()
	if g.users[user] {
		g.mu.Unlock()
		return nil, kpi.Errorf(kpi.EBUSY, "Tệp trước của bạn đang được đọc. Hãy chờ xong rồi tải tệp tiếp theo.",
			"Your previous file is still being read. Wait for it to finish, then upload the next one.")
	}
	g.users[user] = true
	g.mu.Unlock()
	leave := func() {
		g.mu.Lock()
		delete(g.users, user)
		g.mu.Unlock()
	}
	wait := time.NewTimer(parseWait)
	defer wait.Stop()
	select {
	case g.slots <- struct{}{}:
		return func() { <-g.slots; leave() }, nil
	case <-wait.C:
	case <-ctx.Done():
	}
	leave()
	return nil, kpi.Errorf(kpi.EBUSY, "Máy chủ đang đọc nhiều tệp tải lên. Vui lòng thử lại sau ít phút; chưa có gì được lưu.",
		"The server is reading many uploads. Please try again in a few minutes; nothing was saved.")
}
