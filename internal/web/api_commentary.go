package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// CommentaryJSON is an agency's commentary of a period in the API.
type CommentaryJSON struct {
	Agency   string        `json:"agency"`
	Year     int           `json:"year"`
	Quarter  int           `json:"quarter"`
	Comments []kpi.Comment `json:"comments"`
}

// apiCommentary is GET /api/v1/agencies/:code/commentary?year=&quarter=.
func (s *Server) apiCommentary(c *gin.Context) error {
	years, err := s.db.Years(c.Request.Context())
	if err != nil {
		return err
	}
	year, err := pickYear(c.Query("year"), years)
	if err != nil {
		return err
	}
	q, err := pickQuarter(c.Query("quarter"))
	if err != nil {
		return err
	}
	code := c.Param("code")
	if _, err := s.db.Agency(c.Request.Context(), code); err != nil {
		return err
	}
	list, err := s.db.Commentary(c.Request.Context(), store.CommentFilter{Agency: code, Period: kpi.Period{Year: year, Quarter: q}})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, CommentaryJSON{Agency: code, Year: year, Quarter: q, Comments: list})
	return nil
}

// commentBody is the body of a PUT: the subject, the period, the kind, the
// text and the version the client read (0 for a new comment).
type commentBody struct {
	Year      int    `json:"year"`
	Quarter   int    `json:"quarter"`
	Indicator string `json:"indicator"`
	Group     string `json:"group"`
	Kind      string `json:"kind"`
	Text      string `json:"text"`
	Public    bool   `json:"public"`
	Version   *int   `json:"version"`
}

// apiSaveCommentary is PUT /api/v1/agencies/:code/commentary: the same
// checks and rights as the page (explanation: enter; assessment and
// public: approve), one audited write; 409 on a stale version.
func (s *Server) apiSaveCommentary(c *gin.Context) error {
	var b commentBody
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(&b)
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return bodyFieldError(te.Field, "Sai kiểu dữ liệu: cần "+te.Type.String()+".", "Wrong type: want "+te.Type.String()+".")
	case errors.Is(err, io.EOF):
		return kpi.Errorf(kpi.EINVALID, "Thiếu nội dung JSON.", "The JSON body is missing.")
	case err != nil:
		return kpi.Errorf(kpi.EINVALID, "Không đọc được dữ liệu JSON: %v.", "The JSON body cannot be read: %v.", err)
	case b.Version == nil || *b.Version < 0:
		return bodyFieldError("version", "Cần gửi kèm phiên bản (version) của nhận xét đã đọc, 0 nếu chưa có.",
			"The version of the comment you read is required, 0 for a new one.")
	}
	cm := kpi.Comment{Agency: c.Param("code"), Period: kpi.Period{Year: b.Year, Quarter: b.Quarter}, Indicator: b.Indicator,
		Group: b.Group, Kind: b.Kind, Text: b.Text, Public: b.Public}
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	if err := kpi.ValidateComment(cat, cm); err != nil {
		return err
	}
	if _, err := s.db.Agency(c.Request.Context(), cm.Agency); err != nil {
		return err
	}
	if err := s.authorizeComment(c, cm); err != nil {
		return err
	}
	saved, err := s.db.SaveComment(c.Request.Context(), commentWrite(c, cm, *b.Version, apiSource(c)))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, saved)
	return nil
}
