package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/comptoir/comptoir/wire"
	"github.com/fasthttp/websocket"
)

// epoch is the bench's clock origin: send times travel in cids and bodies as
// nanoseconds since epoch, so the receiver (this same process) computes the
// latency with the monotonic clock.
var epoch = time.Now()

func sinceEpoch() int64 { return int64(time.Since(epoch)) }

// hist is an HDR histogram of latencies in microseconds, safe for
// concurrent recording. Values above an hour are clamped.
type hist struct {
	mu sync.Mutex
	h  *hdrhistogram.Histogram
}

func newHist() *hist { return &hist{h: hdrhistogram.New(1, int64(time.Hour/time.Microsecond), 3)} }

func (h *hist) record(d time.Duration) {
	us := max(1, min(d.Microseconds(), h.h.HighestTrackableValue()))
	h.mu.Lock()
	h.h.RecordValue(us)
	h.mu.Unlock()
}

// summary is a histogram's figures, in milliseconds.
type summary struct {
	n                       int64
	p50, p99, p999, maximum float64
}

func (h *hist) summary() summary {
	h.mu.Lock()
	defer h.mu.Unlock()
	ms := func(us int64) float64 { return float64(us) / 1000 }
	return summary{
		n:   h.h.TotalCount(),
		p50: ms(h.h.ValueAtQuantile(50)), p99: ms(h.h.ValueAtQuantile(99)),
		p999: ms(h.h.ValueAtQuantile(99.9)), maximum: ms(h.h.Max()),
	}
}

// recorder collects what the readers observe during one measured phase.
// Latencies count from a message's intended send time (open loop: a late
// send is charged to the system, not hidden), and only messages intended
// at or after from.
type recorder struct {
	from       atomic.Int64 // ns since epoch; 0 = record nothing
	toAgent    *hist        // shopper send → agent receives the message (followed conversation)
	toInbox    *hist        // shopper send → every agent receives the inbox update
	toVisitor  *hist        // agent send → shopper receives the message
	ack        *hist        // shopper send → shopper receives the ack (durable)
	acked      atomic.Int64 // acks received for recorded sends
	toAgentN   atomic.Int64
	toInboxN   atomic.Int64
	toVisitorN atomic.Int64
}

func newRecorder() *recorder {
	return &recorder{toAgent: newHist(), toInbox: newHist(), toVisitor: newHist(), ack: newHist()}
}

// benchBody marks a measured shopper message: "bench <intended ns>
// <padding>". The padding brings it to a typical chat message's length.
func benchBody(intended int64) string {
	return "bench " + strconv.FormatInt(intended, 10) + " Bonjour, is the linen tote still available in sand?"
}

// replyBody marks a measured agent reply the same way, with another word
// so that inbox updates of replies are not taken for shoppers' messages.
func replyBody(intended int64) string {
	return "reply " + strconv.FormatInt(intended, 10) + " Yes, and it ships today from our Lyon workshop."
}

// intendedOf reads the intended send time back from a body or cid.
func intendedOf(s string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, "bench ")
	if !ok {
		rest, ok = strings.CutPrefix(s, "reply ")
	}
	if !ok {
		rest, ok = strings.CutPrefix(s, "b")
		if !ok {
			return 0, false
		}
	}
	end := strings.IndexAny(rest, " -")
	if end < 0 {
		end = len(rest)
	}
	ns, err := strconv.ParseInt(rest[:end], 10, 64)
	return ns, err == nil
}

// peer is one WebSocket client of the bench: a visitor or an agent of the
// real server, or a client of the floor relay. One reader goroutine per
// peer; writes are serialised by wmu.
type peer struct {
	id    int
	agent bool
	ws    *websocket.Conn
	wmu   sync.Mutex
	rec   *atomic.Pointer[recorder]

	// Set by the reader.
	token   string
	welcome chan struct{} // closed at welcome
	acks    chan event
	synced  chan event
	closed  chan struct{} // closed when the reader stops
	closeCd atomic.Int32

	// mu guards the conversation bookkeeping below.
	mu      sync.Mutex
	conv    string // a visitor's conversation
	lastSeq uint64 // highest seq of conv seen, in order
	gaps    int    // a seq skipped
	dups    int    // a seq seen again
	errors  int
	lastErr string
}

// dialer has small buffers, like the server's: 10k clients live in this
// process too.
var dialer = &websocket.Dialer{
	ReadBufferSize: 1024, WriteBufferSize: 1024, HandshakeTimeout: 10 * time.Second,
	NetDial: func(network, addr string) (net.Conn, error) {
		return (&net.Dialer{Timeout: 10 * time.Second}).Dial(network, addr)
	},
}

