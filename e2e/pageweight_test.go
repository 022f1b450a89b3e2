package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
)

// pageWeightRuns is how many times each variant is loaded; the figures
// written down are the medians.
const pageWeightRuns = 5

// startWeighedShop serves the demo product page twice, from an origin the
// site allows: /with carries Comptoir's script tag, /without is the same
// page minus that one line.
func startWeighedShop(t *testing.T, srv *testserver.Server) (with, without string) {
	t.Helper()
	return startWeighedShopOf(t, srv, srv.URL)
}

// startWeighedShopOf is startWeighedShop with the script tag loading
// widget.js from comptoir, an address that leads to srv.
func startWeighedShopOf(t *testing.T, srv *testserver.Server, comptoir string) (with, without string) {
	t.Helper()
	withTag := fmt.Sprintf(productPage, html.EscapeString(comptoir), html.EscapeString(srv.SiteKey))
	var lines []string
	for _, l := range strings.Split(withTag, "\n") {
		if !strings.Contains(l, "/widget.js") {
			lines = append(lines, l)
		}
	}
	withoutTag := strings.Join(lines, "\n")
	if withoutTag == withTag {
		t.Fatal("the product page has no script tag to take out")
	}
	mux := http.NewServeMux()
	for path, body := range map[string]string{"/with": withTag, "/without": withoutTag} {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	shop := httptest.NewServer(mux)
	t.Cleanup(shop.Close)
	if _, err := srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) {
		s.AllowedOrigins = append(s.AllowedOrigins, shop.URL)
	}); err != nil {
		t.Fatalf("allow the shop's origin: %v", err)
	}
	return shop.URL + "/with", shop.URL + "/without"
}

// longTaskObserver runs in the top page before any of its scripts and keeps
// the duration of every task that held the main thread over 50 ms.
const longTaskObserver = `if (window === window.top) {
	window.e2eLongTasks = [];
	try {
		new PerformanceObserver(l => { for (const e of l.getEntries()) window.e2eLongTasks.push(e.duration); })
			.observe({type: 'longtask', buffered: true});
	} catch (e) { window.e2eLongTasks = null; }
}`

// wireBytes adds up what a tab received over the network, headers
// included, from DevTools' own accounting. Resource Timing's transferSize
// would read 0 for widget.js: it comes from another origin that sends no
// Timing-Allow-Origin.
type wireBytes struct {
	mu    sync.Mutex
	bytes map[string]float64 // by URL
	urls  map[network.RequestID]string
}

func countBytes(t *testing.T, tb *tab) *wireBytes {
	t.Helper()
	b := &wireBytes{bytes: map[string]float64{}, urls: map[network.RequestID]string{}}
	err := chromedp.Listen(tb.ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.urls[ev.RequestID] = ev.Request.URL
		case *network.EventLoadingFinished:
			b.bytes[b.urls[ev.RequestID]] += ev.EncodedDataLength
		}
	})
	if err != nil {
		t.Fatalf("%s: listen to the network: %v", tb.name, err)
	}
	return b
}

func (b *wireBytes) total() (sum float64, byURL map[string]float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	byURL = map[string]float64{}
	for u, n := range b.bytes {
		sum += n
		byURL[u] = n
	}
	return sum, byURL
}

// pageLoad is what one cold load of the product page cost.
type pageLoad struct {
	loadEvent  float64 // ms from navigation start to the end of the load event
	domContent float64 // ms to the end of DOMContentLoaded
	longTasks  int
	blocking   float64  // ms: sum over long tasks of their time past 50 ms
	taskTime   float64  // ms the page's main thread spent in tasks (DevTools' TaskDuration)
	scriptTime float64  // ms of that spent running script
	bytes      float64  // bytes received, headers included
	loader     float64  // of which widget.js
	requests   []string // besides the page itself
	sockets    []string
	frames     int
}

