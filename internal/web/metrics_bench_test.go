package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"parkpi/internal/store/storetest"
)

// BenchmarkOperatorMiddleware is what the request id, the request metrics
// and the bearer check add to every request: the same trivial route with
// and without them.
func BenchmarkOperatorMiddleware(b *testing.B) {
	s, err := New(storetest.Open(b), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	if err != nil {
		b.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	for _, tc := range []struct {
		name string
		mw   []gin.HandlerFunc
	}{
		{"bare", nil},
		{"request-id+metrics+bearer", []gin.HandlerFunc{s.requestID(), s.countRequests(), s.loadBearer()}},
	} {
		r := gin.New()
		r.Use(tc.mw...)
		r.GET("/api/v1/x/:code", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
		req := httptest.NewRequest(http.MethodGet, "/api/v1/x/14722", nil)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
