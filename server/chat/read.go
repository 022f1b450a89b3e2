package chat

import (
	"runtime/debug"
	"time"

	"github.com/comptoir/comptoir/server/park"
	"github.com/comptoir/comptoir/wire"
	"github.com/fasthttp/websocket"
)

// The read side of a connection and its life.
//
// A connection's frames are read by one goroutine at a time: the upgrade
// handler's, for the hello and the replays; then, on a visitor socket that
// can be parked (idle is set: plain TCP, nothing read ahead by fasthttp),
// by a reader goroutine (reused, or started: wake) each time the socket has
// something to read, which handles what came and parks the socket again. An idle shopper thus costs
// no goroutine (docs/benchmarks.md). Agents' sockets, and visitors' over TLS,
// keep the handler's goroutine reading for as long as they are open.
//
// A connection ends exactly once, in finish, run by the goroutine whose
// read saw the end (or whose frame ended it): it unsubscribes, lets the
// writer send the close frame, closes the socket (removing it from the
// poller first) and forgets the connection. The socket is closed only
// there, or by drop, which closes it to make the reader see the end; when
// drop finds the socket parked, nobody is reading, so it starts the reader.
//
// Liveness is the pinger's (service.go): every connection records when it
// was last heard from (a pong or a frame), and one silent for PongWait is
// closed. Only the hello has a read deadline.

// open registers a new connection; nil when the service is shutting down
// (the client is told 1001 and the socket closed).
func (s *Service) open(ws socket, idle *park.Conn) *conn {
	c := newConn(s, ws)
	if !s.track(c) {
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(wire.CloseGoingAway, "server restarting"), time.Now().Add(time.Second))
		ws.Close()
		return nil
	}
	c.hear()
	ws.SetReadLimit(wire.MaxFrameBytes)
	ws.SetPongHandler(func(string) error { c.hear(); return nil })
	if idle != nil {
		c.idle = idle
		idle.Frames(c.control)
	}
	return c
}

// serve runs a connection whose handler's goroutine reads until the end
// (agents): run reads; the connection ends when it returns.
func (s *Service) serve(ws socket, run func(c *conn)) {
	c := s.open(ws, nil)
	if c == nil {
		return
	}
	defer c.finish()
	run(c)
}

// hear notes that the client was heard from now.
func (c *conn) hear() { c.heard.Store(int64(c.svc.since())) }

// since is the time since the service started (monotonic): the clock of
// conn.heard and of the stages' timestamps, 8 bytes where a time.Time
// takes 24 on every connection.
func (s *Service) since() time.Duration { return time.Since(s.started) }

// silentFor is how long the client has not been heard from.
func (c *conn) silentFor() time.Duration {
	return c.svc.since() - time.Duration(c.heard.Load())
}

// control takes the pings and pongs the socket's frame gate took out of
// the stream (park.Conn): a pong is the client alive; a ping is answered.
func (c *conn) control(op byte, payload []byte) {
	c.hear()
	if op == park.OpPing {
		c.ws.WriteControl(websocket.PongMessage, payload, c.writeDeadline())
	}
}

// readOn reads and handles frames (onFrame) until the connection ends or,
// on a socket that can be parked, until nothing is left to read: it then
// parks the socket and returns, and wake reads on when more comes.
func (c *conn) readOn() {
	for {
		if c.idle != nil && !c.idle.Pending() {
			if p := c.svc.parker(); p != nil && c.idle.Park(p, c.wake) == nil {
				return
			}
			// Not parked (the socket is closed, or the poller is): read on.
		}
		data, ok := c.readData()
		if c.wokeAt != 0 {
			c.svc.stages.record(StageRead, c.svc.since()-c.wokeAt)
			c.wokeAt = 0
		}
		if !ok || !c.onFrame(data) {
			c.finish()
			return
		}
	}
}

// wake is called by the poller when a parked socket has something to read:
// a reader goroutine waiting for work takes it, or a new one starts. There
// is no cap: a shopper's post waits for its commit on its reader, and
// posts share commits only if they wait side by side.
func (c *conn) wake() {
	c.wokeAt = c.svc.since()
	select {
	case c.svc.idleReaders <- c:
	default:
		go c.svc.reader(c)
	}
}

// readerLinger is how long a reader goroutine waits for another socket to
// read once it has parked one. Under a stream of messages the readers and
// their grown stacks are reused rather than made for each frame (making
// them and growing their stacks was 3 % of the server's CPU in the bench's
// stream); a quiet server keeps none.
const readerLinger = time.Second

// reader reads woken sockets, starting with c, until none comes for
// readerLinger.
func (s *Service) reader(c *conn) {
	var linger *time.Timer
	for {
		c.readAwake()
		if linger == nil {
			linger = time.NewTimer(readerLinger)
		} else {
			linger.Reset(readerLinger)
		}
		select {
		case c = <-s.idleReaders:
			linger.Stop()
		case <-linger.C:
			return
		}
	}
}

// readAwake reads a woken socket. A panic in a frame's handling ends this
// connection, not the server (as contrib/websocket's recover does for the
// handler's goroutine).
func (c *conn) readAwake() {
	defer func() {
		if r := recover(); r != nil {
			c.svc.log.Error("panic reading a websocket", "panic", r, "stack", string(debug.Stack()))
			c.close(wire.CloseServerError)
			c.finish()
		}
	}()
	c.readOn()
}

// finish ends the connection (see the top of this file); once.
func (c *conn) finish() {
	c.finishOnce.Do(func() {
		if c.onEnd != nil {
			c.onEnd()
		}
		close(c.readerDone)
		c.close(wire.CloseNormal)
		c.writer.Wait()
		c.shut()
		c.svc.untrack(c)
	})
}

// shut closes the socket, taking it out of the poller first.
func (c *conn) shut() bool {
	if c.idle != nil {
		return c.idle.Shut()
	}
	c.ws.Close()
	return false
}

// drop ends the connection now: the socket is closed so that its reader
// sees the end. A parked socket has no reader: one is started.
func (c *conn) drop() {
	c.ws.SetReadDeadline(time.Unix(1, 0))
	if c.shut() {
		c.wake()
	}
}

// parker is the service's poller, started with the first parked socket;
// nil where sockets cannot be parked.
func (s *Service) parker() *park.Poller {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.poller == nil && !s.noPoller && !s.draining {
		p, err := park.NewPoller()
		if err != nil {
			s.log.Warn("idle sockets keep a goroutine each", "err", err)
			s.noPoller = true
			return nil
		}
		s.poller = p
	}
	return s.poller
}

// Parked counts the sockets parked now: open, idle, and read by no goroutine.
func (s *Service) Parked() int {
	s.mu.Lock()
	p := s.poller
	s.mu.Unlock()
	if p == nil {
		return 0
	}
	return p.Parked()
}
