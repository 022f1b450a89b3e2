//go:build !js

// The browser test drives Chromium from the host: never built for the wasm
// target, so that `GOOS=js GOARCH=wasm go vet ./widget/...` covers the
// whole widget tree.

package loader

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const chromiumPath = "/usr/bin/chromium"

// stubWidget is what the iframe at /w/ does in production, reduced to the
// postMessage contract: it posts "ready", reports every message the page sends
// to the test (POST /log), echoes each one back as a "message" event, turns
// Escape into "close", and posts whatever the test queues (GET /next, a long
// poll). It checks the page's origin like the real widget must.
const stubWidget = `<!doctype html><meta charset=utf-8><title>stub</title><script>
const origin = new URLSearchParams(location.search).get('origin');
const send = m => parent.postMessage(m, origin);
// One report at a time, so the test sees messages in the order they came.
let reports = Promise.resolve();
const log = m => { reports = reports.then(() => fetch('/log', {method: 'POST', body: JSON.stringify(m)})); };
addEventListener('message', e => {
  if (e.origin !== origin || e.source !== parent || !e.data || e.data.comptoir !== 1) return;
  log(e.data);
  send({comptoir: 1, type: 'message', message: {echo: e.data.type}});
});
addEventListener('keydown', e => {
  if (e.key !== 'Escape') return;
  log({type: 'escape pressed in the iframe'});
  send({comptoir: 1, type: 'close'});
});
(async () => {
  for (;;) {
    const r = await fetch('/next');
    if (r.status !== 200) return;
    send(await r.json());
  }
})();
send({comptoir: 1, type: 'ready'});
</script>`

// productPage carries JSON-LD the way big shops write it (an @graph, offers as
// an array, image as an array of ImageObject) and uses the queue snippet before
// the tag, so the calls below run before the loader exists.
const productPage = `<!doctype html><html lang="en-GB"><head><meta charset=utf-8><title>Blue mug – Shop</title>
<meta property="og:title" content="Not this one: JSON-LD wins">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebPage","name":"Blue mug page"},
 {"@type":["Product","Thing"],"name":"Blue mug","sku":"MUG-1","url":"https://shop.example/mug",
  "image":[{"@type":"ImageObject","url":"https://shop.example/mug.jpg"}],
  "offers":[{"@type":"Offer","price":12.5,"priceCurrency":"EUR"}]}]}</script>
<script>
window.Comptoir=window.Comptoir||function(){(Comptoir.q=Comptoir.q||[]).push(arguments)};
window.events = [];
Comptoir('on', 'open', () => events.push('open'));
Comptoir('on', 'close', () => events.push('close'));
Comptoir('on', 'ready', () => events.push('ready'));
Comptoir('on', 'unread', n => events.push('unread:' + n));
Comptoir('on', 'message', m => events.push('message:' + m.echo));
Comptoir('identify', {id: 42, name: 'Ada', email: 'ada@example.com', plan: 'gold', tags: ['a', 'b']});
</script>
<script src="%s/widget.js" data-site="pk_test" async></script>
</head><body><h1>Blue mug</h1><p>A mug.</p></body></html>`

// ogPage has only OpenGraph product tags and a French page language.
const ogPage = `<!doctype html><html lang="fr"><head><meta charset=utf-8><title>Tasse rouge</title>
<meta property="og:type" content="product">
<meta property="og:title" content="Tasse rouge">
<meta property="og:image" content="https://shop.example/tasse.jpg">
<meta property="og:url" content="https://shop.example/tasse">
<meta property="product:price:amount" content="9.90">
<meta property="product:price:currency" content="EUR">
</head><body><h1>Tasse rouge</h1>
<script src="%s/widget.js" data-site="pk_test" data-color="#0a7" async></script>
</body></html>`

// mainEntityPage has a broken JSON-LD block first, then a product under
// mainEntity with an AggregateOffer and a plain string image.
const mainEntityPage = `<!doctype html><html lang="de-AT"><head><meta charset=utf-8><title>Becher</title>
<script type="application/ld+json">{ not json</script>
<script type="application/ld+json">{"@type":"WebPage","mainEntity":{"@type":"http://schema.org/Product","name":"  Becher  ",
 "image":"https://shop.example/becher.jpg","offers":{"@type":"AggregateOffer","lowPrice":"5.00","priceCurrency":"CHF"}}}</script>
<script src="%s/widget.js" data-site="pk_test" async></script>
</head><body></body></html>`

// comptoirStub is the Comptoir origin: widget.js and a stub /w/.
type comptoirStub struct {
	*httptest.Server
	frameLoads atomic.Int32
	frames     chan url.Values     // query of each /w/ load
	received   chan map[string]any // page → iframe messages, in order
	commands   chan string         // iframe → page messages to post
	closing    chan struct{}       // ends the long polls, so that Close does not wait on them
}

