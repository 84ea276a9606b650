package web

import (
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"parkpi/internal/kpi"
)

// The public scoreboard is open to anyone: each client address may ask
// publicRate pages a second with bursts of publicBurst; an address idle
// for publicIdle is forgotten, and at most publicAddresses are kept, so
// the limiter's own memory is bounded too.
const (
	publicRate      = 5
	publicBurst     = 20
	publicIdle      = 10 * time.Minute
	publicAddresses = 10000
)

// addressLimiter keeps a token bucket (golang.org/x/time/rate) per client
// address.
type addressLimiter struct {
	mu      sync.Mutex
	clients map[string]*limited
}

type limited struct {
	lim  *rate.Limiter
	seen time.Time
}

func newAddressLimiter() *addressLimiter { return &addressLimiter{clients: map[string]*limited{}} }

// allow takes a token for addr; false when its bucket is empty.
func (l *addressLimiter) allow(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.clients[addr]
	if c == nil {
		if len(l.clients) >= publicAddresses {
			l.forget(now)
		}
		c = &limited{lim: rate.NewLimiter(publicRate, publicBurst)}
		l.clients[addr] = c
	}
	c.seen = now
	return c.lim.AllowN(now, 1)
}

// forget drops idle addresses; if none is idle (a flood of new ones),
// every address starts afresh rather than the map growing without end.
func (l *addressLimiter) forget(now time.Time) {
	for a, c := range l.clients {
		if now.Sub(c.seen) > publicIdle {
			delete(l.clients, a)
		}
	}
	if len(l.clients) >= publicAddresses {
		clear(l.clients)
	}
}

// limitPublic answers 429 with Retry-After to an address over its rate.
func (s *Server) limitPublic() gin.HandlerFunc {
	return func(c *gin.Context) {
		if !s.public.allow(c.ClientIP(), time.Now()) {
			c.Header("Retry-After", strconv.Itoa(1))
			s.fail(c, kpi.Errorf(kpi.EBUSY, "Quá nhiều yêu cầu từ địa chỉ của bạn; hãy thử lại sau ít giây.",
				"Too many requests from your address; try again in a few seconds."))
			return
		}
		c.Next()
	}
}

// publicCacheControl lets browsers and proxies keep an anonymous answer a
// minute; a logged-in reader's page names them, so it stays private.
func publicCacheControl(c *gin.Context) {
	if currentUser(c) == nil {
		c.Header("Cache-Control", "public, max-age=60")
		return
	}
	c.Header("Cache-Control", "private, no-store")
}
