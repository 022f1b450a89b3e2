// Package wsclient is the browser WebSocket client shared by the widget and
// the agents' app. It speaks wire.Frame as JSON text frames over the browser's
// own WebSocket (through go-app's app.Window, so no net/http ends up in the
// wasm), reconnects with exponential backoff and jitter when the close code
// says so (wire.ShouldReconnect), and stops for good on final codes.
//
// A Client knows nothing of conversations: the caller's onOpen builds the
// hello (with its resume map) from current state at every (re)connection, and
// the caller's onFrame applies what arrives. All callbacks run on the
// JavaScript event loop or on a timer goroutine, never inside a go-app
// component: callers must hop into ctx.Dispatch themselves before touching
// component state.
//
// Typical use inside a go-app component:
//
//	func (c *Inbox) OnMount(ctx app.Context) {
//		c.ws = wsclient.New(wsclient.URLFor("/ws/agent"),
//			func(f wire.Frame) { ctx.Dispatch(func(ctx app.Context) { c.apply(f) }) },
//			func(s wsclient.State) { ctx.Dispatch(func(ctx app.Context) { c.conn = s }) },
//			func() []wire.Frame { return c.hello() }, // must be safe off the UI goroutine
//		)
//		c.ws.Start()
//	}
//
//	func (c *Inbox) OnDismount() { c.ws.Close() }
//
// Send returns false while no socket is open: keep what must not be lost and
// send it again after the next welcome.
//
// It compiles natively too (go-app's non-wasm JavaScript values are inert),
// so an app's package still builds for the static-site generator.
package wsclient

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Phase is where a Client stands in its connection life.
type Phase int

const (
	// Connecting: a socket is being opened.
	Connecting Phase = iota
	// Online: the socket is open and the onOpen frames were sent.
	Online
	// Offline: the socket closed or failed; a new attempt is planned at
	// State.RetryAt.
	Offline
	// Stopped: no more attempts, either because Close was called or because
	// the server closed with a final code (State.Code).
	Stopped
)

func (p Phase) String() string {
	switch p {
	case Connecting:
		return "connecting"
	case Online:
		return "online"
	case Offline:
		return "offline"
	case Stopped:
		return "stopped"
	default:
		return "phase(" + strconv.Itoa(int(p)) + ")"
	}
}

// State is reported to onState on every phase change.
type State struct {
	Phase Phase
	// Code is the close code of the last closed socket (Offline, Stopped);
	// 1006 when the browser could not connect at all, 0 before any close
	// and after Close.
	Code int
	// Reason is the close reason the server gave, if any.
	Reason string
	// RetryAt is when the next attempt starts (Offline only).
	RetryAt time.Time
	// Attempt counts failed attempts since the last good connection.
	Attempt int
}

// Backoff bounds. A connection counts as good (and resets the backoff) once
// the server has sent a frame on it: a socket that opens and is closed at once
// (hello refused, rate limited) keeps backing off.
const (
	MinBackoff = 500 * time.Millisecond
	MaxBackoff = 30 * time.Second
	// RateLimitedBackoff is the least wait after close code 4002, which asks
	// for a pause rather than a prompt retry.
	RateLimitedBackoff = 5 * time.Second
)

// WebSocket readyState values.
const wsOpen = 1

// Client is one logical connection that survives socket drops.
// Its methods are safe to call from any goroutine.
type Client struct {
	url     string
	onFrame func(wire.Frame)
	onState func(State)
	onOpen  func() []wire.Frame

	mu      sync.Mutex
	started bool
	stopped bool
	gen     int // generation of the current socket; stale callbacks compare it
	ws      app.Value
	funcs   []app.Func // the current socket's handlers, released when it closes
	good    bool       // the current socket has received a frame
	attempt int
	timer   *time.Timer
	state   State
	wake    []app.Func // window "online" and document "visibilitychange" listeners
}

// New makes a Client for a ws:// or wss:// URL; it does nothing until Start.
// onFrame gets every decoded frame (frames that are not valid JSON are
// dropped); onState gets every phase change; onOpen returns the frames to send
// as soon as a socket opens, before anything else (the hello). Any callback may
// be nil.
func New(url string, onFrame func(wire.Frame), onState func(State), onOpen func() []wire.Frame) *Client {
	return &Client{url: url, onFrame: onFrame, onState: onState, onOpen: onOpen}
}

// URLFor returns the WebSocket URL of path on the page's own host:
// wss:// when the page is served over https, ws:// otherwise.
func URLFor(path string) string {
	loc := app.Window().Get("location")
	scheme := "ws://"
	if loc.Get("protocol").String() == "https:" {
		scheme = "wss://"
	}
	return scheme + loc.Get("host").String() + path
}