// Close ends the pending long polls, then stops the server.
func (s *comptoirStub) Close() {
	close(s.closing)
	s.Server.Close()
}

func newComptoirStub(t *testing.T) *comptoirStub {
	s := &comptoirStub{
		frames:   make(chan url.Values, 8),
		received: make(chan map[string]any, 64),
		commands: make(chan string, 8),
		closing:  make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /widget.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(Script)
	})
	mux.HandleFunc("GET /w/", func(w http.ResponseWriter, r *http.Request) {
		s.frameLoads.Add(1)
		s.frames <- r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, stubWidget)
	})
	mux.HandleFunc("POST /log", func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			t.Errorf("stub /log: %v", err)
			return
		}
		s.received <- m
	})
	mux.HandleFunc("GET /next", func(w http.ResponseWriter, r *http.Request) {
		select {
		case c := <-s.commands:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, c)
		case <-r.Context().Done():
		case <-s.closing:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	s.Server = httptest.NewServer(mux)
	return s
}

// waitMessage returns the first message of the given type the stub receives,
// skipping others.
func (s *comptoirStub) waitMessage(t *testing.T, typ string) map[string]any {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case m := <-s.received:
			if m["type"] == typ {
				return m
			}
		case <-deadline:
			t.Fatalf("the stub widget received no %q message", typ)
			return nil
		}
	}
}

func (s *comptoirStub) waitFrame(t *testing.T) url.Values {
	t.Helper()
	select {
	case q := <-s.frames:
		return q
	case <-time.After(5 * time.Second):
		t.Fatal("no request for /w/")
		return nil
	}
}

func TestLoaderInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required in CI: %v", err)
		}
		t.Skipf("no browser: %v", err)
	}
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser test skipped in -short mode (never in CI)")
	}

	comptoir := newComptoirStub(t)
	defer comptoir.Close()
	shopMux := http.NewServeMux()
	shopMux.HandleFunc("GET /product", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, productPage, comptoir.URL)
	})
	shopMux.HandleFunc("GET /fr", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, ogPage, comptoir.URL)
	})
	shopMux.HandleFunc("GET /de", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, mainEntityPage, comptoir.URL)
	})
	shop := httptest.NewServer(shopMux)
	defer shop.Close()

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 768),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The browser must stop before the servers close: the stub's long poll
	// holds a request open.
	defer chromedp.Cancel(ctx)

	// Anything thrown on the shop page is a failure: the loader must never
	// throw into it. Warnings are shown to help debugging.
	var mu sync.Mutex
	var thrown []string
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			mu.Lock()
			thrown = append(thrown, ev.ExceptionDetails.Text+" "+describe(ev.ExceptionDetails.Exception))
			mu.Unlock()
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, describe(a))
			}
			t.Logf("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range thrown {
			t.Errorf("exception on the page: %s", e)
		}
	}()

	eval := func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return v
	}

	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(shop.URL+"/product")); err != nil {
		t.Fatal(err)
	}
	t.Logf("browser up and page loaded in %v", time.Since(start))

	launcher := waitButton(t, ctx, func(b axButton) bool { return b.name == "Open chat" })
	if launcher.expanded {
		t.Error("launcher is expanded before any click")
	}

	t.Run("nothing heavy loads before the shopper comes near", func(t *testing.T) {
		if n := comptoir.frameLoads.Load(); n != 0 {
			t.Errorf("%d requests to /w/ before any hover", n)
		}
		if f := findIframe(t, ctx); f != nil {
			t.Errorf("an iframe exists before any hover: %v", f.Attributes)
		}
	})

	t.Run("hover preloads the iframe, hidden, and the context follows ready", func(t *testing.T) {
		x, y := center(t, ctx, launcher.backend)
		if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y)); err != nil {
			t.Fatal(err)
		}
		q := comptoir.waitFrame(t)
		if q.Get("site") != "pk_test" || q.Get("lang") != "en" || q.Get("origin") != shop.URL {
			t.Errorf("iframe query = %v, want site=pk_test lang=en origin=%s", q, shop.URL)
		}
		ctxMsg := comptoir.waitMessage(t, "context")
		page, _ := ctxMsg["page"].(map[string]any)
		product, _ := page["product"].(map[string]any)
		want := map[string]any{"name": "Blue mug", "price": "12.5", "currency": "EUR", "sku": "MUG-1",
			"image": "https://shop.example/mug.jpg", "url": "https://shop.example/mug"}
		for k, v := range want {
			if product[k] != v {
				t.Errorf("context product.%s = %v, want %v (message %v)", k, product[k], v, ctxMsg)
			}
		}
		if page["url"] != shop.URL+"/product" || page["title"] != "Blue mug – Shop" || page["lang"] != "en-GB" {
			t.Errorf("context page = %v", page)
		}
		id := comptoir.waitMessage(t, "identify")
		contact, _ := id["contact"].(map[string]any)
		attrs, _ := contact["attributes"].(map[string]any)
		if contact["name"] != "Ada" || contact["email"] != "ada@example.com" ||
			attrs["id"] != "42" || attrs["plan"] != "gold" || attrs["tags"] != `["a","b"]` || len(attrs) != 3 {
			t.Errorf("identify contact = %v", contact)
		}
		b := waitButton(t, ctx, func(b axButton) bool { return b.name == "Open chat" })
		if b.expanded {
			t.Error("hover opened the panel")
		}
	})

	t.Run("click opens the panel and fires the open event", func(t *testing.T) {
		x, y := center(t, ctx, launcher.backend)
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
			t.Fatal(err)
		}
		comptoir.waitMessage(t, "open")
		b := waitButton(t, ctx, func(b axButton) bool { return b.name == "Close chat" })
		if !b.expanded {
			t.Error("aria-expanded is not true after opening")
		}
		f := findIframe(t, ctx)
		if f == nil {
			t.Fatal("no iframe after click")
		}
		src, _ := url.Parse(attr(f, "src"))
		if src == nil || src.Path != "/w/" || src.Query().Get("site") != "pk_test" ||
			src.Query().Get("lang") != "en" || src.Query().Get("origin") != shop.URL {
			t.Errorf("iframe src = %q", attr(f, "src"))
		}
		if attr(f, "title") != "Chat" || attr(f, "allow") != "clipboard-write" {
			t.Errorf("iframe attributes = %v", f.Attributes)
		}
		waitEval(t, ctx, `events.includes('open') && events.includes('ready') && events.includes('message:open')`)
	})

	t.Run("unread badge from the iframe, forged messages ignored", func(t *testing.T) {
		// Same shape, wrong source and origin: the page itself posting.
		eval(`window.postMessage({comptoir: 1, type: 'unread', count: 9}, '*'), 1`)
		comptoir.commands <- `{"comptoir":1,"type":"unread","count":2}`
		b := waitButton(t, ctx, func(b axButton) bool { return b.description == "2 unread messages" })
		if b.name != "Close chat" {
			t.Errorf("name = %q", b.name)
		}
		if got := eval(`events.filter(e => e.startsWith('unread')).join()`); got != "unread:2" {
			t.Errorf("unread events = %v, want only unread:2", got)
		}
	})

	t.Run("escape closes and focus returns to the launcher", func(t *testing.T) {
		// Opening moved focus into the iframe, so the widget sees this key.
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
			t.Fatal(err)
		}
		comptoir.waitMessage(t, "escape pressed in the iframe")
		b := waitButton(t, ctx, func(b axButton) bool { return b.name == "Open chat" })
		if b.expanded || !b.focused {
			t.Errorf("after Escape: expanded=%v focused=%v, want false, true", b.expanded, b.focused)
		}
		waitEval(t, ctx, `events.includes('close')`)
		// With focus on the shop page, the loader itself handles Escape.
		eval(`Comptoir('open'), document.activeElement.blur(), 1`)
		waitButton(t, ctx, func(b axButton) bool { return b.name == "Close chat" })
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
			t.Fatal(err)
		}
		b = waitButton(t, ctx, func(b axButton) bool { return b.name == "Open chat" })
		if b.focused {
			t.Error("closing from the page moved focus to the launcher")
		}
	})

	t.Run("API misuse warns and never throws", func(t *testing.T) {
		if got := eval(`Comptoir('nope'), Comptoir('on', 'nope', 1), Comptoir(), Comptoir('identify', null), 'ok'`); got != "ok" {
			t.Errorf("got %v", got)
		}
		if got := eval(`typeof Comptoir.q + ' ' + Object.keys(window).filter(k => /comptoir/i.test(k)).join()`); got != "undefined Comptoir" {
			t.Errorf("globals: %v", got)
		}
	})

	t.Run("returning shopper gets the iframe without hover, OpenGraph product, French", func(t *testing.T) {
		comptoir.commands <- `{"comptoir":1,"type":"active"}`
		waitEval(t, ctx, `localStorage.getItem('comptoir:active:pk_test') === '1'`)
		if err := chromedp.Do(ctx, chromedp.Navigate(shop.URL+"/fr")); err != nil {
			t.Fatal(err)
		}
		waitButton(t, ctx, func(b axButton) bool { return b.name == "Ouvrir le chat" })
		q := comptoir.waitFrame(t)
		if q.Get("lang") != "fr" {
			t.Errorf("lang = %q", q.Get("lang"))
		}
		page, _ := comptoir.waitMessage(t, "context")["page"].(map[string]any)
		product, _ := page["product"].(map[string]any)
		if product["name"] != "Tasse rouge" || product["price"] != "9.90" || product["currency"] != "EUR" ||
			product["image"] != "https://shop.example/tasse.jpg" || product["url"] != "https://shop.example/tasse" {
			t.Errorf("OpenGraph product = %v", product)
		}
	})

	t.Run("SPA navigation sends the context again", func(t *testing.T) {
		eval(`document.title = 'Autre', history.pushState({}, '', '/fr/autre'), 1`)
		page, _ := comptoir.waitMessage(t, "context")["page"].(map[string]any)
		if page["url"] != shop.URL+"/fr/autre" || page["title"] != "Autre" {
			t.Errorf("context after pushState = %v", page)
		}
	})

	t.Run("mainEntity, AggregateOffer and bad JSON-LD, German", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(shop.URL+"/de")); err != nil {
			t.Fatal(err)
		}
		waitButton(t, ctx, func(b axButton) bool { return b.name == "Chat öffnen" })
		page, _ := comptoir.waitMessage(t, "context")["page"].(map[string]any)
		product, _ := page["product"].(map[string]any)
		if product["name"] != "Becher" || product["price"] != "5.00" || product["currency"] != "CHF" ||
			product["image"] != "https://shop.example/becher.jpg" || len(product) != 4 {
			t.Errorf("product = %v", product)
		}
	})
	t.Logf("browser test took %v", time.Since(start))
}

