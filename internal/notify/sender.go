// Package notify reminds people: before and after each quarter's deadline
// the officers of agencies that have not submitted, the leaders of a scope
// a digest of what is overdue and what waits for approval, and officers
// when a report comes back to them. Every notice is recorded once per user
// and key (the in-app list shows it), then sent through a Sender — email
// over SMTP today; Zalo or SMS are other Senders.
package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one message to one address: a subject and a plain text,
// Vietnamese first with the English below.
type Message struct {
	To      string
	Subject string
	Text    string
}

// Sender delivers messages over one channel.
type Sender interface {
	// Channel names it in the notice log ("email").
	Channel() string
	// Send delivers m, or says why it could not.
	Send(ctx context.Context, m Message) error
}

// SMTP sends email through an SMTP server: STARTTLS (the default), implicit
// TLS, or plain for a relay on loopback; PLAIN authentication when User is
// set (the configuration refuses a login without TLS to another machine).
type SMTP struct {
	Host     string
	Port     int
	User     string
	Password string
	From     string
	TLS      string // "starttls", "tls", "none"
	// TLSConfig overrides the TLS settings (tests trust their own
	// certificate); nil verifies the server's name as usual.
	TLSConfig *tls.Config
}

// Channel is "email".
func (s *SMTP) Channel() string { return "email" }

// sendTimeout bounds one message, connection included: a hung server must
// not hold the reminder run.
const sendTimeout = 30 * time.Second

// Send delivers one message.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	c, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", s.Host, err)
	}
	defer c.Close()
	if s.User != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.User, s.Password)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.SendMail(s.From, []string{m.To}, bytes.NewReader(compose(s.From, m, time.Now()))); err != nil {
		return fmt.Errorf("smtp send to %s: %w", m.To, err)
	}
	return c.Quit()
}

func (s *SMTP) dial(ctx context.Context) (*smtp.Client, error) {
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	cfg := s.TLSConfig
	if cfg == nil {
		cfg = &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	}
	var d net.Dialer
	if s.TLS == "tls" {
		conn, err := (&tls.Dialer{NetDialer: &d, Config: cfg}).DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return smtp.NewClient(withDeadline(ctx, conn)), nil
	}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if s.TLS == "none" {
		return smtp.NewClient(withDeadline(ctx, conn)), nil
	}
	return smtp.NewClientStartTLS(withDeadline(ctx, conn), cfg)
}

func withDeadline(ctx context.Context, conn net.Conn) net.Conn {
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	return conn
}

// compose writes the message as RFC 5322 text: UTF-8 everywhere, the
// subject as an encoded word, the body quoted-printable.
func compose(from string, m Message, at time.Time) []byte {
	var id [12]byte
	_, _ = rand.Read(id[:])
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@parkpi>\r\n",
		from, m.To, mime.QEncoding.Encode("utf-8", m.Subject), at.Format(time.RFC1123Z), hex.EncodeToString(id[:]))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(m.Text))
	_ = qp.Close()
	return b.Bytes()
}