// Start opens the first socket and starts listening for the browser coming
// back online or the page becoming visible, which trigger an immediate retry
// instead of waiting out the backoff. Calling it twice does nothing.
func (c *Client) Start() {
	c.mu.Lock()
	if c.started || c.stopped {
		c.mu.Unlock()
		return
	}
	c.started = true
	wakeUp := app.FuncOf(func(app.Value, []app.Value) any {
		if app.Window().Get("document").Get("visibilityState").String() == "hidden" {
			return nil
		}
		c.RetryNow()
		return nil
	})
	c.wake = append(c.wake, wakeUp)
	c.mu.Unlock()

	app.Window().Call("addEventListener", "online", wakeUp)
	app.Window().Get("document").Call("addEventListener", "visibilitychange", wakeUp)
	c.connect()
}

// RetryNow skips the remaining backoff wait when the client is Offline.
// It does nothing in any other phase.
func (c *Client) RetryNow() {
	c.mu.Lock()
	if c.stopped || c.state.Phase != Offline {
		c.mu.Unlock()
		return
	}
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	c.mu.Unlock()
	c.connect()
}

// Send writes f on the open socket. It returns false when no socket is open
// (the caller keeps the frame and sends it again from onOpen or after Online)
// or when f cannot be encoded.
func (c *Client) Send(f wire.Frame) bool {
	data, err := json.Marshal(f)
	if err != nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped || c.state.Phase != Online || c.ws == nil {
		return false
	}
	return sendOn(c.ws, string(data))
}

// State returns the current state.
func (c *Client) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// Close closes the socket with code 1000 and stops reconnecting for good.
func (c *Client) Close() {
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		return
	}
	c.stopped = true
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	ws := c.ws
	c.gen++ // the socket's own close event is now stale
	c.dropSocketLocked()
	wake := c.wake
	c.wake = nil
	st := c.setLocked(State{Phase: Stopped})
	c.mu.Unlock()

	if ws != nil {
		closeQuietly(ws, wire.CloseNormal)
	}
	for _, f := range wake {
		app.Window().Call("removeEventListener", "online", f)
		app.Window().Get("document").Call("removeEventListener", "visibilitychange", f)
		f.Release()
	}
	c.report(st)
}

// connect opens a new socket unless one is open or opening.
func (c *Client) connect() {
	c.mu.Lock()
	if c.stopped || c.state.Phase == Connecting && c.ws != nil || c.state.Phase == Online {
		c.mu.Unlock()
		return
	}
	c.gen++
	gen := c.gen
	c.good = false
	st := c.setLocked(State{Phase: Connecting, Attempt: c.attempt, Code: c.state.Code})
	c.mu.Unlock()
	c.report(st)

	ws, ok := dial(c.url)
	if !ok {
		c.closed(gen, 1006, "")
		return
	}

	onOpen := app.FuncOf(func(app.Value, []app.Value) any {
		c.opened(gen)
		return nil
	})
	onMessage := app.FuncOf(func(_ app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		data := args[0].Get("data")
		if data.Type() != app.TypeString {
			return nil // binary frames are not part of the protocol
		}
		c.received(gen, data.String())
		return nil
	})
	onClose := app.FuncOf(func(_ app.Value, args []app.Value) any {
		code, reason := 1006, ""
		if len(args) > 0 {
			code = args[0].Get("code").Int()
			reason = args[0].Get("reason").String()
		}
		c.closed(gen, code, reason)
		return nil
	})

	c.mu.Lock()
	if c.stopped || gen != c.gen {
		// Closed while dialling: let this socket go.
		c.mu.Unlock()
		closeQuietly(ws, wire.CloseNormal)
		onOpen.Release()
		onMessage.Release()
		onClose.Release()
		return
	}
	c.ws = ws
	c.funcs = []app.Func{onOpen, onMessage, onClose}
	ws.Set("onopen", onOpen)
	ws.Set("onmessage", onMessage)
	// A failed socket fires error then close; close carries the code, so
	// error needs no handler of its own.
	ws.Set("onclose", onClose)
	// A socket opened early by the page may be open already: its open
	// event has passed.
	open := ws.Get("readyState").Int() == wsOpen
	c.mu.Unlock()
	if open {
		c.opened(gen)
	}
}

