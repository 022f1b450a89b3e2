// Package web is Comptoir's HTTP face: the Fiber app with its routes, the
// REST handlers, the WebSocket upgrades, the embedded apps and the demo shop.
package web

import (
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/search"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Deps is what the web layer is built on.
type Deps struct {
	DB   *store.DB
	Hub  *hub.Hub
	Chat *chat.Service
	Log  *slog.Logger
	// Search is the full-text index; nil answers search requests with 503.
	Search *search.Index
	// PublicURL is the origin shops load the widget from.
	PublicURL string
	// Dist holds the built apps (widget/ and agent/ with index.html, wasm…).
	Dist fs.FS
	// Loader is widget.js.
	Loader []byte
	// Version is shown by /healthz.
	Version string
	// TrustedProxies may set X-Forwarded-For (config.Proxies).
	TrustedProxies []string
	// ConnectsPerMinute bounds new visitor sockets per IP; 0: no limit.
	ConnectsPerMinute int
	// TLS is true when Comptoir terminates TLS itself (HSTS is sent).
	TLS bool
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Server holds the handlers' dependencies.
type Server struct {
	db        *store.DB
	hub       *hub.Hub
	chat      *chat.Service
	search    *search.Index
	log       *slog.Logger
	publicURL string
	secure    bool
	tls       bool
	limits    limiters
	uploads   uploadLimiters
	version   string
	now       func() time.Time
	dummyHash string
	loader    asset
	widget    *appFiles
	agent     *appFiles
}

// New builds the Fiber app with every route.
func New(d Deps) (*fiber.App, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	dummy, err := auth.HashPassword(auth.NewToken(16))
	if err != nil {
		return nil, err
	}
	srv := &Server{
		db: d.DB, hub: d.Hub, chat: d.Chat, search: d.Search, log: d.Log, now: d.Now, version: d.Version,
		publicURL: d.PublicURL, secure: strings.HasPrefix(d.PublicURL, "https://"), dummyHash: dummy,
		loader: newAsset("widget.js", d.Loader).compressed(), tls: d.TLS, limits: newLimiters(d.Now, d.ConnectsPerMinute),
		uploads: newUploadLimiters(d.Now),
	}
	if srv.widget, err = loadApp(d.Dist, "widget"); err != nil {
		return nil, err
	}
	if srv.agent, err = loadApp(d.Dist, "agent"); err != nil {
		return nil, err
	}

	app := fiber.New(fiber.Config{
		AppName:               "comptoir",
		DisableStartupMessage: true,
		StrictRouting:         true, // "/agent" redirects to "/agent/"
		ErrorHandler:          errorHandler(d.Log),
		BodyLimit:             1 << 20,
		ReadTimeout:           30 * time.Second,
		IdleTimeout:           120 * time.Second,
		// 8 KB of request headers: a shop's domain-wide cookies come along
		// (TestLargeCookieHeadersStillWork).
		ReadBufferSize: 8192,
		// Give the read buffer back to the pool once a request is read:
		// a WebSocket then reads from the bare connection instead of keeping
		// those 8 KB for as long as it is open (docs/benchmarks.md).
		ReduceMemoryUsage: true,
		// X-Forwarded-For counts only from the configured proxies; otherwise
		// any client could choose the IP its limits are counted against.
		EnableTrustedProxyCheck: len(d.TrustedProxies) > 0,
		TrustedProxies:          d.TrustedProxies,
		ProxyHeader:             proxyHeader(d.TrustedProxies),
	})
	app.Server().HeaderReceived = uploadRequestConfig // uploads.go: bigger bodies for uploads only
	// A WebSocket's handler may return while the socket stays open (an idle
	// visitor's is parked: chat/read.go); chat closes every socket itself.
	app.Server().KeepHijackedConns = true
	app.Use(srv.securityHeaders)
	app.Get("/healthz", srv.health)
	app.Get("/widget.js", srv.serveLoader)
	app.Get("/demo", srv.demo)
	app.Get("/", func(c *fiber.Ctx) error { return c.Redirect("/agent/", fiber.StatusFound) })

	app.Get("/w", func(c *fiber.Ctx) error {
		return c.Redirect("/w/?"+string(c.Request().URI().QueryString()), fiber.StatusMovedPermanently)
	})
	app.Get("/w/*", srv.serveWidget)
	app.Get("/agent", func(c *fiber.Ctx) error { return c.Redirect("/agent/", fiber.StatusMovedPermanently) })
	app.Get("/agent/*", srv.serveAgentApp)
	app.Get("/c/:token", srv.openLink) // links in emails to shoppers (hours.go)

	app.Get("/ws/visitor", srv.visitorUpgrade, srv.limitUpgrades, srv.visitorSocket())
	app.Get("/ws/agent", srv.agentUpgrade, srv.requireAgent, srv.agentSocket())

	api := app.Group("/api/v1")
	api.Post("/auth/login", srv.login)
	api.Get("/sites/:key/settings", srv.siteSettings)
	srv.uploadRoutes(api)
	api.Use(srv.requireAgent)
	api.Post("/auth/logout", srv.logout)
	api.Get("/me", srv.me)
	srv.totpRoutes(api)
	api.Get("/conversations", srv.listConversations)
	api.Get("/conversations/:id", srv.getConversation)
	api.Post("/conversations/:id/messages", srv.postMessage)
	api.Post("/conversations/:id/status", srv.postStatus)
	srv.cannedRoutes(api)
	srv.convoRoutes(api)
	srv.routingRoutes(api)
	srv.searchRoutes(api)
	srv.agentAccountRoutes(api)
	srv.adminRoutes(api)
	api.Use(func(c *fiber.Ctx) error {
		return &wire.Error{Code: wire.CodeNotFound, Message: "no API endpoint " + c.Method() + " " + c.Path()}
	})
	return app, nil
}

func proxyHeader(proxies []string) string {
	if len(proxies) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}

func (srv *Server) health(c *fiber.Ctx) error {
	if _, err := srv.db.CountAgents(); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).SendString("store unavailable")
	}
	return c.SendString("ok " + srv.version)
}
