package web

import (
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// What the upgrade handler sees after withFewHeaders: the handshake's
// headers and the client's forwarded address, no cookie, no user agent.
func TestUpgradeKeepsOnlyHandshakeHeaders(t *testing.T) {
	app := fiber.New()
	seen := map[string]string{}
	app.Get("/ws", withFewHeaders(func(c *fiber.Ctx) error {
		c.Request().Header.VisitAll(func(k, v []byte) { seen[string(k)] = string(v) })
		return nil
	}))
	req := httptest.NewRequest("GET", "/ws", nil)
	for k, v := range map[string]string{
		"Connection": "Upgrade", "Upgrade": "websocket", "Origin": "https://chat.example.com",
		"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13",
		"X-Forwarded-For": "203.0.113.7", "Cookie": "a=1; b=2", "User-Agent": "Mozilla/5.0",
		"Accept-Language": "fr", "Cache-Control": "no-cache",
	} {
		req.Header.Set(k, v)
	}
	if _, err := app.Test(req); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"Connection", "Upgrade", "Origin", "Sec-Websocket-Key", "Sec-Websocket-Version", "X-Forwarded-For", "Host"} {
		if seen[k] == "" {
			t.Errorf("%s was dropped; kept %v", k, seen)
		}
	}
	for _, k := range []string{"Cookie", "User-Agent", "Accept-Language", "Cache-Control"} {
		if v, ok := seen[k]; ok {
			t.Errorf("%s kept (%q)", k, v)
		}
	}
}
