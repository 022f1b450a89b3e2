package web

import (
	"net"
	"reflect"
	"strings"
	"sync"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/park"
	"github.com/comptoir/comptoir/wire"

	"github.com/fasthttp/websocket"
	contribws "github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Small buffers and a shared write-buffer pool: most sockets are idle
// widgets, and memory per idle connection is what limits one node. The
// socket's read buffer can be small: it reads through fasthttp's (Fiber's
// ReadBufferSize), and only needs room for a frame header and a control
// frame (125 bytes); longer frames are read in pieces. With a write-buffer
// pool the socket takes a buffer only while it writes a message: none is
// tied to the upgrade handler, which returns while a parked socket stays
// open (fasthttp/websocket's Upgrade recycles what it gave the handler).
var (
	wsWriteBuffers = &sync.Pool{} // *sync.Pool is a websocket.BufferPool
	wsConfig       = contribws.Config{ReadBufferSize: 256, WriteBufferSize: 1024, WriteBufferPool: wsWriteBuffers}
)

// upgradeHeaders are the request headers a WebSocket upgrade still needs
// once the checks before it (origin, session, limits) are done, in lower
// case (fasthttp normalizes "Sec-WebSocket-Key" to "Sec-Websocket-Key").
var upgradeHeaders = map[string]bool{
	"host": true, "connection": true, "upgrade": true, "origin": true,
	"sec-websocket-key": true, "sec-websocket-version": true,
	"sec-websocket-protocol": true, "sec-websocket-extensions": true,
	"x-forwarded-for": true, // the client's address behind a trusted proxy (c.IP)
}

// withFewHeaders drops the request headers an upgrade does not need before
// contrib/websocket copies every header and cookie into maps that live as
// long as the socket: a shop's domain-wide cookies (often several KB) would
// otherwise be held twice by every open widget.
func withFewHeaders(upgrade fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		h := &c.Request().Header
		h.DelAllCookies()
		var drop []string
		h.VisitAll(func(k, _ []byte) {
			if !upgradeHeaders[strings.ToLower(string(k))] {
				drop = append(drop, string(k))
			}
		})
		for _, k := range drop {
			h.Del(k)
		}
		if err := upgrade(c); err != nil {
			return err
		}
		// The handshake is answered and contrib has its copies: the
		// request's parsed headers would otherwise live on in fasthttp's
		// request context, which a hijacked connection keeps until it ends.
		c.Request().Header = fasthttp.RequestHeader{}
		return nil
	}
}

// visitorUpgrade refuses, before the upgrade, a socket not opened by the
// widget page: its Origin must be this server (the iframe is ours).
func (srv *Server) visitorUpgrade(c *fiber.Ctx) error {
	if !contribws.IsWebSocketUpgrade(c) {
		return fiber.ErrUpgradeRequired
	}
	if !srv.sameOrigin(c) {
		return &wire.Error{Code: wire.CodeForbidden, Message: "WebSocket origin not allowed"}
	}
	return c.Next()
}

func (srv *Server) agentUpgrade(c *fiber.Ctx) error { return srv.visitorUpgrade(c) }

func (srv *Server) visitorSocket() fiber.Handler {
	return withFewHeaders(contribws.New(func(c *contribws.Conn) {
		// The address is kept for the socket's life, which now outlasts
		// the request (a parked socket): a copy, never a view of
		// fasthttp's buffers (Fiber's strings may be).
		srv.chat.ServeVisitor(c.Conn, strings.Clone(c.IP()), parkable(c.Conn))
	}, wsConfig))
}

// parkable returns the socket's connection when the socket can be parked
// once its handler returns (chat/read.go): it must be a park.Conn (plain
// TCP accepted through park.Listen, so not TLS) that the library reads
// directly. fasthttp hands the hijack handler a wrapper that reads through
// its own buffered reader when the client sent bytes behind the handshake
// (pipelined), and releases that reader when the handler returns: such a
// socket must keep its goroutine. fasthttp does not say which reader it
// used, so its field is looked at (fasthttp v1.58.0's hijackConn.r;
// TestPipelinedHandshakeIsServedWithoutParking and
// TestIdleVisitorSocketIsParked fail if that changes); anything unexpected
// means no parking. The server keeps hijacked connections open
// (KeepHijackedConns): chat closes every socket itself.
func parkable(ws *websocket.Conn) *park.Conn {
	nc := ws.NetConn()
	u, ok := nc.(interface{ UnsafeConn() net.Conn })
	if !ok {
		return nil
	}
	pc, ok := u.UnsafeConn().(*park.Conn)
	if !ok || !readsFrom(nc, pc) {
		return nil
	}
	return pc
}

// readsFrom reports whether fasthttp's hijacked connection nc reads from
// pc itself rather than through a buffered reader.
func readsFrom(nc net.Conn, pc *park.Conn) bool {
	v := reflect.ValueOf(nc)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return false
	}
	r := v.Elem().FieldByName("r")
	if !r.IsValid() || r.Kind() != reflect.Interface || r.IsNil() {
		return false
	}
	e := r.Elem()
	return e.Type() == reflect.TypeOf(pc) && e.Pointer() == reflect.ValueOf(pc).Pointer()
}

func (srv *Server) agentSocket() fiber.Handler {
	return withFewHeaders(contribws.New(func(c *contribws.Conn) {
		as, _ := c.Locals(localsSession).(*agentSession)
		if as == nil {
			return
		}
		srv.chat.ServeAgent(c.Conn, chat.AgentSession{Agent: as.agent, SessionHash: as.hash()})
	}, wsConfig))
}