// loadCold opens url in a fresh browser context with the cache off,
// waits for the load event and then for the network to stay quiet for half
// a second (whatever the page fetches on its own has been asked for by
// then), and reads the costs.
func loadCold(t *testing.T, tb *tab, url string) pageLoad {
	t.Helper()
	bytes := countBytes(t, tb)
	if _, err := chromedp.Call(tb.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		tb.fatalf("disable the cache: %v", err)
	}
	if _, err := chromedp.Call(tb.ctx, performance.Enable, performance.EnableParams{}); err != nil {
		tb.fatalf("enable performance metrics: %v", err)
	}
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: longTaskObserver}); err != nil {
		tb.fatalf("install the long task observer: %v", err)
	}
	tb.do(chromedp.Navigate(url))
	waitTrue(t, "load event", func() (bool, error) {
		return tryEval[bool](tb, `(performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? 0) > 0`)
	})
	waitQuiet(t, tb)

	var l pageLoad
	nav := eval[[]float64](tb, `(n => [n.loadEventEnd, n.domContentLoadedEventEnd])(performance.getEntriesByType('navigation')[0])`)
	l.loadEvent, l.domContent = nav[0], nav[1]
	long := eval[[]float64](tb, `window.e2eLongTasks ?? [-1]`)
	if slices.Contains(long, -1) {
		tb.fatalf("this Chromium has no long task timing")
	}
	for _, d := range long {
		l.longTasks++
		l.blocking += max(0, d-50)
	}
	m, err := chromedp.Call(tb.ctx, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		tb.fatalf("performance metrics: %v", err)
	}
	for _, x := range m.Metrics {
		switch x.Name {
		case "TaskDuration":
			l.taskTime = x.Value * 1000
		case "ScriptDuration":
			l.scriptTime = x.Value * 1000
		}
	}
	// Chromium's own favicon probe is not the page's doing.
	favicon := func(u string) bool { return strings.HasSuffix(u, "/favicon.ico") }
	_, byURL := bytes.total()
	for u, n := range byURL {
		if !favicon(u) {
			l.bytes += n
		}
		if strings.HasSuffix(u, "/widget.js") {
			l.loader += n
		}
	}
	reqs, sockets := tb.seen()
	for _, u := range reqs {
		if u != url && !favicon(u) {
			l.requests = append(l.requests, u)
		}
	}
	l.sockets = sockets
	l.frames = countChildFrames(t, tb)
	return l
}

// waitQuiet waits until the tab has made no new request for half a second.
func waitQuiet(t *testing.T, tb *tab) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for last, quietSince := -1, time.Now(); ; time.Sleep(50 * time.Millisecond) {
		requests, _ := tb.seen()
		if len(requests) != last {
			last, quietSince = len(requests), time.Now()
		} else if time.Since(quietSince) >= 500*time.Millisecond {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page never stops making requests: %q", requests)
		}
	}
}

