// Package daemon assembles a running Comptoir from its configuration: the
// store, the hub, the chat service and the HTTP server, and takes them down
// in order. main uses it, and so do the end-to-end tests, which start and
// restart real servers in process.
package daemon

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/config"
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/server/park"
	"github.com/comptoir/comptoir/server/search"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/web"
	"github.com/gofiber/fiber/v2"
)

// Options are what a Daemon needs besides the configuration.
type Options struct {
	Log     *slog.Logger
	Dist    fs.FS
	Loader  []byte
	Version string
	// Out receives the first-start notice (admin credentials). Default: discarded.
	Out io.Writer
	// Listener, when set, is used instead of listening on cfg.Addr (tests).
	Listener net.Listener
	Chat     chat.Options
	// Now is the clock of limits and sessions; default time.Now (tests inject one).
	Now func() time.Time
	// SearchProcess, when set, makes the command of the process the search
	// index runs in (search.Options.Process; the binary sets it); nil keeps
	// the index in this process.
	SearchProcess func() *exec.Cmd
}

// Daemon is a running Comptoir.
type Daemon struct {
	DB    *store.DB
	Chat  *chat.Service
	app   *fiber.App
	ln    net.Listener
	log   *slog.Logger
	serve chan error

	// Search is the full-text index (package search).
	Search *search.Index
	// stopRetention ends the hourly retention loop (store/retention.go).
	stopRetention func()
	// stopSweep ends the hourly sweep of uploads never sent (store/attachment.go).
	stopSweep func()
	// Mail is the email worker; nil without COMPTOIR_SMTP_HOST.
	Mail *mail.Worker
	// stopBackground ends the office-hours watcher and the email worker;
	// background is done when both have returned.
	stopBackground context.CancelFunc
	background     sync.WaitGroup
	// stopAutoClose ends the loop closing unanswered proposals (chat/convo.go).
	stopAutoClose func()
	// stopRouting ends routing's clock (auto-away, escalation).
	stopRouting func()
	// pprof serves the profiles when COMPTOIR_PPROF_ADDR is set (pprof.go).
	pprof *http.Server
}

// routingCheckEvery is how often routing looks at the clock: idle agents
// become away, long waits are escalated.
const routingCheckEvery = 15 * time.Second

