package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/kpi"
)

// formLimit caps every request body; routes that take uploads raise it for
// themselves with limitBody (see there).
const formLimit = 1 << 20

// crossOrigin refuses state-changing requests that a browser sends on
// behalf of another site (forged form posts), using Go's
// http.CrossOriginProtection: it trusts Sec-Fetch-Site, falls back to
// comparing Origin with Host, and lets through safe methods and non-browser
// clients. It runs as the first gin middleware after logging, so nothing of
// a refused request is read or written, and the refusal is an ordinary
// error page in the user's language.
func (s *Server) crossOrigin() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			s.log.Warn("cross-origin request refused", "method", c.Request.Method, "path", c.Request.URL.Path,
				"origin", c.GetHeader("Origin"), "sec_fetch_site", c.GetHeader("Sec-Fetch-Site"))
			s.fail(c, kpi.Errorf(kpi.EFORBIDDEN, "Yêu cầu từ trang web khác bị từ chối.",
				"A request from another site was refused."))
			return
		}
		c.Next()
	}
}

const rawBodyKey = "web.rawBody"

// limitBody caps the request body at n bytes. The innermost limit wins: the
// engine applies formLimit to every request, and an upload route raises
// its own cap by adding limitBody(10<<20) to its handlers, since each call
// re-wraps the original body rather than the already-limited one.
func limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		raw, ok := c.Get(rawBodyKey)
		if !ok {
			raw = c.Request.Body
			c.Set(rawBodyKey, raw)
		}
		if body, ok := raw.(io.ReadCloser); ok && body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, body, n)
		}
		c.Next()
	}
}

// parseForm reads a posted form, turning a body over the limit into a
// clear message instead of silently empty fields (gin's PostForm ignores
// parse errors).
func parseForm(c *gin.Context) error {
	err := c.Request.ParseForm()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return kpi.Errorf(kpi.EINVALID, "Dữ liệu gửi lên quá lớn (tối đa %d KiB).",
			"The request is too large (at most %d KiB).", tooBig.Limit>>10)
	case err != nil:
		return kpi.Errorf(kpi.EINVALID, "Không đọc được dữ liệu biểu mẫu.", "The form data cannot be read.")
	}
	return nil
}
