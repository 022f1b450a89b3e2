package chat

import (
	"encoding/json"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/park"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/fasthttp/websocket"
)

// socket is what a conn needs of a WebSocket; *websocket.Conn has it.
type socket interface {
	ReadMessage() (int, []byte, error)
	WriteMessage(int, []byte) error
	WriteControl(int, []byte, time.Time) error
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
	SetReadLimit(int64)
	SetPongHandler(func(string) error)
	Close() error
	// NetConn is the connection underneath: the writer writes its
	// batches of frames to it in one call (batch.go).
	NetConn() net.Conn
}

// conn is one WebSocket client. One goroutine at a time reads it (read.go:
// an idle shopper's socket is parked with none). Writes go
// through a bounded queue drained by a writer goroutine that runs only while
// there is something to write (frames, inbox rows, a ping, the close): an
// idle connection costs no goroutine, no timer and no buffer, which is
// what bounds how many shoppers one node can hold.
// A slow reader on the other side costs a fixed amount of memory and is
// then disconnected.
type conn struct {
	ws  socket
	svc *Service

	// done closes when the conn is closing; closedWith is the close code
	// asked for, set once before done closes.
	closeOnce  sync.Once
	done       chan struct{}
	closedWith int
	// readerDone closes when the reading side has finished (read.go).
	readerDone chan struct{}
	finishOnce sync.Once
	// idle is the socket's connection when it can be parked between
	// frames (read.go); nil when a goroutine reads it until the end.
	idle *park.Conn
	// onFrame handles a frame read by readOn (false ends the connection);
	// onEnd undoes what the session set up. Set before readOn.
	onFrame func(data []byte) bool
	onEnd   func()
	// heard is when the client was last heard from, as time since the
	// service started (the pinger's liveness check).
	heard atomic.Int64
	// writer counts the writer goroutine, so finish can wait for the close
	// frame before closing the socket.
	writer sync.WaitGroup

	// mu guards everything below; it also orders live events against
	// replays (see hold and endHold).
	mu sync.Mutex
	// queue holds frames to write, oldest first, at most SendQueue.
	queue [][]byte
	// room is signalled when the writer takes the queue (replay waits on it).
	room    sync.Cond
	writing bool // a writer goroutine is running
	// corks counts posts in progress on this connection (cork); while
	// any is, a writer is not started but owed (corkedWrite).
	corks       int
	corkedWrite bool
	pingDue     bool
	closing     int  // close code to send after the queue; 0 while open
	ended       bool // the close frame is sent or the socket dropped: write nothing more
	holding     bool
	held        []hub.Event
	// lastSent is the newest seq queued per conversation.
	lastSent map[uint64]uint64
	// pendingSince is when a frame or row was queued with none waiting
	// (time since the service started; 0: none), for the write stage
	// (stages.go).
	pendingSince time.Duration
	// wokeAt is when the poller found the parked socket readable (as
	// above; 0: not woken), for the read stage. Set by wake, read by the
	// reader it starts.
	wokeAt time.Duration

	// summaries holds the newest unsent summary per conversation: an inbox
	// under a busy site gets the latest state of each row, not every step,
	// so a burst of messages cannot overflow an agent's queue.
	summaries map[uint64][]byte

	flood bucket // frames from the client; only the reader touches it

	// visitor is set on a shopper's connection: agents-only events and
	// private notes are never written to it (convo.go).
	visitor bool
}

// maxHeld bounds the live events kept back during one replay.
const maxHeld = 4096

func newConn(svc *Service, ws socket) *conn {
	c := &conn{
		ws:         ws,
		svc:        svc,
		done:       make(chan struct{}),
		readerDone: make(chan struct{}),
		flood:      bucket{rate: svc.opts.FramesPerSecond, burst: svc.opts.FrameBurst},
	}
	c.room.L = &c.mu
	return c
}

// close asks the writer to send a close frame with code, after what is
// queued, and stop.
func (c *conn) close(code int) {
	c.mu.Lock()
	c.closeLocked(code)
	c.mu.Unlock()
}

func (c *conn) closeLocked(code int) {
	c.closeOnce.Do(func() {
		c.svc.log.Debug("closing websocket", "code", code)
		c.closedWith = code
		c.closing = code
		close(c.done)
		c.room.Broadcast()
		c.startWriterLocked()
	})
}