// Start opens the store, creates the first site and admin if needed, and
// starts serving.
func Start(cfg config.Config, o Options) (*Daemon, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	db, err := store.Open(cfg.Data, store.Options{Now: o.Now})
	if err != nil {
		return nil, err
	}
	if err := bootstrap(db, cfg, o.Out, o.Log); err != nil {
		db.Close()
		return nil, err
	}
	// Before serving, no upload is between its file and its record: files
	// without one are leftovers of a crash and go too.
	if s, err := db.SweepUploads(true); err != nil {
		o.Log.Error("upload sweep", "err", err)
	} else if s != (store.Swept{}) {
		o.Log.Info("deleted leftover uploads", "never_sent", s.Stale, "without_record", s.Orphans)
	}
	// The search index is derived data next to the database; it catches up
	// (or is rebuilt) in the background.
	idx, err := search.Open(filepath.Join(cfg.Data, search.DirName), db, search.Options{Log: o.Log, Process: o.SearchProcess})
	if err != nil {
		db.Close()
		return nil, err
	}
	h := hub.New()
	if o.Chat.Now == nil {
		o.Chat.Now = o.Now
	}
	var worker *mail.Worker
	if cfg.SMTPHost != "" {
		client, err := mail.NewClient(mail.Config{
			Host: cfg.SMTPHost, Port: cfg.SMTPPortNumber(), Username: cfg.SMTPUsername, Password: cfg.SMTPPassword,
			From: cfg.SMTPFrom, TLS: cfg.SMTPTLS,
		})
		if err != nil {
			idx.Close()
			db.Close()
			return nil, err
		}
		worker = mail.NewWorker(mail.Options{
			DB: db, Sender: client, Log: o.Log, PublicURL: cfg.PublicURL, Now: o.Now,
			Online: func(visitor uint64) bool { return h.Subscribers(hub.VisitorTopic(visitor)) > 0 },
		})
		o.Chat.Mail = worker
	}
	svc := chat.New(db, h, o.Log, o.Chat)
	useTLS := cfg.TLSCert != ""
	app, err := web.New(web.Deps{
		DB: db, Hub: h, Chat: svc, Search: idx, Log: o.Log, PublicURL: cfg.PublicURL, Dist: o.Dist, Loader: o.Loader,
		Version: o.Version, TrustedProxies: cfg.Proxies(), TLS: useTLS, Now: o.Now,
		ConnectsPerMinute: cfg.ConnectsPerMinute(),
	})
	if err != nil {
		idx.Close()
		db.Close()
		return nil, err
	}
	ln := o.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			idx.Close()
			db.Close()
			return nil, fmt.Errorf("listen on %s: %w (set COMPTOIR_ADDR to another port?)", cfg.Addr, err)
		}
	}
	if useTLS {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			ln.Close()
			idx.Close()
			db.Close()
			return nil, fmt.Errorf("COMPTOIR_TLS_CERT/COMPTOIR_TLS_KEY: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	}
	var pprofServer *http.Server
	if cfg.PprofAddr != "" {
		if pprofServer, err = servePprof(cfg.PprofAddr, svc, o.Log); err != nil {
			ln.Close()
			idx.Close()
			db.Close()
			return nil, err
		}
	}
	d := &Daemon{DB: db, Search: idx, Chat: svc, app: app, ln: ln, log: o.Log, serve: make(chan error, 1), Mail: worker, pprof: pprofServer}
	bg, stop := context.WithCancel(context.Background())
	d.stopBackground = stop
	d.background.Add(1)
	go func() { defer d.background.Done(); svc.WatchHours(bg) }()
	if worker != nil {
		d.background.Add(1)
		go func() { defer d.background.Done(); worker.Run(bg) }()
	}
	d.stopRetention = db.StartRetention(time.Hour, o.Log)
	d.stopSweep = db.StartUploadSweep(time.Hour, o.Log)
	d.stopAutoClose = svc.StartAutoClose(time.Minute)
	d.stopRouting = svc.Router().Start(routingCheckEvery)
	// park.Listen: idle WebSockets can then be parked (server/park).
	go func() { d.serve <- app.Listener(park.Listen(ln)) }()
	o.Log.Info("comptoir listening", "addr", ln.Addr().String(), "public_url", cfg.PublicURL, "data", cfg.Data, "version", o.Version)
	return d, nil
}

// Addr is the address the server listens on.
func (d *Daemon) Addr() net.Addr { return d.ln.Addr() }

// Done reports the HTTP server stopping on its own (an error).
func (d *Daemon) Done() <-chan error { return d.serve }

// Shutdown stops taking connections, tells WebSocket clients to reconnect
// (1001), lets requests finish, then commits queued writes and closes the
// store. Nothing acknowledged is lost: acks are sent only after commits.
func (d *Daemon) Shutdown(ctx context.Context) error {
	var errs []error
	if err := d.Chat.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("closing websockets: %w", err))
	}
	timeout := 5 * time.Second
	if dl, ok := ctx.Deadline(); ok {
		timeout = time.Until(dl)
	}
	if err := d.app.ShutdownWithTimeout(timeout); err != nil {
		errs = append(errs, fmt.Errorf("stopping http: %w", err))
	}
	d.stopRetention()
	d.stopSweep()
	d.stopBackground()
	d.background.Wait()
	d.stopAutoClose()
	d.stopRouting()
	if d.pprof != nil {
		d.pprof.Close()
	}
	if err := d.Search.Close(); err != nil {
		errs = append(errs, fmt.Errorf("closing search index: %w", err))
	}
	if err := d.DB.Close(); err != nil {
		errs = append(errs, fmt.Errorf("closing store: %w", err))
	}
	d.log.Info("comptoir stopped")
	return errors.Join(errs...)
}
