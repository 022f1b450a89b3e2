package testserver

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/fasthttp/websocket"
)

// Client is a real WebSocket client speaking the protocol.
type Client struct {
	Conn   *websocket.Conn
	frames chan wire.Frame
	// Closed receives the close code when the server closes the socket.
	Closed chan int
}

// Dial opens a WebSocket to path with the server's own Origin, plus header.
func (s *Server) Dial(t testing.TB, path string, header http.Header) *Client {
	t.Helper()
	c, err := s.TryDial(path, header)
	if err != nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	t.Cleanup(func() { c.Conn.Close() })
	return c
}

// TryDial is Dial returning the error (and the HTTP status in it).
func (s *Server) TryDial(path string, header http.Header) (*Client, error) {
	if header == nil {
		header = http.Header{}
	}
	if _, ok := header["Origin"]; !ok {
		header.Set("Origin", s.URL)
	}
	conn, res, err := websocket.DefaultDialer.Dial(s.WS(path), header)
	if err != nil {
		if res != nil {
			return nil, &DialError{Status: res.StatusCode, Err: err}
		}
		return nil, err
	}
	c := &Client{Conn: conn, frames: make(chan wire.Frame, 1024), Closed: make(chan int, 1)}
	go c.read()
	return c, nil
}

// DialStalled opens a WebSocket that never reads: its socket's receive
// buffer is set tiny before connecting, and nothing drains it. It stands for
// a client on a dead mobile link.
func (s *Server) DialStalled(t testing.TB, path string, header http.Header) *websocket.Conn {
	t.Helper()
	header.Set("Origin", s.URL)
	d := websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) {
		nd := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
			var serr error
			rc.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
			return serr
		}}
		return nd.Dial(network, addr)
	}}
	conn, _, err := d.Dial(s.WS(path), header)
	if err != nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// DialError is a refused upgrade.
type DialError struct {
	Status int
	Err    error
}

func (e *DialError) Error() string { return e.Err.Error() }

func (c *Client) read() {
	defer close(c.frames)
	// Closed must hold the code before frames is seen closed.
	for {
		_, data, err := c.Conn.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				c.Closed <- ce.Code
			} else {
				c.Closed <- 0
			}
			return
		}
		var f wire.Frame
		if err := json.Unmarshal(data, &f); err != nil {
			panic("server sent invalid JSON: " + string(data))
		}
		c.frames <- f
	}
}

// Send writes a frame.
func (c *Client) Send(t testing.TB, f wire.Frame) {
	t.Helper()
	data, _ := json.Marshal(f)
	if err := c.Conn.WriteMessage(websocket.TextMessage, data); err != nil {
		t.Fatalf("send %s: %v", f.Type, err)
	}
}

// Next returns the next frame, failing the test after 5 s.
func (c *Client) Next(t testing.TB) wire.Frame {
	t.Helper()
	select {
	case f, ok := <-c.frames:
		if !ok {
			t.Fatalf("connection closed (code %d) while waiting for a frame", <-c.Closed)
		}
		return f
	case <-time.After(5 * time.Second):
		t.Fatal("no frame within 5 s")
	}
	return wire.Frame{}
}

// Expect returns the next frame of type typ, skipping others.
func (c *Client) Expect(t testing.TB, typ string) wire.Frame {
	t.Helper()
	for {
		f := c.Next(t)
		if f.Type == typ {
			return f
		}
		if f.Type == wire.TypeError && typ != wire.TypeError {
			t.Fatalf("waiting for %s, got error %+v", typ, f.Error)
		}
	}
}

// Until collects frames until one of type typ arrives (included).
func (c *Client) Until(t testing.TB, typ string) []wire.Frame {
	t.Helper()
	var out []wire.Frame
	for {
		f := c.Next(t)
		out = append(out, f)
		if f.Type == typ {
			return out
		}
	}
}

// CloseCode waits for the server to close the socket and returns the code.
func (c *Client) CloseCode(t testing.TB) int {
	t.Helper()
	for {
		select {
		case code := <-c.Closed:
			return code
		case _, ok := <-c.frames:
			if !ok {
				select {
				case code := <-c.Closed:
					return code
				case <-time.After(5 * time.Second):
					t.Fatal("no close code")
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatal("connection not closed within 5 s")
		}
	}
}

// Visitor dials the visitor socket and says hello; it returns the client and
// the welcome frame.
func (s *Server) Visitor(t testing.TB, hello wire.Frame) (*Client, wire.Frame) {
	t.Helper()
	c := s.Dial(t, "/ws/visitor", nil)
	hello.Type, hello.V = wire.TypeHello, wire.Version
	if hello.Site == "" {
		hello.Site = s.SiteKey
	}
	c.Send(t, hello)
	return c, c.Expect(t, wire.TypeWelcome)
}

// AgentSocket dials the agent socket for a signed-in agent and says hello.
func (s *Server) AgentSocket(t testing.TB, a *Agent) (*Client, wire.Frame) {
	t.Helper()
	c := s.Dial(t, "/ws/agent", http.Header{"Cookie": {a.Cookie()}})
	c.Send(t, wire.Frame{Type: wire.TypeHello, V: wire.Version})
	return c, c.Expect(t, wire.TypeWelcome)
}
