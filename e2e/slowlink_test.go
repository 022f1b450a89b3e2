package e2e

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/testserver"
)

// slowLinkRTT is the round trip of the link TestPageWeightClickToUsableOverASlowLink
// puts between the browser and Comptoir: a phone's, roughly.
const slowLinkRTT = 100 * time.Millisecond

// TestPageWeightClickToUsableOverASlowLink measures click to usable widget
// as TestPageWeightClickToUsableWidget does, with Comptoir's origin behind a
// link of slowLinkRTT (a proxy on loopback that holds every chunk for half
// of it each way, and a round trip for each new connection). Loopback hides
// what a connection's round trips cost; a shopper on a phone pays them.
// Recorded, not asserted.
func TestPageWeightClickToUsableOverASlowLink(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	comptoir := slowLink(t, strings.TrimPrefix(srv.URL, "http://"), slowLinkRTT/2)
	withURL, _ := startWeighedShopOf(t, srv, comptoir)
	cold, warm := measureOpens(t, withURL, comptoir+"/w/")
	if t.Failed() {
		return
	}
	t.Logf("\nover a link of %v round trip:%s", slowLinkRTT, openReport(cold, warm))
}

// slowLink forwards TCP connections to target through a link of 2*oneWay
// round trip, and returns its URL: each chunk read from one side is
// written to the other oneWay later (in order, without holding the next
// ones back), and a new connection waits a round trip, as for its
// handshake.
func slowLink(t *testing.T, target string, oneWay time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				up, err := net.Dial("tcp", target)
				if err != nil {
					c.Close()
					return
				}
				time.Sleep(2 * oneWay)
				go delayed(up, c, oneWay)
				delayed(c, up, oneWay)
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// delayed copies src to dst, each chunk oneWay after it was read, and
// closes dst when src ends.
func delayed(dst, src net.Conn, oneWay time.Duration) {
	type chunk struct {
		due  time.Time
		data []byte
	}
	q := make(chan chunk, 4096)
	go func() {
		defer dst.Close()
		for c := range q {
			time.Sleep(time.Until(c.due))
			if _, err := dst.Write(c.data); err != nil {
				for range q { // drain, so the reader never blocks
				}
				return
			}
		}
	}()
	defer close(q)
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			q <- chunk{time.Now().Add(oneWay), append([]byte(nil), buf[:n]...)}
		}
		if err != nil {
			return
		}
	}
}
