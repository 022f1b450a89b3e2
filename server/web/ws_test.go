package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// bigShopCookies is what a shop's domain-wide cookies (consent, analytics,
// carts) can add to every request to Comptoir on a subdomain: about 6 KB.
func bigShopCookies() string {
	var b strings.Builder
	for i := range 24 {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "shop_cookie_%02d=%s", i, strings.Repeat("x", 230))
	}
	return b.String()
}

// The sockets keep only the headers an upgrade needs (ws.go), and a shopper
// whose browser sends several KB of the shop's cookies still gets the
// widget page and a working socket; an agent's session cookie among them
// still signs the agent in.
func TestLargeCookieHeadersStillWork(t *testing.T) {
	srv := testserver.Start(t)
	cookies := bigShopCookies()
	if len(cookies) < 5500 {
		t.Fatalf("cookie header is only %d bytes", len(cookies))
	}

	t.Run("loader", func(t *testing.T) {
		req, _ := http.NewRequest("GET", srv.URL+"/widget.js", nil)
		req.Header.Set("Cookie", cookies)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("HTTP %d", res.StatusCode)
		}
	})

	t.Run("visitor socket", func(t *testing.T) {
		c := srv.Dial(t, "/ws/visitor", http.Header{
			"Cookie":          {cookies},
			"User-Agent":      {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"},
			"Accept-Language": {"fr-FR,fr;q=0.9,en;q=0.8"},
		})
		c.Send(t, wire.Frame{Type: wire.TypeHello, V: wire.Version, Site: srv.SiteKey})
		c.Expect(t, wire.TypeWelcome)
		c.Send(t, wire.Frame{Type: wire.TypeSend, CID: "big-cookie-1", Body: "hello with big cookies"})
		if ack := c.Expect(t, wire.TypeAck); ack.CID != "big-cookie-1" || ack.Seq != 1 {
			t.Fatalf("ack %+v", ack)
		}
	})

	t.Run("agent socket", func(t *testing.T) {
		a := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		c := srv.Dial(t, "/ws/agent", http.Header{"Cookie": {cookies + "; " + a.Cookie()}})
		c.Send(t, wire.Frame{Type: wire.TypeHello, V: wire.Version})
		welcome := c.Expect(t, wire.TypeWelcome)
		if welcome.Agent == nil || welcome.Agent.Email != testserver.AdminEmail {
			t.Fatalf("welcome %+v", welcome.Agent)
		}
	})
}