// axButton is a button as assistive technologies see it.
type axButton struct {
	name, description string
	expanded, focused bool
	backend           cdp.BackendNodeID
}

// waitButton polls the accessibility tree (which sees into closed shadow
// roots) until a button matches.
func waitButton(t *testing.T, ctx context.Context, match func(axButton) bool) axButton {
	t.Helper()
	var seen []axButton
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		res, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			t.Fatal(err)
		}
		seen = seen[:0]
		for _, n := range res.Nodes {
			if n.Ignored || axString(n.Role) != "button" {
				continue
			}
			b := axButton{name: axString(n.Name), description: axString(n.Description), backend: n.BackendDOMNodeID}
			for _, p := range n.Properties {
				switch p.Name {
				case accessibility.PropertyNameExpanded:
					b.expanded = axString(p.Value) == "true"
				case accessibility.PropertyNameFocused:
					b.focused = axString(p.Value) == "true"
				}
			}
			if match(b) {
				return b
			}
			seen = append(seen, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no matching button; buttons: %+v", seen)
	return axButton{}
}

func axString(v *accessibility.Value) string {
	if v == nil || len(v.Value) == 0 {
		return ""
	}
	var x any
	if err := json.Unmarshal(v.Value, &x); err != nil {
		return string(v.Value)
	}
	return fmt.Sprint(x)
}

// waitEval polls a JavaScript condition on the shop page.
func waitEval(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		if ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("still false after 5s: %s", js)
}

// center is the middle of a node's content box, in viewport pixels.
func center(t *testing.T, ctx context.Context, id cdp.BackendNodeID) (float64, float64) {
	t.Helper()
	res, err := chromedp.Call(ctx, dom.GetBoxModel, dom.GetBoxModelParams{BackendNodeID: id})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Model.Content
	return (q[0] + q[2] + q[4] + q[6]) / 4, (q[1] + q[3] + q[5] + q[7]) / 4
}

// findIframe walks the whole DOM, closed shadow roots included.
func findIframe(t *testing.T, ctx context.Context) *cdp.Node {
	t.Helper()
	depth, pierce := int64(-1), true
	res, err := chromedp.Call(ctx, dom.GetDocument, dom.GetDocumentParams{Depth: &depth, Pierce: &pierce})
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *cdp.Node) *cdp.Node
	walk = func(n *cdp.Node) *cdp.Node {
		if n == nil {
			return nil
		}
		if n.NodeName == "IFRAME" {
			return n
		}
		for _, group := range [][]*cdp.Node{n.ShadowRoots, n.Children} {
			for _, c := range group {
				if f := walk(c); f != nil {
					return f
				}
			}
		}
		return nil
	}
	return walk(res.Root)
}

func attr(n *cdp.Node, name string) string {
	for i := 0; i+1 < len(n.Attributes); i += 2 {
		if n.Attributes[i] == name {
			return n.Attributes[i+1]
		}
	}
	return ""
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if len(o.Value) > 0 {
		return string(o.Value)
	}
	return o.Description
}