// TestPageWeightOfTheScriptTag loads the demo product page cold, without
// and with Comptoir's script tag, pageWeightRuns times each (alternating,
// each in a fresh browser context), and logs what the tag costs the shop:
// load event, main-thread blocking and task time, bytes and requests.
// Timings vary with the machine and are recorded, not asserted; what is
// exact is asserted: the tag adds one request (widget.js) and no frame and
// no socket before the shopper comes near the launcher.
func TestPageWeightOfTheScriptTag(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	withURL, withoutURL := startWeighedShop(t, srv)
	browser := startBrowser(t)

	loads := map[string][]pageLoad{}
	for i := range pageWeightRuns {
		for _, v := range []struct{ name, url string }{{"without", withoutURL}, {"with", withURL}} {
			// A subtest per load, so each tab (and its browser context)
			// closes as soon as it has been measured.
			t.Run(fmt.Sprintf("%s tag %d", v.name, i+1), func(t *testing.T) {
				tb := newTab(t, browser, v.name)
				l := loadCold(t, tb, v.url)
				tb.noExceptions()
				loads[v.name] = append(loads[v.name], l)
			})
		}
	}
	if t.Failed() {
		return
	}

	for i := range pageWeightRuns {
		without, with := loads["without"][i], loads["with"][i]
		if len(without.requests) != 0 {
			t.Errorf("run %d: the page without the tag requested %q besides itself, want nothing", i+1, without.requests)
		}
		if !slices.Equal(with.requests, []string{srv.URL + "/widget.js"}) {
			t.Errorf("run %d: the tag added requests %q, want exactly %s", i+1, with.requests, srv.URL+"/widget.js")
		}
		// widget.js's size on the wire is checked exactly in
		// server/web (TestLoaderIsSentCompressed).
		if len(with.sockets) != 0 || with.frames != 0 {
			t.Errorf("run %d: with the tag, %d WebSockets and %d iframes before any interaction, want none", i+1, len(with.sockets), with.frames)
		}
	}

	type row struct {
		name string
		get  func(pageLoad) float64
		unit string
	}
	rows := []row{
		{"load event end", func(l pageLoad) float64 { return l.loadEvent }, "ms"},
		{"DOMContentLoaded end", func(l pageLoad) float64 { return l.domContent }, "ms"},
		{"long tasks (> 50 ms)", func(l pageLoad) float64 { return float64(l.longTasks) }, ""},
		{"blocking time (long tasks past 50 ms)", func(l pageLoad) float64 { return l.blocking }, "ms"},
		{"main-thread task time", func(l pageLoad) float64 { return l.taskTime }, "ms"},
		{"of which script", func(l pageLoad) float64 { return l.scriptTime }, "ms"},
		{"bytes received (headers included)", func(l pageLoad) float64 { return l.bytes }, "B"},
		{"of which widget.js", func(l pageLoad) float64 { return l.loader }, "B"},
		{"requests (page included, favicon probe not)", func(l pageLoad) float64 { return float64(1 + len(l.requests)) }, ""},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cold load of the demo product page, median of %d runs each (all runs in brackets)\n", pageWeightRuns)
	fmt.Fprintf(&b, "%-44s %12s %12s %12s\n", "", "without tag", "with tag", "difference")
	for _, r := range rows {
		var wo, wi []float64
		for i := range pageWeightRuns {
			wo = append(wo, r.get(loads["without"][i]))
			wi = append(wi, r.get(loads["with"][i]))
		}
		mo, mi := median(wo), median(wi)
		fmt.Fprintf(&b, "%-44s %12s %12s %12s   [%s | %s]\n", r.name, figure(mo, r.unit), figure(mi, r.unit),
			figure(mi-mo, r.unit), figures(wo), figures(wi))
	}
	t.Log("\n" + b.String())
}

// TestPageWeightClickToUsableWidget measures, in fresh browser contexts,
// how long a shopper waits from reaching the launcher to a widget they can
// type in and that is online: first with an empty cache, then, after that
// full open, again on a reload of the page with the cache warm. Both are
// recorded, not asserted.
func TestPageWeightClickToUsableWidget(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	withURL, _ := startWeighedShop(t, srv)
	cold, warm := measureOpens(t, withURL, srv.URL+"/w/")
	if t.Failed() {
		return
	}
	t.Log(openReport(cold, warm))
}

// measureOpens opens the widget on the shop's page pageURL in pageWeightRuns
// fresh browser contexts, each time with an empty cache and again after a
// reload, and returns when each step of those opens ended.
func measureOpens(t *testing.T, pageURL, widgetURL string) (cold, warm []openTimes) {
	t.Helper()
	browser := startBrowser(t)
	for i := range pageWeightRuns {
		t.Run(fmt.Sprintf("open %d", i+1), func(t *testing.T) {
			tb := newTab(t, browser, "shopper")
			installUsableClock(t, tb)
			tb.do(chromedp.Navigate(pageURL))
			cold = append(cold, clickToUsable(t, tb, widgetURL))

			tb.do(chromedp.Reload())
			if n := countChildFrames(t, tb); n != 0 {
				// A shopper who never wrote gets no preloaded frame: the
				// warm figure below includes making the iframe.
				t.Logf("a frame is already there after the reload (%d)", n)
			}
			warm = append(warm, clickToUsable(t, tb, widgetURL))
			tb.noExceptions()
		})
	}
	return cold, warm
}

// openReport prints click-to-usable figures, first and warm opens, and
// where the time went.
func openReport(cold, warm []openTimes) string {
	usable := func(o openTimes) float64 { return o.usable }
	s := fmt.Sprintf("\nclick to usable widget (composer enabled and online), %d runs each\n%-28s %10s   [%s]\n%-28s %10s   [%s]",
		len(cold), "first open, empty cache", figure(median(each(cold, usable)), "ms"), figures(each(cold, usable)),
		"after a reload, warm cache", figure(median(each(warm, usable)), "ms"), figures(each(warm, usable)))
	s += "\nwhere the time went, ms from the pointer reaching the launcher (medians)\n" +
		fmt.Sprintf("%-28s %10s %10s %10s %10s %10s %10s\n", "", "frame", "its DOM", "wasm from", "wasm to", "drawn", "usable")
	for _, r := range []struct {
		name string
		runs []openTimes
	}{{"first open, empty cache", cold}, {"after a reload, warm cache", warm}} {
		s += fmt.Sprintf("%-28s", r.name)
		for _, f := range []func(openTimes) float64{
			func(o openTimes) float64 { return o.frame }, func(o openTimes) float64 { return o.frameLoaded },
			func(o openTimes) float64 { return o.wasmStart }, func(o openTimes) float64 { return o.wasmEnd },
			func(o openTimes) float64 { return o.drawn }, usable,
		} {
			s += fmt.Sprintf(" %10.0f", median(each(r.runs, f)))
		}
		s += "\n"
	}
	return s
}

// openTimes is when each step of opening the widget ended, in ms from the
// pointer reaching the launcher: the frame's document started, its DOM
// loaded, its wasm requested and received, the composer drawn, and the
// widget usable (enabled and online).
type openTimes struct {
	frame, frameLoaded, wasmStart, wasmEnd, drawn, usable float64
}

func each(runs []openTimes, f func(openTimes) float64) []float64 {
	var out []float64
	for _, o := range runs {
		out = append(out, f(o))
	}
	return out
}

// installUsableClock makes every new document of the tab note two times,
// on the page's clock (performance.timeOrigin + now, comparable across the
// page and its frame): in the top page, when the pointer first reaches an
// element; in the widget's frame, when the composer is there, enabled, and
// the header says online. Both run in an isolated world of their own, so
// the apps and the shop see nothing of them.
func installUsableClock(t *testing.T, tb *tab) {
	t.Helper()
	const src = `(() => {
	const now = () => String(performance.timeOrigin + performance.now());
	if (window === window.top) {
		const touch = () => { document.documentElement.dataset.e2eTouchAt ??= now(); };
		addEventListener('pointerover', touch, true);
		addEventListener('pointerdown', touch, true);
		return;
	}
	if (!location.pathname.startsWith('/w/')) return;
	const check = () => {
		const d = document.documentElement;
		if (!d || d.dataset.e2eUsableAt) return;
		const box = document.getElementById('cpt-input');
		if (box) d.dataset.e2eDrawnAt ??= now();
		if (box && !box.disabled && document.querySelector('.cpt-status--online')) {
			d.dataset.e2eUsableAt = now();
			// Where the time went, on the same clock: the frame's document,
			// and its wasm's download (from the cache or not).
			const at = (x) => String(performance.timeOrigin + x);
			const nav = performance.getEntriesByType('navigation')[0];
			const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
			d.dataset.e2eFrameStartAt = at(0);
			if (nav) d.dataset.e2eFrameLoadedAt = at(nav.domContentLoadedEventEnd);
			if (wasm) {
				d.dataset.e2eWasmStartAt = at(wasm.startTime);
				d.dataset.e2eWasmEndAt = at(wasm.responseEnd);
			}
		}
	};
	new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
})()`
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: src, WorldName: "e2e-clock"}); err != nil {
		tb.fatalf("install the clock: %v", err)
	}
}

