package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/kpi"
)

// statusOf maps an error code to its HTTP status.
func statusOf(code string) int {
	switch code {
	case kpi.EINVALID:
		return http.StatusUnprocessableEntity
	case kpi.ENOTFOUND:
		return http.StatusNotFound
	case kpi.ECONFLICT:
		return http.StatusConflict
	case kpi.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case kpi.EFORBIDDEN:
		return http.StatusForbidden
	case kpi.EBUSY:
		return http.StatusTooManyRequests
	case kpi.ESTORAGE:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// fail is the one place errors become responses: JSON for the API and for
// clients that ask for it, an HTML page otherwise. Only internal errors are
// logged, and their text never reaches the user.
func (s *Server) fail(c *gin.Context, err error) {
	if serr := s.db.StorageError(err); serr != nil {
		s.log.Error("storage refused a write", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		err = serr // said in words: the disk is full, or the database read-only
	}
	code := kpi.ErrorCode(err)
	status := statusOf(code)
	lang := langOf(c)
	if code == kpi.EINTERNAL {
		s.logFor(c).Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	msg := kpi.ErrorMessage(err, lang)
	if code == kpi.EFORBIDDEN {
		s.auditDenied(c, kpi.ErrorMessage(err, "vi"))
	}
	if code == kpi.EUNAUTHORIZED && !wantsJSON(c) {
		redirectToLogin(c)
		return
	}
	if wantsJSON(c) {
		// API clients get the message in both languages (Vietnamese first).
		c.AbortWithStatusJSON(status, errorBody(c, err))
		return
	}
	c.Abort()
	data := struct {
		Page
		Message   string
		RequestID string
	}{Page: s.page(c), Message: msg, RequestID: requestIDOf(c)}
	if rerr := s.tmpl.render(c.Writer, status, "error", data); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		c.String(status, msg)
	}
}

// errorBody is the JSON of an error: its code, the message in the request's
// language and in both, the request id that finds the log line, and — for
// a validation that names fields — each field's message.
func errorBody(c *gin.Context, err error) gin.H {
	body := gin.H{"error": kpi.ErrorCode(err), "message": kpi.ErrorMessage(err, langOf(c)),
		"message_vi": kpi.ErrorMessage(err, "vi"), "message_en": kpi.ErrorMessage(err, "en"),
		"request_id": requestIDOf(c)}
	var fe fieldErrors
	if errors.As(err, &fe) {
		body["fields"] = fe.fields
	}
	return body
}

func wantsJSON(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, "/api/") ||
		strings.Contains(c.GetHeader("Accept"), "application/json")
}

func notFound(c *gin.Context) error {
	return kpi.Errorf(kpi.ENOTFOUND, "Không tìm thấy trang %s.", "Page %s was not found.", c.Request.URL.Path)
}
