package testserver

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// SMTPServer is a real SMTP server on loopback (github.com/emersion/go-smtp)
// that keeps what it receives, for tests of email.
type SMTPServer struct {
	// Addr is host:port.
	Addr string
	// Received gets each accepted message.
	Received chan Email

	mu         sync.Mutex
	refuse     int // how many DATA commands to refuse next
	refuseCode int
	srv        *smtp.Server
}

// Email is a message the test server accepted, decoded.
type Email struct {
	From   string
	To     []string
	Header mail.Header
	// Subject is decoded (RFC 2047).
	Subject string
	// Text and HTML are the decoded parts.
	Text, HTML string
}

// StartSMTP runs an SMTP server on 127.0.0.1:0 until the test ends.
func StartSMTP(t testing.TB) *SMTPServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTPServer{Addr: ln.Addr().String(), Received: make(chan Email, 100)}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	go s.srv.Serve(ln)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// RefuseNext makes the next n messages fail with code: 451 (try again
// later) or 550 (never).
func (s *SMTPServer) RefuseNext(n, code int) {
	s.mu.Lock()
	s.refuse, s.refuseCode = n, code
	s.mu.Unlock()
}

// Wait returns the next received email, or fails the test after 15 s.
func (s *SMTPServer) Wait(t testing.TB) Email {
	t.Helper()
	select {
	case e := <-s.Received:
		return e
	case <-time.After(15 * time.Second):
		t.Fatal("the SMTP server received no email")
		return Email{}
	}
}

// NewSession implements smtp.Backend.
func (s *SMTPServer) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &smtpSession{srv: s}, nil
}

type smtpSession struct {
	srv  *SMTPServer
	from string
	to   []string
}

func (ss *smtpSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *smtpSession) Logout() error { return nil }
func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}
func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.srv.mu.Lock()
	refuse, code := ss.srv.refuse > 0, ss.srv.refuseCode
	if refuse {
		ss.srv.refuse--
	}
	ss.srv.mu.Unlock()
	if refuse && code >= 500 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	if refuse {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	e, err := decodeEmail(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "cannot parse: " + err.Error()}
	}
	e.From, e.To = ss.from, ss.to
	ss.srv.Received <- e
	return nil
}

func decodeEmail(raw []byte) (Email, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Email{}, err
	}
	e := Email{Header: msg.Header}
	e.Subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	err = walkParts(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &e)
	return e, err
}

// walkParts fills e.Text and e.HTML from a (possibly multipart) body.
func walkParts(contentType, encoding string, body io.Reader, e *Email) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walkParts(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, e); err != nil {
				return err
			}
		}
	}
	if strings.EqualFold(encoding, "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch mediaType {
	case "text/plain":
		e.Text = string(data)
	case "text/html":
		e.HTML = string(data)
	}
	return nil
}
