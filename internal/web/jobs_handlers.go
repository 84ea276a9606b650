package web

import (
	"time"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// jobView is the status page of a background export.
type jobView struct {
	Page
	ID, Name, State, Message string
}

func (s *Server) userJob(c *gin.Context) (store.Job, error) {
	u := currentUser(c)
	if u == nil {
		return store.Job{}, errLogin()
	}
	j, err := s.db.Job(c.Request.Context(), c.Param("id"), u.Username)
	if err != nil {
		return store.Job{}, err
	}
	j.State = jobState(j, time.Now())
	if j.State == store.JobFailed && j.Failure == nil {
		j.Failure = kpi.Errorf(kpi.EINTERNAL, "Máy chủ chạy việc này đã dừng trước khi xong; hãy yêu cầu lại.",
			"The server running this job stopped before it finished; please ask again.")
	}
	return j, nil
}

func (s *Server) jobMessage(c *gin.Context, j store.Job) string {
	lang := langOf(c)
	switch j.State {
	case store.JobDone:
		return i18n.Tf(lang, "job.done")
	case store.JobFailed:
		return i18n.Tf(lang, "job.failed", kpi.ErrorMessage(j.Failure, lang))
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
	case store.JobFailed:
		return j.Failure
	case store.JobRunning:
		return kpi.Errorf(kpi.ECONFLICT, "Tệp chưa xong, hãy chờ.", "The file is not ready yet; please wait.")
	}
	file, err := s.db.JobFile(c.Request.Context(), j.ID, j.Owner)
	if err != nil {
		return err
	}
	sendFile(c, j.Name, file)
	return nil
}