// dialPeer opens a WebSocket and starts its reader.
func dialPeer(url string, header http.Header, id int, agent bool, rec *atomic.Pointer[recorder]) (*peer, error) {
	ws, res, err := dialer.Dial(url, header)
	if err != nil {
		if res != nil {
			return nil, fmt.Errorf("dial %s: HTTP %d: %w", url, res.StatusCode, err)
		}
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	p := &peer{
		id: id, agent: agent, ws: ws, rec: rec,
		welcome: make(chan struct{}), acks: make(chan event, 16),
		synced: make(chan event, 4), closed: make(chan struct{}),
	}
	if agent {
		p.synced = make(chan event, 256) // an agent follows hundreds of conversations at once
	}
	go p.read()
	return p, nil
}

func (p *peer) write(data []byte) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return p.ws.WriteMessage(websocket.TextMessage, data)
}

func (p *peer) writeFrame(f wire.Frame) error {
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return p.write(data)
}

// drop closes the TCP connection without a close frame, as a lost network
// or a closed laptop does.
func (p *peer) drop() {
	p.ws.Close()
	<-p.closed
}

// inFrame is what the bench reads of a frame: decoding into it skips the
// fields it does not name, where decoding into wire.Frame filled every
// field of every inbox row (half of the bench's CPU went to JSON).
type inFrame struct {
	Type    string      `json:"type"`
	Token   string      `json:"token"`
	Conv    string      `json:"conv"`
	CID     string      `json:"cid"`
	Seq     uint64      `json:"seq"`
	Body    string      `json:"body"` // a send frame, through the floor relay
	Error   *wire.Error `json:"error"`
	Message *struct {
		Conv   string `json:"conv"`
		Seq    uint64 `json:"seq"`
		Body   string `json:"body"`
		Author struct {
			Kind string `json:"kind"`
		} `json:"author"`
	} `json:"message"`
	Conversations []struct {
		Preview string `json:"preview"`
	} `json:"conversations"`
}

// event is the part of a frame those waiting for acks and synced frames
// read. Small on purpose: every peer's channels hold their buffers from the
// start, and buffers of wire.Frame (352 bytes) made the bench's own heap
// 1.3 GB with 13,000 peers, and its garbage collections 1.7 s long.
type event struct {
	Type, Conv, CID string
	Seq             uint64
	Error           *wire.Error
}

func (f *inFrame) frame() event {
	return event{Type: f.Type, Conv: f.Conv, CID: f.CID, Seq: f.Seq, Error: f.Error}
}

func (p *peer) read() {
	defer close(p.closed)
	welcomed := false
	var buf bytes.Buffer // one per peer, reused: no allocation per frame
	for {
		_, r, err := p.ws.NextReader()
		if err == nil {
			buf.Reset()
			_, err = buf.ReadFrom(r)
		}
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				p.closeCd.Store(int32(ce.Code))
			}
			return
		}
		rec := p.rec.Load()
		if p.agent && bytes.HasPrefix(buf.Bytes(), conversationPrefix) {
			p.inboxRow(rec, buf.Bytes())
			continue
		}
		// Floor relay frames come as they were sent: "send" frames.
		var f inFrame
		if json.Unmarshal(buf.Bytes(), &f) != nil {
			continue
		}
		switch f.Type {
		case wire.TypeWelcome:
			if !welcomed {
				welcomed = true
				if f.Token != "" {
					p.mu.Lock()
					p.token = f.Token
					p.mu.Unlock()
				}
				close(p.welcome)
			}
		case wire.TypeAck:
			p.mu.Lock()
			if p.conv == "" {
				p.conv = f.Conv
			}
			p.mu.Unlock()
			if rec != nil && !p.agent {
				if t, ok := intendedOf(f.CID); ok && t >= rec.from.Load() {
					rec.ack.record(time.Duration(sinceEpoch() - t))
					rec.acked.Add(1)
				}
			}
			select {
			case p.acks <- f.frame():
			default:
			}
		case wire.TypeMessage:
			if f.Message == nil {
				continue
			}
			m := f.Message
			if !p.agent {
				p.track(m.Conv, m.Seq)
			}
			p.observe(rec, m.Body, m.Author.Kind == wire.AuthorAgent)
		case wire.TypeSend: // through the floor relay
			if f.CID == "echo" {
				select {
				case p.acks <- f.frame():
				default:
				}
				continue
			}
			p.observe(rec, f.Body, !p.agent)
		case wire.TypeConversation:
			// Every agent's inbox gets a summary of every message; its
			// preview starts with the measured body.
			if p.agent && rec != nil && len(f.Conversations) == 1 {
				if t, ok := intendedOf(f.Conversations[0].Preview); ok && t >= rec.from.Load() && strings.HasPrefix(f.Conversations[0].Preview, "bench ") {
					rec.toInbox.record(time.Duration(sinceEpoch() - t))
					rec.toInboxN.Add(1)
				}
			}
		case wire.TypeSynced:
			select {
			case p.synced <- f.frame():
			default:
			}
		case wire.TypeError:
			if f.Error != nil && f.Error.CID != "" {
				select { // a refused send: whoever waits for its ack learns why
				case p.acks <- f.frame():
				default:
				}
			}
			p.mu.Lock()
			p.errors++
			if f.Error != nil {
				p.lastErr = f.Error.Code + ": " + f.Error.Message
			}
			p.mu.Unlock()
		}
	}
}

