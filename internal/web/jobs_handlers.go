package web

import (
	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// jobView is the status page of a background export.
type jobView struct {
	Page
	ID, Name, State, Message string
}

func (s *Server) userJob(c *gin.Context) (*job, error) {
	u := currentUser(c)
	if u == nil {
		return nil, errLogin()
	}
	j := s.jobs().get(c.Param("id"), u.Username)
	if j == nil {
		return nil, kpi.Errorf(kpi.ENOTFOUND, "Không có việc này, hoặc đã hết hạn.", "There is no such job, or it has expired.")
	}
	return j, nil
}

func (s *Server) jobMessage(c *gin.Context, j *job) string {
	lang := langOf(c)
	switch j.State {
	case "done":
		return i18n.Tf(lang, "job.done")
	case "failed":
		return i18n.Tf(lang, "job.failed", kpi.ErrorMessage(j.Err, lang))
	}
	return i18n.Tf(lang, "job.running")
}

// showJob renders the status page; jobs.js polls the status and fetches
// the file when it is ready. Without JavaScript the page refreshes itself
// by its link.
func (s *Server) showJob(c *gin.Context) error {
	j, err := s.userJob(c)
	if err != nil {
		return err
	}
	v := jobView{Page: s.page(c), ID: j.ID, Name: j.Name, State: j.State, Message: s.jobMessage(c, j)}
	return s.tmpl.render(c.Writer, 200, "job", v)
}

// jobStatus answers the poll: {"state": ..., "message": ...}.
func (s *Server) jobStatus(c *gin.Context) error {
	j, err := s.userJob(c)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(200, gin.H{"state": j.State, "message": s.jobMessage(c, j)})
	return nil
}

// downloadJob sends a finished job's file.
func (s *Server) downloadJob(c *gin.Context) error {
	j, err := s.userJob(c)
	if err != nil {
		return err
	}
	switch j.State {
	case "failed":
		return j.Err
	case "running":
		return kpi.Errorf(kpi.ECONFLICT, "Tệp chưa xong, hãy chờ.", "The file is not ready yet; please wait.")
	}
	sendFile(c, j.Name, j.file)
	return nil
}
