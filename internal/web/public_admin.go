package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// PublicAdminView is the administrator's switch of the public scoreboard.
type PublicAdminView struct {
	Page
	On     bool
	Notice string
}

// showPublicAdmin is GET /admin/public.
func (s *Server) showPublicAdmin(c *gin.Context) error {
	on, err := s.db.Setting(c.Request.Context(), store.SettingPublic)
	if err != nil {
		return err
	}
	v := PublicAdminView{Page: s.page(c), On: on == "1"}
	if c.Query("done") == "1" {
		v.Notice = "saved"
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "public_admin", v)
}

// savePublicAdmin is POST /admin/public: on=1 opens the scoreboard, on=0
// closes it; anything else is refused.
func (s *Server) savePublicAdmin(c *gin.Context) error {
	on := c.PostForm("on")
	if on != "1" && on != "0" {
		return errBadSwitch(on)
	}
	if err := s.db.SetSetting(c.Request.Context(), store.SettingWrite{Name: store.SettingPublic, Value: on, Actor: actorOf(c), Source: "form"}); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/public?done=1")
	return nil
}

func errBadSwitch(v string) error {
	return kpi.Errorf(kpi.EINVALID, "Giá trị %q không hợp lệ (1: mở, 0: đóng).", "Value %q is not valid (1: open, 0: closed).", v)
}
