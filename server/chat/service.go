// Package chat runs the live side of Comptoir: the visitor and agent
// WebSockets, and posting messages (durable first, then fanned out).
package chat

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/server/park"
	"github.com/comptoir/comptoir/server/routing"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// Options tune the connections. Zero values take the defaults.
type Options struct {
	// SendQueue is each connection's outgoing queue length. Default 256.
	SendQueue int
	// PingInterval is how often the server pings. Default 25 s.
	PingInterval time.Duration
	// PongWait is how long a silent connection lives. Default 60 s.
	PongWait time.Duration
	// WriteWait bounds one write. Default 10 s.
	WriteWait time.Duration
	// HelloWait is how long a new connection may take to say hello. Default 10 s.
	HelloWait time.Duration
	// FramesPerSecond and FrameBurst bound what a client may send; more
	// closes the connection with 4002. Defaults 20 and 60.
	FramesPerSecond float64
	FrameBurst      float64
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Mail sends emails to shoppers (offline.go); nil: no email.
	Mail *mail.Worker
	// Routing tunes who gets which conversation (its clock is Now).
	Routing routing.Options
}

func (o *Options) defaults() {
	if o.SendQueue <= 0 {
		o.SendQueue = 256
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 25 * time.Second
	}
	if o.PongWait <= 0 {
		o.PongWait = 60 * time.Second
	}
	if o.WriteWait <= 0 {
		o.WriteWait = 10 * time.Second
	}
	if o.HelloWait <= 0 {
		o.HelloWait = 10 * time.Second
	}
	if o.FramesPerSecond <= 0 {
		o.FramesPerSecond = 20
	}
	if o.FrameBurst <= 0 {
		o.FrameBurst = 60
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Service owns the live connections.
type Service struct {
	db   *store.DB
	hub  *hub.Hub
	log  *slog.Logger
	opts Options
	lim  *limits
	// posting orders each conversation's publishes (order.go).
	posting postLocks
	// off is office hours and email (offline.go).
	off offline
	// router decides who answers which conversation (package routing).
	router *routing.Router

	mu       sync.Mutex
	conns    map[*conn]struct{}
	draining bool
	wg       sync.WaitGroup
	// pinging says whether the pinger runs.
	pinging bool
	// poller wakes parked sockets (read.go); noPoller: parking is not
	// available here.
	poller   *park.Poller
	noPoller bool
	// started is the origin of conn.heard (monotonic).
	started time.Time
	// idleReaders hands woken sockets to reader goroutines waiting for
	// one (read.go).
	idleReaders chan *conn
	// stages measures where messages wait (stages.go).
	stages *stages

	// sites holds the site records visitor sessions share (sharedSite).
	sitesMu sync.Mutex
	sites   map[uint64]*store.Site
}

// New returns a Service over db and h.
func New(db *store.DB, h *hub.Hub, log *slog.Logger, opts Options) *Service {
	opts.defaults()
	s := &Service{db: db, hub: h, log: log, opts: opts, lim: newLimits(opts.Now), off: newOffline(opts.Now), conns: make(map[*conn]struct{}), started: time.Now(), idleReaders: make(chan *conn), stages: newStages()}
	if db != nil { // nil in tests of the sockets alone
		db.ObserveCommits(func(wait, transaction time.Duration) {
			s.stages.record(StageStoreQueue, wait)
			s.stages.record(StageStoreTransaction, transaction)
		})
	}
	ro := opts.Routing
	ro.Now, ro.Log = opts.Now, log
	var err error
	if s.router, err = routing.New(db, h, s.publishRouted, ro); err != nil {
		log.Error("routing: reading the store", "err", err)
	}
	return s
}

// Router is the routing of conversations to agents.
func (s *Service) Router() *routing.Router { return s.router }

// publishRouted records what routing did in the conversation (an event
// line for agents) and tells the inboxes, ordered with its messages'
// publishes (order.go).
func (s *Service) publishRouted(id uint64, ev *store.RoutingEvent) {
	defer s.posting.lock(postKey{id: id})()
	s.recordEvent(id, ev)
	if c, err := s.db.Conversation(id); err == nil {
		s.publishConversation(c)
	}
}

func (s *Service) now() time.Time { return s.opts.Now() }

// track registers a connection; false while shutting down.
func (s *Service) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return false
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	if !s.pinging {
		s.pinging = true
		go s.pinger()
	}
	return true
}

// pingTick is how often the pinger pings its next few connections. Each
// ping starts a short-lived writer goroutine (conn.go); pinging a sixteenth
// of the connections at once (its earlier shape) started some 800 of them
// every 1.5 s with 13,000 sockets open, and they held both CPUs for up to
// 40 ms, while the store's writer, back from an fdatasync, waited for one:
// the slowest 1 % of messages waited that long for their commit
// (docs/benchmarks.md, "The stream, fourth round"). A few at a time every
// 20 ms is the same number of pings.
const pingTick = 20 * time.Millisecond

// pinger pings every connection about once per PingInterval: it takes the
// open connections at the start of a round and pings them a few at each
// tick, so that the round lasts PingInterval; one timer for the whole
// service instead of one per connection. A connection not heard from (no
// pong, no frame) for PongWait is closed instead: sockets parked between
// frames have no read deadline (read.go). It ends when no connection is
// left (track starts it again).
func (s *Service) pinger() {
	every := min(pingTick, s.opts.PingInterval)
	tick := time.NewTicker(every)
	defer tick.Stop()
	ticks := max(1, int(s.opts.PingInterval/every))
	var round []*conn // this round's connections not pinged yet
	perTick := 0
	for {
		<-tick.C
		if len(round) == 0 {
			s.mu.Lock()
			if len(s.conns) == 0 {
				s.pinging = false
				s.mu.Unlock()
				return
			}
			round = make([]*conn, 0, len(s.conns))
			for c := range s.conns {
				round = append(round, c)
			}
			s.mu.Unlock()
			perTick = (len(round) + ticks - 1) / ticks
		}
		n := min(perTick, len(round))
		for _, c := range round[:n] {
			if c.silentFor() > s.opts.PongWait {
				c.close(wire.CloseNormal)
				continue
			}
			c.ping()
		}
		clear(round[:n]) // a closed connection is not kept for the rest of the round
		round = round[n:]
	}
}

func (s *Service) untrack(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// Connections counts the open WebSockets.
func (s *Service) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Shutdown tells every client to reconnect later (1001) and waits for the
// connections to end or ctx to expire.
func (s *Service) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.draining = true
	for c := range s.conns {
		c.close(wire.CloseGoingAway)
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	s.mu.Lock()
	p := s.poller
	s.mu.Unlock()
	if p != nil {
		p.Close()
	}
	return err
}