// Deliver is called by the hub. It never blocks.
func (c *conn) Deliver(ev hub.Event) {
	if ev.CloseCode != 0 {
		c.close(ev.CloseCode)
		return
	}
	if ev.AgentsOnly && c.visitor {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if ev.Summary {
		if c.summaries == nil {
			c.summaries = make(map[uint64][]byte)
		}
		c.summaries[ev.Conv] = ev.Data
		c.notePendingLocked()
		if !c.holding {
			c.startWriterLocked()
		}
		return
	}
	if c.holding {
		if len(c.held) >= maxHeld {
			c.closeLocked(wire.CloseSlowClient)
			return
		}
		c.held = append(c.held, ev)
		return
	}
	c.deliverLocked(ev)
}

func (c *conn) deliverLocked(ev hub.Event) {
	if ev.Seq != 0 {
		if ev.Seq <= c.lastSent[ev.Conv] {
			return // already replayed
		}
		c.noteSentLocked(ev.Conv, ev.Seq)
	}
	c.enqueueLocked(ev.Data)
}

func (c *conn) noteSentLocked(conv, seq uint64) {
	if c.lastSent == nil {
		c.lastSent = make(map[uint64]uint64)
	}
	c.lastSent[conv] = max(c.lastSent[conv], seq)
}

// enqueueLocked queues data without blocking; a full queue means the
// client is too slow, and it is closed so it can resume from the store.
func (c *conn) enqueueLocked(data []byte) {
	if c.ended {
		return
	}
	if len(c.queue) >= c.svc.opts.SendQueue {
		c.closeLocked(wire.CloseSlowClient)
		return
	}
	c.notePendingLocked()
	c.queue = append(c.queue, data)
	c.startWriterLocked()
}

// notePendingLocked starts the write stage's clock if nothing was waiting.
func (c *conn) notePendingLocked() {
	if c.pendingSince == 0 {
		c.pendingSince = c.svc.since()
	}
}

// startWriterLocked makes sure a writer goroutine will see what was just
// queued: it starts one unless one is running (it looks again before
// stopping).
func (c *conn) startWriterLocked() {
	if c.writing || c.ended {
		return
	}
	if c.corks > 0 && c.closing == 0 && len(c.queue) < c.svc.opts.SendQueue/2 {
		c.corkedWrite = true
		return
	}
	c.writing = true
	c.writer.Add(1)
	go c.writeQueued()
}

// ping asks the writer for a ping (from the service's pinger).
func (c *conn) ping() {
	c.mu.Lock()
	c.pingDue = true
	c.startWriterLocked()
	c.mu.Unlock()
}

// sendFrame encodes and queues f (from the reading goroutine).
func (c *conn) sendFrame(f wire.Frame) {
	data, err := json.Marshal(f)
	if err != nil {
		c.svc.log.Error("encode frame", "type", f.Type, "err", err)
		return
	}
	c.mu.Lock()
	c.enqueueLocked(data)
	c.mu.Unlock()
}

// sendError tells the client a frame was refused.
func (c *conn) sendError(e *wire.Error) {
	c.sendFrame(wire.Frame{Type: wire.TypeError, Error: e})
}

// ack confirms a committed message to this client.
func (c *conn) ack(a store.Appended) {
	c.sendFrame(wire.Frame{Type: wire.TypeAck, CID: a.Message.CID, Conv: idString(a.Message.ConvID), Seq: a.Message.Seq})
}

// sendSendError refuses a send, naming its cid so the client can tell
// which pending message failed.
func (c *conn) sendSendError(cid string, err error) {
	we := *asWireError(err)
	we.CID = cid
	c.sendError(&we)
}

// hold starts keeping live events back while the reader replays from the
// store; replayed messages are queued with replay, then endHold lets the
// held events through, minus those the replay already sent.
func (c *conn) hold() {
	c.mu.Lock()
	c.holding = true
	c.mu.Unlock()
}

// replay queues stored messages, waiting for room in the queue: a long
// history is paced by the client, not dropped.
func (c *conn) replay(conv uint64, msgs []wire.Message) bool {
	for i := range msgs {
		data, err := json.Marshal(wire.Frame{Type: wire.TypeMessage, Conv: msgs[i].Conv, Message: &msgs[i]})
		if err != nil {
			return false
		}
		c.mu.Lock()
		for len(c.queue) >= c.svc.opts.SendQueue && c.closing == 0 {
			c.room.Wait()
		}
		if c.closing != 0 {
			c.mu.Unlock()
			return false
		}
		c.queue = append(c.queue, data)
		c.startWriterLocked()
		c.noteSentLocked(conv, msgs[i].Seq)
		c.mu.Unlock()
	}
	return true
}

func (c *conn) endHold() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.holding = false
	if len(c.summaries) > 0 {
		c.startWriterLocked()
	}
	for _, ev := range c.held {
		c.deliverLocked(ev)
	}
	c.held = nil
}

