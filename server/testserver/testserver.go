// Package testserver starts a real Comptoir for tests: bbolt in a temp dir,
// the HTTP server on 127.0.0.1:0, and real WebSocket clients for visitors
// and agents. Nothing is mocked.
package testserver

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/embed"
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/config"
	"github.com/comptoir/comptoir/server/daemon"
	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/widget/loader"
	"github.com/comptoir/comptoir/wire"
)

// AdminEmail and AdminPassword sign in as the first admin.
const (
	AdminEmail    = "admin@example.com"
	AdminPassword = "correct-horse-battery"
)

// Server is a running Comptoir.
type Server struct {
	// URL is the server's origin, e.g. http://127.0.0.1:41234.
	URL string
	// SiteKey is the demo site's public key.
	SiteKey string
	Site    store.Site

	cfg    config.Config
	opts   chat.Options
	now    func() time.Time
	search func() *exec.Cmd
	d      *daemon.Daemon
}

// Option changes how the server starts.
type Option func(*Server)

// WithClock makes the server's limits and sessions use now.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithProxies trusts X-Forwarded-For from these addresses.
func WithProxies(p string) Option { return func(s *Server) { s.cfg.TrustedProxies = p } }

// WithSMTP sends email through the SMTP server at addr (host:port, no TLS,
// no authentication: a test's own server on loopback).
func WithSMTP(addr string) Option {
	return func(s *Server) {
		host, port, _ := net.SplitHostPort(addr)
		s.cfg.SMTPHost, s.cfg.SMTPPort, s.cfg.SMTPTLS, s.cfg.SMTPFrom = host, port, "none", "Comptoir <help@shop.example>"
	}
}

// WithChat sets connection options (small queues, short timeouts).
func WithChat(o chat.Options) Option { return func(s *Server) { s.opts = o } }

// WithSearchProcess runs the search index in the process command makes, as
// the binary does (the test binary must serve it: search.ServeChild).
func WithSearchProcess(command func() *exec.Cmd) Option {
	return func(s *Server) { s.search = command }
}

// Start runs a server until the test ends.
func Start(t testing.TB, options ...Option) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	s := &Server{URL: url, cfg: config.Config{
		Addr: ln.Addr().String(), Data: t.TempDir(), PublicURL: url,
		AdminEmail: AdminEmail, AdminPassword: AdminPassword, ConnectRate: config.DefaultConnectRate,
	}}
	for _, o := range options {
		o(s)
	}
	s.start(t, ln)
	sites, err := s.DB().Sites()
	if err != nil || len(sites) == 0 {
		t.Fatalf("no demo site: %v", err)
	}
	s.Site, s.SiteKey = sites[0], sites[0].Key
	t.Cleanup(func() { s.stop(t) })
	return s
}

func (s *Server) start(t testing.TB, ln net.Listener) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("COMPTOIR_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	d, err := daemon.Start(s.cfg, daemon.Options{Log: log, Dist: embed.Dist, Loader: loader.Script, Version: "test", Listener: ln, Chat: s.opts, Now: s.now, SearchProcess: s.search})
	if err != nil {
		t.Fatal(err)
	}
	s.d = d
}

func (s *Server) stop(t testing.TB) {
	if s.d == nil {
		return
	}
	if err := s.d.DB.Check(); err != nil {
		t.Errorf("bbolt check: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.d.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	s.d = nil
}

// Restart stops the server gracefully and starts it again on the same
// address and data directory.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.stop(t)
	var ln net.Listener
	var err error
	deadline := time.Now().Add(5 * time.Second)
	for {
		if ln, err = net.Listen("tcp", s.cfg.Addr); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.start(t, ln)
}

// Chat is the running server's chat service.
func (s *Server) Chat() *chat.Service { return s.d.Chat }

// Mail is the running server's email worker (nil without WithSMTP); a
// test calls its Pass after moving the clock.
func (s *Server) Mail() *mail.Worker { return s.d.Mail }

// DB is the running server's store.
func (s *Server) DB() *store.DB { return s.d.DB }

// WS is the ws:// URL of path.
func (s *Server) WS(path string) string { return "ws" + strings.TrimPrefix(s.URL, "http") + path }

// Agent is a signed-in HTTP client.
type Agent struct {
	HTTP *http.Client
	CSRF string
	srv  *Server
}

// Login signs in as email/password and fails the test if that is refused.
func (s *Server) Login(t testing.TB, email, password string) *Agent {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	a := &Agent{HTTP: &http.Client{Jar: jar, Timeout: 10 * time.Second}, srv: s}
	var sess wire.Session
	if status := a.Do(t, "POST", "/api/v1/auth/login", wire.LoginRequest{Email: email, Password: password}, &sess); status != 200 {
		t.Fatalf("login as %s: status %d", email, status)
	}
	a.CSRF = sess.CSRF
	return a
}

// Do sends a JSON request (with Origin and the CSRF header) and decodes the
// answer into out when given. It returns the status code.
func (a *Agent) Do(t testing.TB, method, path string, body, out any) int {
	t.Helper()
	var r io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		r = strings.NewReader(string(data))
	}
	req, _ := http.NewRequest(method, a.srv.URL+path, r)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", a.srv.URL)
	if a.CSRF != "" {
		req.Header.Set("X-CSRF-Token", a.CSRF)
	}
	res, err := a.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		data, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %d %s: %v", method, path, res.StatusCode, data, err)
		}
	}
	return res.StatusCode
}

// Cookie is the session cookie header for WebSocket dials.
func (a *Agent) Cookie() string {
	req, _ := http.NewRequest("GET", a.srv.URL, nil)
	var parts []string
	for _, c := range a.HTTP.Jar.Cookies(req.URL) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// FlushSearch waits until the search index holds every change committed so
// far (indexing runs after commits, in the background).
func (s *Server) FlushSearch(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.d.Search.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// DataDir is the server's data directory.
func (s *Server) DataDir() string { return s.cfg.Data }

// RestartWith stops the server, runs between (with the data directory) while
// nothing runs, then starts it again on the same address: a test can change
// the files as a crash or an operator would.
func (s *Server) RestartWith(t testing.TB, between func(dataDir string)) {
	t.Helper()
	s.stop(t)
	between(s.cfg.Data)
	s.Restart(t)
}