func (c *Client) opened(gen int) {
	var hello []wire.Frame
	if c.onOpen != nil {
		hello = c.onOpen()
	}
	c.mu.Lock()
	if c.stopped || gen != c.gen || c.ws == nil {
		c.mu.Unlock()
		return
	}
	for _, f := range hello {
		if data, err := json.Marshal(f); err == nil {
			sendOn(c.ws, string(data))
		}
	}
	st := c.setLocked(State{Phase: Online, Attempt: c.attempt})
	c.mu.Unlock()
	c.report(st)
}

func (c *Client) received(gen int, data string) {
	c.mu.Lock()
	if c.stopped || gen != c.gen {
		c.mu.Unlock()
		return
	}
	if !c.good {
		c.good = true
		c.attempt = 0
		c.state.Attempt = 0
	}
	c.mu.Unlock()

	var f wire.Frame
	if err := json.Unmarshal([]byte(data), &f); err != nil {
		return
	}
	if c.onFrame != nil {
		c.onFrame(f)
	}
}

func (c *Client) closed(gen, code int, reason string) {
	c.mu.Lock()
	if c.stopped || gen != c.gen {
		c.mu.Unlock()
		return
	}
	c.dropSocketLocked()
	if !wire.ShouldReconnect(code) {
		c.stopped = true
		st := c.setLocked(State{Phase: Stopped, Code: code, Reason: reason})
		c.mu.Unlock()
		c.report(st)
		return
	}
	wait := Backoff(c.attempt, rand.Float64())
	switch code {
	case wire.CloseRateLimited:
		wait = max(wait, RateLimitedBackoff)
	case wire.CloseReidentify:
		wait = 0 // the server asks for a new hello now
	}
	c.attempt++
	st := c.setLocked(State{Phase: Offline, Code: code, Reason: reason, RetryAt: time.Now().Add(wait), Attempt: c.attempt})
	c.timer = time.AfterFunc(wait, func() {
		c.mu.Lock()
		c.timer = nil
		c.mu.Unlock()
		c.connect()
	})
	c.mu.Unlock()
	c.report(st)
}

// dropSocketLocked detaches and releases the current socket's handlers.
// The socket fires nothing after close, and a stale one must not reach us.
func (c *Client) dropSocketLocked() {
	if c.ws != nil {
		c.ws.Set("onopen", nil)
		c.ws.Set("onmessage", nil)
		c.ws.Set("onclose", nil)
		c.ws = nil
	}
	for _, f := range c.funcs {
		f.Release()
	}
	c.funcs = nil
}

func (c *Client) setLocked(st State) State {
	c.state = st
	return st
}

func (c *Client) report(st State) {
	if c.onState != nil {
		c.onState(st)
	}
}

// Backoff is the wait before attempt number attempt (0 for the first retry):
// MinBackoff doubled per attempt, capped at MaxBackoff, with "equal jitter"
// so that a server restart does not bring every client back at the same
// instant. r is a random number in [0, 1).
func Backoff(attempt int, r float64) time.Duration {
	d := MinBackoff
	for i := 0; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	if d > MaxBackoff {
		d = MaxBackoff
	}
	half := d / 2
	return half + time.Duration(r*float64(half))
}

// dial creates a browser WebSocket, or takes the one the page opened early
// for url; the constructor throws on a malformed URL, which surfaces as a Go
// panic through syscall/js.
func dial(url string) (ws app.Value, ok bool) {
	defer func() {
		if recover() != nil {
			ws, ok = nil, false
		}
	}()
	if early := takeEarly(url); early != nil {
		return early, true
	}
	ws = app.Window().Get("WebSocket").New(url)
	return ws, true
}

// earlySocket is the window property under which a page's script may open
// the app's socket before the wasm has started (widget/web/socket.js).
const earlySocket = "comptoirEarlySocket"

// takeEarly returns the socket the page opened early for url, once, if it
// is still opening or open; any other is closed and left.
func takeEarly(url string) app.Value {
	win := app.Window()
	ws := win.Get(earlySocket)
	if !ws.Truthy() {
		return nil
	}
	win.Set(earlySocket, app.Null())
	if ws.Get("url").String() != url || ws.Get("readyState").Int() > wsOpen {
		closeQuietly(ws, wire.CloseNormal)
		return nil
	}
	return ws
}

// sendOn sends one text frame; send throws when the socket is not open.
func sendOn(ws app.Value, data string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	if ws.Get("readyState").Int() != wsOpen {
		return false
	}
	ws.Call("send", data)
	return true
}

func closeQuietly(ws app.Value, code int) {
	defer func() { _ = recover() }()
	ws.Call("close", code)
}
