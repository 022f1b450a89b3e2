package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/comptoir/comptoir/server/limit"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Limits per client IP on the HTTP side. The visitor socket's own limits
// (messages, conversations) are in package chat.
var (
	// Failed sign-ins per account and per IP, before sign-in is refused
	// for a while even with the right password.
	loginAccountRule = limit.Rule{Burst: 5, Per: 15 * time.Minute}
	loginIPRule      = limit.Rule{Burst: 20, Per: 15 * time.Minute}
)

// limiters are the server's keyed rate limiters.
type limiters struct {
	upgrades     *limit.Keyed
	loginAccount *limit.Keyed
	loginIP      *limit.Keyed
}

// newLimiters builds the limiters; connectsPerMinute bounds new visitor
// sockets per IP (a shopper opens a few tabs, a script hundreds), 0: none.
func newLimiters(now func() time.Time, connectsPerMinute int) limiters {
	var upgrades *limit.Keyed
	if connectsPerMinute > 0 {
		upgrades = limit.New(limit.Rule{Burst: connectsPerMinute, Per: time.Minute}, now)
	}
	return limiters{
		upgrades:     upgrades,
		loginAccount: limit.New(loginAccountRule, now),
		loginIP:      limit.New(loginIPRule, now),
	}
}

// rateLimited answers 429 with Retry-After in whole seconds.
func rateLimited(c *fiber.Ctx, retry time.Duration, msg string) error {
	secs := int(math.Ceil(retry.Seconds()))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(secs, 1)))
	return &wire.Error{Code: wire.CodeRateLimited, Message: msg}
}

// limitUpgrades refuses too many new sockets from one IP.
func (srv *Server) limitUpgrades(c *fiber.Ctx) error {
	if srv.limits.upgrades == nil {
		return c.Next()
	}
	if ok, retry := srv.limits.upgrades.Allow(c.IP()); !ok {
		return rateLimited(c, retry, "too many connections from your address; try again in a moment")
	}
	return c.Next()
}

// securityHeaders are sent on every response; pages add their own CSP.
func (srv *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "strict-origin-when-cross-origin")
	if srv.tls {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

// appCSP is the Content-Security-Policy of the two go-app pages: scripts
// and wasm only from here, sockets only to here, images from anywhere over
// HTTPS (product pictures live on the shops), nothing embeddable.
func appCSP(frameAncestors []string) string {
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: https:",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors " + strings.Join(frameAncestors, " "),
	}, "; ")
}
