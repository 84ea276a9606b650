package web

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPI is the OpenAPI 3.1 description of every /api/v1 route, written
// by hand and kept true by a test that checks the real answers of each
// route against it (openapi_test.go): a handler whose answer drifts from
// this document fails that test.
//
//go:embed openapi.json
var openAPI []byte

// openAPIDocument is GET /api/v1/openapi.json, public like the login page:
// it describes the routes, it holds no data.
func (s *Server) openAPIDocument(c *gin.Context) error {
	c.Data(http.StatusOK, "application/json; charset=utf-8", openAPI)
	return nil
}
