package chat

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/comptoir/comptoir/server/hub"
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
}

// conn is one WebSocket client: the handler's goroutine reads, one writer
// goroutine writes from a bounded queue, so a slow reader on the other side
// costs a fixed amount of memory and is then disconnected.
type conn struct {
	ws  socket
	svc *Service

	send chan []byte
	// closeCode is written once; done closes when the conn is closing.
	closeOnce sync.Once
	closeCode chan int
	done      chan struct{}
	// closedWith is the close code asked for; set once before done closes.
	closedWith int
	// readerDone closes when the reading side (the handler) has finished.
	readerDone chan struct{}

	// mu orders live events against replays (see hold and endHold).
	mu       sync.Mutex
	holding  bool
	held     []hub.Event
	lastSent map[uint64]uint64 // conversation → newest seq queued

	// summaries holds the newest unsent summary per conversation: an inbox
	// under a busy site gets the latest state of each row, not every step,
	// so a burst of messages cannot overflow an agent's queue.
	summaries    map[uint64][]byte
	summaryReady chan struct{}

	flood bucket // frames from the client; only the reader touches it

	// visitor is set on a shopper's connection: agents-only events and
	// private notes are never written to it (convo.go).
	visitor bool
}

// maxHeld bounds the live events kept back during one replay.
const maxHeld = 4096

func newConn(svc *Service, ws socket) *conn {
	return &conn{
		ws:           ws,
		svc:          svc,
		send:         make(chan []byte, svc.opts.SendQueue),
		closeCode:    make(chan int, 1),
		done:         make(chan struct{}),
		readerDone:   make(chan struct{}),
		lastSent:     make(map[uint64]uint64),
		summaries:    make(map[uint64][]byte),
		summaryReady: make(chan struct{}, 1),
		flood:        bucket{rate: svc.opts.FramesPerSecond, burst: svc.opts.FrameBurst},
	}
}

// close asks the writer to send a close frame with code and stop.
func (c *conn) close(code int) {
	c.closeOnce.Do(func() {
		c.svc.log.Debug("closing websocket", "code", code)
		c.closedWith = code
		c.closeCode <- code
		close(c.done)
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
		c.summaries[ev.Conv] = ev.Data
		if !c.holding {
			c.signalSummaries()
		}
		return
	}
	if c.holding {
		if len(c.held) >= maxHeld {
			c.close(wire.CloseSlowClient)
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
		c.lastSent[ev.Conv] = ev.Seq
	}
	c.enqueue(ev.Data)
}

// enqueue queues data without blocking; a full queue means the client is
// too slow, and it is closed so it can resume from the store.
func (c *conn) enqueue(data []byte) {
	select {
	case c.send <- data:
	case <-c.done:
	default:
		c.close(wire.CloseSlowClient)
	}
}

// sendFrame encodes and queues f (from the reading goroutine).
func (c *conn) sendFrame(f wire.Frame) {
	data, err := json.Marshal(f)
	if err != nil {
		c.svc.log.Error("encode frame", "type", f.Type, "err", err)
		return
	}
	c.mu.Lock()
	c.enqueue(data)
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
		select {
		case c.send <- data:
		case <-c.done:
			return false
		}
		c.mu.Lock()
		c.lastSent[conv] = max(c.lastSent[conv], msgs[i].Seq)
		c.mu.Unlock()
	}
	return true
}

// signalSummaries wakes the writer for pending summaries (c.mu held).
func (c *conn) signalSummaries() {
	select {
	case c.summaryReady <- struct{}{}:
	default: // already signalled
	}
}

// takeSummaries returns the pending summaries and forgets them.
func (c *conn) takeSummaries() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([][]byte, 0, len(c.summaries))
	for conv, data := range c.summaries {
		out = append(out, data)
		delete(c.summaries, conv)
	}
	return out
}

func (c *conn) endHold() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.holding = false
	if len(c.summaries) > 0 {
		c.signalSummaries()
	}
	for _, ev := range c.held {
		c.deliverLocked(ev)
	}
	c.held = nil
}

// writeLoop is the only writer of the socket.
func (c *conn) writeLoop() {
	ping := time.NewTicker(c.svc.opts.PingInterval)
	defer ping.Stop()
	deadline := func() time.Time { return time.Now().Add(c.svc.opts.WriteWait) }
	for {
		select {
		case data := <-c.send:
			c.ws.SetWriteDeadline(deadline())
			if err := c.ws.WriteMessage(websocket.TextMessage, data); err != nil {
				c.close(wire.CloseServerError)
				c.drop()
				return
			}
		case <-c.summaryReady:
			for _, data := range c.takeSummaries() {
				c.ws.SetWriteDeadline(deadline())
				if err := c.ws.WriteMessage(websocket.TextMessage, data); err != nil {
					c.close(wire.CloseServerError)
					c.drop()
					return
				}
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, deadline()); err != nil {
				c.close(wire.CloseServerError)
				c.drop()
				return
			}
		case code := <-c.closeCode:
			// Flush what is already queued (an error frame explaining the
			// close, say) before the close frame, within the write deadline.
			for flushing := true; flushing; {
				select {
				case data := <-c.send:
					c.ws.SetWriteDeadline(deadline())
					if c.ws.WriteMessage(websocket.TextMessage, data) != nil {
						flushing = false
					}
				default:
					flushing = false
				}
			}
			c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, closeReason(code)), deadline())
			// Give the peer a moment to answer the close, then drop the socket
			// so the reader returns. The socket is only touched while the
			// handler runs: fasthttp reuses it afterwards.
			select {
			case <-c.readerDone:
			case <-time.After(time.Second):
				c.drop()
			}
			return
		}
	}
}

// drop ends the connection now. Closing a hijacked fasthttp connection is a
// no-op until its handler returns, so the reader is woken by a past deadline
// and the handler's return closes the socket.
func (c *conn) drop() {
	c.ws.SetReadDeadline(time.Unix(1, 0))
	c.ws.Close()
}

// readFrame reads and decodes the next client frame. ok is false when the
// connection is over: the client left, a deadline passed, a frame was over
// the read limit (the library has then answered 1009) or the client floods.
// A frame that does not decode comes back as err with ok true.
func (c *conn) readFrame() (f wire.Frame, ok bool, err error) {
	_, data, rerr := c.ws.ReadMessage()
	if rerr != nil {
		return wire.Frame{}, false, nil
	}
	if !c.flood.allow(c.svc.now()) {
		c.close(wire.CloseRateLimited)
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
