package web

import (
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/wire"
	"sync"

	contribws "github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
)

// Small buffers and a shared write-buffer pool: most sockets are idle
// widgets, and memory per idle connection is what limits one node.
var (
	wsWriteBuffers = &sync.Pool{} // *sync.Pool is a websocket.BufferPool
	wsConfig       = contribws.Config{ReadBufferSize: 1024, WriteBufferSize: 1024, WriteBufferPool: wsWriteBuffers}
)

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
	return contribws.New(func(c *contribws.Conn) { srv.chat.ServeVisitor(c.Conn, c.IP()) }, wsConfig)
}

func (srv *Server) agentSocket() fiber.Handler {
	return contribws.New(func(c *contribws.Conn) {
		as, _ := c.Locals(localsSession).(*agentSession)
		if as == nil {
			return
		}
		srv.chat.ServeAgent(c.Conn, chat.AgentSession{Agent: as.agent, SessionHash: as.hash()})
	}, wsConfig)
}
