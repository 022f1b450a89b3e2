package main

import (
	"bytes"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fasthttp/websocket"
	"github.com/valyala/fasthttp"
)

// floorRelay is the floor every figure is compared with: the same
// WebSocket library the server uses (fasthttp + fasthttp/websocket), on the
// same loopback, in this process, doing the least a chat relay can do. A
// client connects to /relay?id=NAME; each frame is "DEST|payload" and the
// payload is written as it is to the connection named DEST ("self" echoes).
// No JSON, no store, no hub, no per-connection queue.
type floorRelay struct {
	ln    net.Listener
	srv   *fasthttp.Server
	mu    sync.RWMutex
	conns map[string]*relayConn
	count atomic.Int64
}

type relayConn struct {
	mu sync.Mutex
	ws *websocket.Conn
}

func startFloor() (*floorRelay, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &floorRelay{ln: ln, conns: make(map[string]*relayConn)}
	up := websocket.FastHTTPUpgrader{ReadBufferSize: 1024, WriteBufferSize: 1024,
		CheckOrigin: func(*fasthttp.RequestCtx) bool { return true }}
	f.srv = &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		id := string(ctx.QueryArgs().Peek("id"))
		up.Upgrade(ctx, func(ws *websocket.Conn) { f.serve(id, ws) })
	}, IdleTimeout: time.Minute}
	go f.srv.Serve(ln)
	return f, nil
}

func (f *floorRelay) url(id string) string {
	return "ws://" + f.ln.Addr().String() + "/relay?id=" + id
}

func (f *floorRelay) serve(id string, ws *websocket.Conn) {
	rc := &relayConn{ws: ws}
	f.mu.Lock()
	f.conns[id] = rc
	f.mu.Unlock()
	f.count.Add(1)
	defer func() {
		f.mu.Lock()
		if f.conns[id] == rc {
			delete(f.conns, id)
		}
		f.mu.Unlock()
		f.count.Add(-1)
	}()
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		dest, payload, ok := bytes.Cut(data, []byte("|"))
		if !ok {
			continue
		}
		to := rc
		if string(dest) != "self" {
			f.mu.RLock()
			to = f.conns[string(dest)]
			f.mu.RUnlock()
		}
		if to == nil {
			continue
		}
		to.mu.Lock()
		to.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
		to.ws.WriteMessage(websocket.TextMessage, payload)
		to.mu.Unlock()
	}
}

func (f *floorRelay) close() { f.srv.Shutdown(); f.ln.Close() }

// floorPeer connects a bench peer to the relay under name.
func floorPeer(f *floorRelay, name string, id int, agent bool, rec *atomic.Pointer[recorder]) (*peer, error) {
	return dialPeer(f.url(name), http.Header{}, id, agent, rec)
}

func floorVisitorName(i int) string { return "v" + strconv.Itoa(i) }
func floorAgentName(i int) string   { return "a" + strconv.Itoa(i) }
