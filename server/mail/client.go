// Package mail emails shoppers: agent replies they left before seeing, and
// transcripts they ask for. Emails wait in the store's durable outbox
// (store/mail.go) and a Worker sends them through an SMTP server with
// github.com/wneessen/go-mail, retrying with backoff; an email is removed
// only after the server accepted it.
package mail

import (
	"context"
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Config is how to reach the SMTP server (config.Config's COMPTOIR_SMTP_*).
type Config struct {
	Host     string
	Port     int
	Username string
	Password string
	// From is the sender, "help@shop.example" or "Shop <help@shop.example>".
	From string
	// TLS is starttls (required), tls (implicit) or none.
	TLS string
}

// Message is one email to send.
type Message struct {
	To        string
	Subject   string
	Text      string
	HTML      string
	MessageID string // without angle brackets
	Lang      string // Content-Language
}

// Client sends messages through the SMTP server, one connection per send
// (emails are few: a connection kept open would time out between them).
type Client struct {
	cfg Config
}

// NewClient checks cfg and returns a client.
func NewClient(cfg Config) (*Client, error) {
	if cfg.Host == "" || cfg.From == "" {
		return nil, errors.New("mail: host and from are required")
	}
	if _, err := gomail.NewClient(cfg.Host, clientOptions(cfg)...); err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return &Client{cfg: cfg}, nil
}

func clientOptions(cfg Config) []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(30 * time.Second)}
	switch cfg.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	return opts
}

// Send delivers m. An error says whether it is worth retrying (Temporary).
func (c *Client) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(c.cfg.From); err != nil {
		return permanent(fmt.Errorf("from %q: %w", c.cfg.From, err))
	}
	if err := msg.To(m.To); err != nil {
		return permanent(fmt.Errorf("recipient: %w", err))
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDate()
	if m.Lang != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	}
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	client, err := gomail.NewClient(c.cfg.Host, clientOptions(c.cfg)...)
	if err != nil {
		return permanent(err)
	}
	err = client.DialAndSendWithContext(ctx, msg)
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
		return permanent(err)
	}
	return err
}

// permanentError is a refusal that retrying cannot fix (550 no such user).
type permanentError struct{ error }

func (e permanentError) Unwrap() error { return e.error }

func permanent(err error) error { return permanentError{err} }

// Permanent says whether err is not worth retrying.
func Permanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
