package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
)

// ContactForm is the reminder settings of the account page.
type ContactForm struct {
	Email        string
	RemindersOff bool
	Error        string // the address's error, beside its field
}

// Form field keys of the contact form.
const fieldRemindersOff = "reminders_off"

// contactForm reads the user's stored settings.
func (s *Server) contactForm(c *gin.Context) (ContactForm, error) {
	ct, err := s.db.Contact(c.Request.Context(), currentUser(c).ID)
	return ContactForm{Email: ct.Email, RemindersOff: ct.RemindersOff}, err
}

// saveContact handles POST /account/contact: the address reminders go to
// and whether the user wants them by email. A bad address comes back (422)
// beside its field, as typed, and nothing is saved.
func (s *Server) saveContact(c *gin.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	u := currentUser(c)
	email, off := c.PostForm(auth.FieldEmail), c.PostForm(fieldRemindersOff) == "1"
	if err := s.auth.SetContact(c.Request.Context(), accountActor(u), u, email, off); err != nil {
		if kpi.ErrorCode(err) != kpi.EINVALID {
			return err
		}
		v, verr := s.accountView(c)
		if verr != nil {
			return verr
		}
		v.Contact = ContactForm{Email: email, RemindersOff: off, Error: kpi.ErrorMessage(err, v.Lang)}
		return s.tmpl.render(c.Writer, http.StatusUnprocessableEntity, "account", v)
	}
	c.Redirect(http.StatusSeeOther, "/account?done=contact")
	return nil
}
