package e2e

import (
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/comptoir/comptoir/server/store"
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
	page := fmt.Sprintf(productPage, html.EscapeString(comptoir), html.EscapeString(srv.SiteKey))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /with", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	shop := httptest.NewServer(mux)
	t.Cleanup(shop.Close)
	if _, err := srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) { s.AllowedOrigins = append(s.AllowedOrigins, shop.URL) }); err != nil {
		t.Fatalf("allow the shop's origin: %v", err)
	}
	browser := startBrowser(t)

	var cold, warm []openTimes
	for i := range pageWeightRuns {
		t.Run(fmt.Sprintf("open %d", i+1), func(t *testing.T) {
			tb := newTab(t, browser, "shopper")
			installUsableClock(t, tb)
			tb.do(chromedp.Navigate(shop.URL + "/with"))
			cold = append(cold, clickToUsable(t, tb, comptoir+"/w/"))
			tb.do(chromedp.Reload())
			warm = append(warm, clickToUsable(t, tb, comptoir+"/w/"))
			tb.noExceptions()
		})
	}
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
