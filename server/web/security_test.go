package web_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// clock is a settable clock for the server's limits.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *clock { return &clock{t: time.Now()} }

func postLogin(t *testing.T, srv *testserver.Server, email, password string, header http.Header) (*http.Response, wire.ErrorBody) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/auth/login", strings.NewReader(`{"email":"`+email+`","password":"`+password+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", srv.URL)
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body wire.ErrorBody
	decodeJSON(res, &body)
	return res, body
}

func TestVisitorSocketsPerIP(t *testing.T) {
	srv := testserver.Start(t)
	var refused *testserver.DialError
	for i := range 200 {
		c, err := srv.TryDial("/ws/visitor", nil)
		if err != nil {
			de, ok := err.(*testserver.DialError)
			if !ok {
				t.Fatal(err)
			}
			refused = de
			if i < 120 {
				t.Fatalf("refused after only %d sockets", i)
			}
			break
		}
		c.Conn.Close()
	}
	if refused == nil || refused.Status != http.StatusTooManyRequests {
		t.Fatalf("201 sockets in a minute from one address were all accepted (last error %+v)", refused)
	}
}

func TestMessageRateLimits(t *testing.T) {
	clk := newClock()
	srv := testserver.Start(t, testserver.WithClock(clk.now))
	v, _ := srv.Visitor(t, wire.Frame{})
	var conv string
	for i := range 20 {
		v.Send(t, wire.Frame{Type: wire.TypeSend, Conv: conv, CID: "m" + string(rune('a'+i)), Body: "hi"})
		conv = v.Expect(t, wire.TypeAck).Conv
	}
	t.Run("the 21st message in a minute is refused with its cid and a wait", func(t *testing.T) {
		v.Send(t, wire.Frame{Type: wire.TypeSend, Conv: conv, CID: "over", Body: "hi"})
		e := v.Expect(t, wire.TypeError)
		if e.Error.Code != wire.CodeRateLimited || e.Error.CID != "over" || !strings.Contains(e.Error.Message, "wait") {
			t.Fatalf("got %+v", e.Error)
		}
	})
	t.Run("the same message goes through once the wait is over", func(t *testing.T) {
		clk.advance(3 * time.Second)
		v.Send(t, wire.Frame{Type: wire.TypeSend, Conv: conv, CID: "over", Body: "hi"})
		if a := v.Expect(t, wire.TypeAck); a.CID != "over" {
			t.Fatalf("got %+v", a)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	srv := testserver.Start(t)
	get := func(path string) http.Header {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.Header
	}
	t.Run("the agent app cannot be framed and loads scripts only from here", func(t *testing.T) {
		h := get("/agent/")
		csp := h.Get("Content-Security-Policy")
		if h.Get("X-Frame-Options") != "DENY" || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval'") {
			t.Fatalf("headers %v", h)
		}
	})
	t.Run("the widget page may be framed only by the site's origins", func(t *testing.T) {
		csp := get("/w/?site=" + srv.SiteKey).Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'self' "+srv.URL) || strings.Contains(csp, "*") {
			t.Fatalf("csp %q", csp)
		}
	})
	t.Run("every response says nosniff", func(t *testing.T) {
		if get("/healthz").Get("X-Content-Type-Options") != "nosniff" {
			t.Fatal("missing nosniff")
		}
	})
}

func TestWidgetJSOnTheWire(t *testing.T) {
	srv := testserver.Start(t)
	req, _ := http.NewRequest("GET", srv.URL+"/widget.js", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.Header.Get("Content-Encoding") != "gzip" || len(body) > 4096 {
		t.Fatalf("widget.js: %s, %d bytes on the wire; budget 4096 gzipped", res.Header.Get("Content-Encoding"), len(body))
	}
	t.Logf("widget.js on the wire: %d bytes gzip", len(body))
}