// writeQueued is the writer goroutine: it writes what is queued, then
// inbox rows, a due ping and finally the close frame, until nothing is
// left, and ends. Only one writes at a time (writing): this goroutine, or
// a shopper's reader for one round after a post (uncork).
func (c *conn) writeQueued() {
	defer c.writer.Done()
	for c.writeRound(false) {
	}
}

// writeRound writes what is queued now, once, and says whether the writer
// should go on (false: nothing was left, the socket failed or the close
// frame was sent; writing is then cleared). inline is a round run by the
// reader's goroutine: it leaves a close to the writer goroutine (which
// waits for the reader to finish) by going on without writing.
func (c *conn) writeRound(inline bool) bool {
	c.mu.Lock()
	if inline && c.closing != 0 {
		c.mu.Unlock()
		return true
	}
	frames := c.queue
	c.queue = nil
	c.room.Broadcast()
	var rows [][]byte
	if !c.holding && len(c.summaries) > 0 {
		rows = make([][]byte, 0, len(c.summaries))
		for _, data := range c.summaries {
			rows = append(rows, data)
		}
		clear(c.summaries)
	}
	ping := c.pingDue
	c.pingDue = false
	pending := c.pendingSince
	c.pendingSince = 0
	code := c.closing
	if len(frames) == 0 && len(rows) == 0 && !ping && code == 0 {
		c.writing = false
		c.mu.Unlock()
		return false
	}
	c.mu.Unlock()

	if !c.writeBatch(c.ws.NetConn(), frames, rows) {
		c.close(wire.CloseServerError)
		c.end()
		c.drop()
		return false
	}
	if pending != 0 && len(frames)+len(rows) > 0 {
		stage := StageAgentWrite
		if c.visitor {
			stage = StageWrite
		}
		c.svc.stages.record(stage, c.svc.since()-pending)
	}
	if ping {
		if err := c.ws.WriteControl(websocket.PingMessage, nil, c.writeDeadline()); err != nil {
			c.close(wire.CloseServerError)
			c.end()
			c.drop()
			return false
		}
	}
	if code != 0 {
		// Flush what was queued meanwhile (an error frame explaining
		// the close, say) before the close frame.
		c.mu.Lock()
		frames = c.queue
		c.queue = nil
		c.ended = true
		c.mu.Unlock()
		c.writeBatch(c.ws.NetConn(), frames)
		c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, closeReason(code)), c.writeDeadline())
		// Give the peer a moment to answer the close, then drop the socket
		// so that its reader (woken if it was parked) sees the end.
		timer := time.NewTimer(time.Second)
		select {
		case <-c.readerDone:
		case <-timer.C:
			c.drop()
		}
		timer.Stop()
		return false
	}
	return true
}

func (c *conn) writeDeadline() time.Time { return time.Now().Add(c.svc.opts.WriteWait) }

// end stops all writing (the socket failed).
func (c *conn) end() {
	c.mu.Lock()
	c.ended = true
	c.queue = nil
	c.writing = false
	c.room.Broadcast()
	c.mu.Unlock()
}

// readData reads the next client frame's bytes. ok is false when the
// connection is over: the client left, a deadline passed, a frame was over
// the read limit (the library has then answered 1009) or the client floods.
func (c *conn) readData() (data []byte, ok bool) {
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return nil, false
	}
	c.hear()
	if !c.flood.allow(c.svc.now()) {
		c.close(wire.CloseRateLimited)
		return nil, false
	}
	return data, true
}

// readFrame reads and decodes the next client frame (see readData). A
// frame that does not decode comes back as err with ok true.
func (c *conn) readFrame() (f wire.Frame, ok bool, err error) {
	data, ok := c.readData()
	if !ok {
		return wire.Frame{}, false, nil
	}
	f, err = wire.DecodeFrame(data)
	return f, true, err
}

// bucket is a token bucket: rate frames per second, bursts up to burst.
type bucket struct {
	tokens float64
	last   time.Time
	rate   float64
	burst  float64
}

func (b *bucket) allow(now time.Time) bool {
	if b.last.IsZero() {
		b.tokens = b.burst
	} else {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func closeReason(code int) string {
	switch code {
	case wire.CloseGoingAway:
		return "server restarting"
	case wire.CloseSlowClient:
		return "client too slow; reconnect and resume"
	case wire.CloseHelloTimeout:
		return "no hello"
	case wire.CloseRateLimited:
		return "too many frames"
	case wire.CloseReidentify:
		return "identity changed; reconnect"
	case wire.CloseUnauthorized:
		return "unauthorized"
	case wire.CloseBadVersion:
		return "protocol version not supported"
	case wire.CloseSiteUnknown:
		return "unknown site"
	case wire.CloseForbidden:
		return "forbidden"
	}
	return ""
}