// conversationPrefix starts every inbox row the server sends (wire.Frame's
// first field is its type).
var conversationPrefix = []byte(`{"type":"conversation",`)

// inboxRow records the latency of an inbox row whose preview is a measured
// shopper message. Each agent gets 2,000 of them a second: the preview is
// found in the bytes instead of decoding the row (a measured body has no
// character JSON escapes, so it is the bytes up to the next quote).
func (p *peer) inboxRow(rec *recorder, data []byte) {
	if rec == nil {
		return
	}
	_, after, ok := bytes.Cut(data, []byte(`"preview":"bench `))
	if !ok {
		return
	}
	end := bytes.IndexByte(after, ' ')
	if end < 0 {
		return
	}
	t, err := strconv.ParseInt(string(after[:end]), 10, 64)
	if err != nil || t < rec.from.Load() {
		return
	}
	rec.toInbox.record(time.Duration(sinceEpoch() - t))
	rec.toInboxN.Add(1)
}

// observe records a measured message's latency on the side that received it.
func (p *peer) observe(rec *recorder, body string, fromAgent bool) {
	if rec == nil {
		return
	}
	t, ok := intendedOf(body)
	if !ok || t < rec.from.Load() {
		return
	}
	d := time.Duration(sinceEpoch() - t)
	switch {
	case p.agent && !fromAgent:
		rec.toAgent.record(d)
		rec.toAgentN.Add(1)
	case !p.agent && fromAgent:
		rec.toVisitor.record(d)
		rec.toVisitorN.Add(1)
	}
}

// track checks a visitor's conversation arrives in order, once.
func (p *peer) track(conv string, seq uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conv == "" {
		p.conv = conv
	}
	if conv != p.conv {
		return
	}
	switch {
	case seq <= p.lastSeq:
		p.dups++
	case seq != p.lastSeq+1 && p.lastSeq != 0:
		p.gaps++
		p.lastSeq = seq
	default:
		p.lastSeq = seq
	}
}

// visitorHello opens a visitor socket on the real server and waits for the
// welcome. With a token and conv it resumes conv after seq last; the caller
// then waits for synced.
func visitorHello(s *server, id int, token, conv string, last uint64, rec *atomic.Pointer[recorder]) (*peer, error) {
	h := http.Header{"Origin": {s.url}, "X-Forwarded-For": {shopperIP(id)}}
	p, err := dialPeer("ws"+strings.TrimPrefix(s.url, "http")+"/ws/visitor", h, id, false, rec)
	if err != nil {
		return nil, err
	}
	var resume map[string]uint64
	if conv != "" {
		resume = map[string]uint64{conv: last}
		p.mu.Lock()
		p.conv, p.lastSeq, p.token = conv, last, token
		p.mu.Unlock()
	}
	hello := wire.Frame{Type: wire.TypeHello, V: wire.Version, Site: s.siteKey, Token: token, Resume: resume,
		Page: &wire.PageContext{URL: s.url + "/demo", Title: "Linen Tote Bag — Atelier Demo", Lang: "en"}}
	if err := p.writeFrame(hello); err != nil {
		p.ws.Close()
		return nil, err
	}
	select {
	case <-p.welcome:
		return p, nil
	case <-p.closed:
		return nil, fmt.Errorf("visitor %d: closed before welcome (code %d)", id, p.closeCd.Load())
	case <-time.After(20 * time.Second):
		p.ws.Close()
		return nil, fmt.Errorf("visitor %d: no welcome in 20 s", id)
	}
}

// shopperIP is the address visitor id claims (10.0.0.0/8, one each).
func shopperIP(id int) string {
	n := id + 1
	return fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
}

// agentHello opens an agent socket with the admin's session.
func agentHello(s *server, id int, rec *atomic.Pointer[recorder]) (*peer, error) {
	h := http.Header{"Origin": {s.url}, "Cookie": {s.cookie()}}
	p, err := dialPeer("ws"+strings.TrimPrefix(s.url, "http")+"/ws/agent", h, id, true, rec)
	if err != nil {
		return nil, err
	}
	if err := p.writeFrame(wire.Frame{Type: wire.TypeHello, V: wire.Version}); err != nil {
		return nil, err
	}
	// The welcome waits for routing (the agents list), which may still be
	// placing the visitors' new conversations in line.
	select {
	case <-p.welcome:
		return p, nil
	case <-time.After(5 * time.Minute):
		p.ws.Close()
		return nil, fmt.Errorf("agent %d: no welcome in 5 min", id)
	}
}
