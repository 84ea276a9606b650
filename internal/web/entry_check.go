package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"parkpi/internal/kpi"
)

// The live check answers the entry form as the clerk types: the form's
// fields go to the server, which runs the one validation on them (the
// form's own reading of the numbers, then kpi.ValidateEntry against the
// agency's past) and answers every message by field. No rule lives in the
// browser. It is bounded like every input: a small body, and a few checks
// a second per user.
const (
	checkBodyLimit = 32 << 10
	checkEvery     = 200 * time.Millisecond // five a second on average
	checkBurst     = 10
	checkIdle      = 10 * time.Minute // a user's limiter is forgotten after this
)

// CheckAnswer is the live check's answer: the messages by field, those of
// the quarter as a whole, and a summary line for the page.
type CheckAnswer struct {
	Errors   []CheckMessage `json:"errors"`
	Warnings []CheckMessage `json:"warnings"`
	Summary  string         `json:"summary"`
}

// CheckMessage is one message, in the reader's language ("" field: the
// quarter as a whole).
type CheckMessage struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// checkEntry is POST /entry/:agency/:year/:quarter/check, behind the same
// gate as saving the form. It writes nothing.
func (s *Server) checkEntry(c *gin.Context) error {
	if !s.checks.allow(currentUser(c).Username) {
		return kpi.Errorf(kpi.EBUSY, "Kiểm tra quá nhanh; số liệu sẽ được kiểm tra lại sau giây lát.",
			"Checking too fast; the figures will be checked again in a moment.")
	}
	agency, p, err := entryTarget(c)
	if err != nil {
		return err
	}
	if err := parseForm(c); err != nil {
		return err
	}
	e, err := s.db.Entry(c.Request.Context(), agency, p)
	if err != nil {
		return err
	}
	lang := langOf(c)
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	// The form's own reading and checks, as a save would run them.
	in := readEntryInputs(c, lang, e.Values, cat.FieldsOf(e.Agency.Kind, p.Year))
	in.parseErrs = append(in.parseErrs, foreignFields(cat, e, c)...)
	check := validateForm(cat, e.Input(in.values), in.parseErrs, false)
	c.JSON(http.StatusOK, checkAnswer(lang, check))
	return nil
}

func checkAnswer(lang string, check kpi.Check) CheckAnswer {
	a := CheckAnswer{Errors: []CheckMessage{}, Warnings: []CheckMessage{}}
	for _, e := range check.Errors {
		a.Errors = append(a.Errors, CheckMessage{Field: e.Field, Message: e.Message(lang)})
	}
	for _, w := range check.Warnings {
		a.Warnings = append(a.Warnings, CheckMessage{Field: w.Field, Message: w.Message(lang)})
	}
	a.Summary = checkSummary(lang, len(check.Errors), len(check.Warnings))
	return a
}

// checkLimits holds one token bucket per user.
type checkLimits struct {
	mu    sync.Mutex
	users map[string]*userLimit
	last  time.Time // of the last sweep of idle users
}

type userLimit struct {
	lim  *rate.Limiter
	seen time.Time
}

func newCheckLimits() *checkLimits { return &checkLimits{users: map[string]*userLimit{}} }

// allow takes a token from user's bucket, and forgets idle users now and
// then so the map stays the size of those checking.
func (l *checkLimits) allow(user string) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.last) > checkIdle {
		for name, u := range l.users {
			if now.Sub(u.seen) > checkIdle {
				delete(l.users, name)
			}
		}
		l.last = now
	}
	u, ok := l.users[user]
	if !ok {
		u = &userLimit{lim: rate.NewLimiter(rate.Every(checkEvery), checkBurst)}
		l.users[user] = u
	}
	u.seen = now
	return u.lim.AllowN(now, 1)
}