// clickToUsable clicks the launcher and returns the milliseconds from the
// pointer reaching it to a usable, online widget, and to each step before.
func clickToUsable(t *testing.T, tb *tab, widgetURL string) openTimes {
	t.Helper()
	_, socketsBefore := tb.seen()
	launcher := tb.ax("", "button", "Open chat")
	tb.click(launcher)
	frame := tb.frame(widgetURL)
	usable := framePoll[string](tb, frame, "usable widget", `document.documentElement.dataset.e2eUsableAt ?? ''`)
	// The person's view of the same thing: a textbox named Message.
	if box := tb.ax(frame, "textbox", "Message"); box.props["disabled"] == "true" {
		tb.fatalf("the message box is disabled")
	}
	touched := eval[string](tb, `document.documentElement.dataset.e2eTouchAt ?? ''`)
	u, err1 := strconv.ParseFloat(usable, 64)
	c, err2 := strconv.ParseFloat(touched, 64)
	if err1 != nil || err2 != nil || u < c {
		tb.fatalf("bad clock readings: touched %q, usable %q", touched, usable)
	}
	// One socket: the one the frame's page opens while the wasm loads
	// (widget/web/socket.js), taken over by the app rather than doubled.
	if _, sockets := tb.seen(); len(sockets) != len(socketsBefore)+1 || !strings.HasSuffix(sockets[len(sockets)-1], "/ws/visitor") {
		tb.fatalf("opening the widget made sockets %q, want one to /ws/visitor", sockets[len(socketsBefore):])
	}
	step := func(name string) float64 {
		v, err := strconv.ParseFloat(framePoll[string](tb, frame, name, `document.documentElement.dataset.`+name+` ?? ''`), 64)
		if err != nil {
			tb.fatalf("bad clock reading %s: %v", name, err)
		}
		return v - c
	}
	return openTimes{
		frame: step("e2eFrameStartAt"), frameLoaded: step("e2eFrameLoadedAt"),
		wasmStart: step("e2eWasmStartAt"), wasmEnd: step("e2eWasmEndAt"),
		drawn: step("e2eDrawnAt"), usable: u - c,
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func figure(x float64, unit string) string {
	switch unit {
	case "ms":
		return strconv.FormatFloat(x, 'f', 1, 64) + " ms"
	case "B":
		return strconv.FormatFloat(x, 'f', 0, 64) + " B"
	}
	return strconv.FormatFloat(x, 'f', 0, 64)
}

func figures(xs []float64) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, strconv.FormatFloat(x, 'f', 0, 64))
	}
	return strings.Join(parts, " ")
}
