package web

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"regexp"

	"github.com/gin-gonic/gin"
)

// requestIDHeader carries the request id in both directions: a proxy in
// front may set it (so its log and ours share the id), and every answer
// carries it back.
const requestIDHeader = "X-Request-ID"

const requestIDKey = "web.requestID"

// validRequestID bounds what is taken from a proxy: short, no spaces or
// control characters, safe in a log line and on an error page.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID gives every request an id before anything else runs: the
// request log line, the log line of an internal error and the error shown
// to the user ("mã lỗi: …") all carry it, so a clerk's screenshot leads to
// the log line.
func (s *Server) requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(requestIDHeader)
		if !validRequestID.MatchString(id) {
			id = newRequestID()
		}
		c.Set(requestIDKey, id)
		c.Header(requestIDHeader, id)
		c.Next()
	}
}

// newRequestID is 12 hex digits: short enough to read aloud over the phone,
// random enough not to repeat in a day's log.
func newRequestID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// requestIDOf is the id of the request, "" outside the middleware.
func requestIDOf(c *gin.Context) string { return c.GetString(requestIDKey) }

// logFor is the server's logger with the request's id on every line.
func (s *Server) logFor(c *gin.Context) *slog.Logger {
	return s.log.With("request_id", requestIDOf(c))
}
