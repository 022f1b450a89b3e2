package e2e

import (
	"encoding/json"
	"fmt"
	"html"
	"image/color"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
)

// xssPayloads are what an attacker types or puts on a page: HTML that runs
// script when parsed, an attribute breakout, a URL scheme that runs script,
// template syntax (a framework that interpolates would print 49), a breakout
// of a text area, and text that reorders itself (right-to-left override)
// next to emoji, which must survive untouched.
var xssPayloads = []string{
	`<img src=x onerror=alert(1)>`,
	`<script>alert(1)</script>`,
	`"><svg onload=alert(1)>`,
	`javascript:alert(1)`,
	`{{7*7}}`,
	`</textarea><script>alert(1)</script>`,
	"שלום 👋🏽 \u202egnp.exe مرحبا 🇫🇷",
}

// xssHostileFile is an uploaded file's name that is markup, and that the
// server keeps as is (no slash, quote or control character to clean).
const xssHostileFile = `<img src=x onerror=alert(1)><svg onload=alert(1)>.png`

// xssAll is every payload in one string, for fields shown as one text.
var xssAll = strings.Join(xssPayloads, " ")

// A hostile shop's data. URL fields carry script URLs; the OpenGraph image
// is an http URL whose query breaks out of an attribute if pasted as HTML.
var (
	xssName    = "Eve " + xssAll
	xssEmail   = `"><img src=x onerror=alert(1)>@example.com`
	xssOGName  = "OG " + xssAll
	xssLDName  = "LD " + xssAll
	xssPrice   = `<img src=x onerror=alert(1)>`
	xssCurr    = `"><svg onload=alert(1)>`
	xssSKU     = `</textarea><script>alert(1)</script>{{7*7}}`
	xssTitle   = "Title " + xssAll
	xssReply   = "Agent " + xssAll
	xssSiteNam = "Shop " + xssPayloads[0]
	xssGreet   = "Hi " + xssPayloads[1] + " " + xssPayloads[4]
)

// xssIdentity is what the page passes to identify(): name, email, and every
// other key becomes an attribute, so keys are payloads too.
func xssIdentity() map[string]string {
	m := map[string]string{"name": xssName, "email": xssEmail}
	for i, p := range xssPayloads[:4] {
		m[p] = xssPayloads[(i+3)%len(xssPayloads)]
	}
	return m
}

// xssAttributes is what the page passes to setAttributes().
func xssAttributes() map[string]string {
	m := map[string]string{"plan": xssAll}
	for i, p := range xssPayloads[4:] {
		m[p] = xssPayloads[i]
	}
	return m
}

// xssAttributesWant is what the agent must see: both calls' attributes.
func xssAttributesWant() map[string]string {
	m := xssAttributes()
	for k, v := range xssIdentity() {
		if k != "name" && k != "email" {
			m[k] = v
		}
	}
	return m
}

// xssOGPage is a product page described by OpenGraph tags only, whose
// script calls identify and setAttributes before the loader arrives (the
// documented queue). Every value is escaped for where it goes in HTML, so
// the shop page itself stays harmless: only an app that turns text back into
// markup could run the payloads. It links to the JSON-LD page.
const xssOGPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%[1]s</title>
<meta property="og:type" content="product">
<meta property="og:title" content="%[2]s">
<meta property="og:image" content="%[3]s">
<meta property="og:url" content="javascript:alert(1)">
<meta property="product:price:amount" content="%[4]s">
<meta property="product:price:currency" content="%[5]s">
<script>
window.Comptoir=window.Comptoir||function(){(Comptoir.q=Comptoir.q||[]).push(arguments)};
Comptoir('identify', %[6]s);
Comptoir('setAttributes', %[7]s);
</script>
</head>
<body>
<h1>A shop</h1>
<a id="next" href="%[8]s">Next product</a>
<script src="%[9]s/widget.js" data-site="%[10]s" async></script>
</body>
</html>
`

// xssLDPage is a product page with schema.org JSON-LD and no title: the
// agent's list of pages then shows its URL, query string and all.
const xssLDPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<script type="application/ld+json">%[1]s</script>
</head>
<body>
<h1>Another product</h1>
<script src="%[2]s/widget.js" data-site="%[3]s" async></script>
</body>
</html>
`

// startHostileShop serves the two hostile pages from an origin of its own,
// listed in the site's allowed origins. The site's own name and greeting,
// set by an admin, carry payloads too.
func startHostileShop(t *testing.T, srv *testserver.Server) string {
	t.Helper()
	q := "?q=" + url.QueryEscape(xssAll)
	// json.Marshal escapes <, > and & as \u003c…, so the JSON is safe
	// inside <script> and JSON.parse gives the payloads back intact.
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	mux := http.NewServeMux()
	var shopURL string
	mux.HandleFunc("GET /og", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		e := html.EscapeString
		image := shopURL + `/img.png?x="><svg onload=alert(1)>`
		fmt.Fprintf(w, xssOGPage, e(xssTitle), e(xssOGName), e(image), e(xssPrice), e(xssCurr),
			js(xssIdentity()), js(xssAttributes()), e("/ld"+q), e(srv.URL), e(srv.SiteKey))
	})
	mux.HandleFunc("GET /ld", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		product := map[string]any{
			"@context": "https://schema.org", "@type": "Product",
			"name": xssLDName, "sku": xssSKU, "image": "javascript:alert(1)", "url": "javascript:alert(1)",
			"offers": map[string]any{"@type": "Offer", "price": xssPrice, "priceCurrency": xssCurr},
		}
		fmt.Fprintf(w, xssLDPage, js(product), html.EscapeString(srv.URL), html.EscapeString(srv.SiteKey))
	})
	shop := httptest.NewServer(mux)
	t.Cleanup(shop.Close)
	shopURL = shop.URL
	_, err := srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) {
		s.AllowedOrigins = append(s.AllowedOrigins, shop.URL)
		s.Name, s.Greeting = xssSiteNam, xssGreet
	})
	if err != nil {
		t.Fatalf("allow the shop's origin: %v", err)
	}
	return shop.URL + "/og" + q
}

// noMarkupFromPayloads is true when nothing in the document came from a
// payload parsed as HTML: no inline event handler, no script URL in a link
// or image, no element the payloads would create, no script holding one.
const noMarkupFromPayloads = `(() => {
	const bad = [...document.querySelectorAll('[onerror], [onload], img[src="x"], svg[onload], ` +
	`a[href^="javascript:" i], img[src^="javascript:" i], iframe[src^="javascript:" i]')]
		.concat([...document.scripts].filter(s => s.textContent.includes('alert(1)')));
	return bad.length === 0 ? '' : bad.map(e => e.outerHTML.slice(0, 120)).join(' | ');
})()`

// TestXSSPayloadsStayText puts hostile strings in every field a shopper or
// a shop page controls — messages, the visitor's name, email, attribute
// keys and values, page titles, URLs and referrers, product data from
// OpenGraph and JSON-LD (script URLs included) — plus an agent's reply and
// the site's name and greeting, and lets both apps render them in real
// Chromium. No dialog may open in the shop page, the widget's frame or the
// agents' app, no payload may become markup, and each must read exactly as
// it was typed wherever it is shown.
func TestXSSPayloadsStayText(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	ogURL := startHostileShop(t, srv)
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")
	watch := watchDialogs(t, shopper, agent)
	widgetURL := srv.URL + "/w/"

	step := steps(t, func(t *testing.T) {
		if d := watch.dialogs(); len(d) != 0 {
			t.Fatalf("%d dialogs opened: %q", len(d), d)
		}
	}, shopper, agent)
	noMarkup := func(t *testing.T, frame cdp.FrameID) {
		t.Helper()
		var bad string
		var err error
		if frame == "" {
			bad, err = tryEval[string](agent, noMarkupFromPayloads)
		} else {
			bad, err = frameEval[string](shopper, frame, noMarkupFromPayloads)
		}
		if err != nil {
			t.Fatalf("inspect the document: %v", err)
		}
		if bad != "" {
			t.Errorf("payloads became markup: %s", bad)
		}
	}
	var frame cdp.FrameID
	var sent []string // every message body, in order

	step("the agent signs in and the dialog watch hears an alert", func(t *testing.T) {
		agent.do(chromedp.Navigate(srv.URL + "/agent/"))
		agent.typeInto(agent.ax("", "textbox", "Email"), testserver.AdminEmail)
		agent.typeInto(agent.ax("", "textbox", "Password"), testserver.AdminPassword)
		agent.click(agent.ax("", "button", "Sign in"))
		agent.poll("empty inbox", `!!document.querySelector('.inbox-empty')`)
		agent.poll("live connection", deskOnline)
		watch.probe(t, agent, "")
	})

	step("the shopper on the hostile page opens the widget and sends every payload", func(t *testing.T) {
		shopper.do(chromedp.Navigate(ogURL))
		if got := eval[string](shopper, `document.title`); got != xssTitle {
			t.Fatalf("the shop page's title is %q, want %q: the test page itself is wrong", got, xssTitle)
		}
		watch.probe(t, shopper, "")
		shopper.click(shopper.ax("", "button", "Open chat"))
		frame = shopper.frame(widgetURL)
		framePoll[bool](shopper, frame, "widget online", widgetOnline)
		watch.probe(t, shopper, frame)
		for _, p := range xssPayloads {
			shopper.typeInto(shopper.ax(frame, "textbox", "Message"), p)
			shopper.click(shopper.ax(frame, "button", "Send"))
			sent = append(sent, p)
			waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, sent...)
		}
		if got, _ := frameEval[string](shopper, frame, `document.querySelector('.cpt-title')?.textContent ?? ''`); got != xssSiteNam {
			t.Errorf("widget title = %q, want the site's name %q", got, xssSiteNam)
		}
		if got, _ := frameEval[string](shopper, frame, `document.querySelector('.cpt-greeting')?.textContent ?? ''`); got != xssGreet {
			t.Errorf("widget greeting = %q, want %q", got, xssGreet)
		}
		noMarkup(t, frame)
	})

	step("the agent's inbox row shows the name and the last payload as text", func(t *testing.T) {
		last := sent[len(sent)-1]
		agent.poll("inbox row", `[...document.querySelectorAll('[id^="row-"]')].some(r =>
			r.querySelector('.row-name')?.textContent === `+jsString(xssName)+` &&
			r.querySelector('.row-preview')?.textContent === `+jsString(last)+`)`)
		noMarkup(t, "")
	})

	step("the conversation view and context panel show every field as text", func(t *testing.T) {
		agent.clickCSS(`[id^="row-"]`)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, sent...)
		if got := eval[string](agent, `document.getElementById('conv-title')?.textContent ?? ''`); got != xssName {
			t.Errorf("conversation title = %q, want %q", got, xssName)
		}
		authors := eval[[]string](agent, `[...document.querySelectorAll('#messages li.msg .msg-author')].map(e => e.textContent)`)
		for _, a := range authors {
			if a != xssName {
				t.Errorf("message author = %q, want %q", a, xssName)
			}
		}
		checkContextPanel(t, agent, xssOGName, xssPrice+" "+xssCurr, "", true)
		checkVisitorCard(t, agent)
		pages := eval[[]string](agent, `[...document.querySelectorAll('.pages li')].map(e => e.textContent)`)
		if !slices.Contains(pages, xssTitle) {
			t.Errorf("pages seen = %q, want the page's title %q among them", pages, xssTitle)
		}
		noMarkup(t, "")
	})

	step("an agent's reply full of payloads reads as typed in both apps", func(t *testing.T) {
		agent.typeInto(agent.ax("", "textbox", "Reply"), xssReply)
		agent.do(chromedp.KeyEvent(kb.Enter))
		sent = append(sent, xssReply)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, sent...)
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, sent...)
		noMarkup(t, frame)
		noMarkup(t, "")
	})

	step("a file whose name is markup is shown by that name, as text, in both apps", func(t *testing.T) {
		name := xssHostileFile
		path := writeFile(t, t.TempDir(), name, pngBytes(t, 12, 12, color.RGBA{G: 160, A: 255}))
		setFiles(shopper, frame, "#cpt-file", path)
		framePoll[bool](shopper, frame, "the chip", `!document.querySelector('.cpt-draft--uploading') && `+
			`document.querySelector('.cpt-draft-name')?.textContent === `+jsString(name))
		shopper.click(shopper.ax(frame, "button", "Send"))
		framePoll[bool](shopper, frame, "the sent picture", `[...document.querySelectorAll('#cpt-log img.cpt-thumb-img')].some(i => i.alt === `+jsString(name)+` && i.complete)`)
		agent.poll("the agent's thumbnail", `[...document.querySelectorAll('#messages img')].some(i => i.alt === `+jsString(name)+` && i.complete)`)
		sent = append(sent, "") // a file alone: no text
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, sent...)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, sent...)
		noMarkup(t, frame)
		noMarkup(t, "")
	})

	step("a JSON-LD product page with script URLs, reached from the hostile page", func(t *testing.T) {
		// A click, so the browser sends the first page, payloads in its
		// query string, as the referrer.
		shopper.clickCSS(`#next`)
		// The page's context is replaced by the navigation: poll from here,
		// retrying through the switch.
		waitTrue(t, "the JSON-LD page", func() (bool, error) {
			return tryEval[bool](shopper, `location.pathname === '/ld' && document.readyState === 'complete'`)
		})
		if got := eval[string](shopper, `document.referrer`); !strings.Contains(got, "/og?q=") {
			t.Fatalf("referrer = %q, want the hostile page", got)
		}
		ldURL := eval[string](shopper, `location.href`)
		shopper.click(shopper.ax("", "button", "Open chat"))
		frame = shopper.frame(widgetURL)
		framePoll[bool](shopper, frame, "widget online", widgetOnline)
		shopper.typeInto(shopper.ax(frame, "textbox", "Message"), xssAll)
		shopper.click(shopper.ax(frame, "button", "Send"))
		sent = append(sent, xssAll)
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, sent...)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, sent...)

		agent.poll("the JSON-LD product", `document.querySelector('.product .product-name')?.textContent === `+jsString(xssLDName))
		checkContextPanel(t, agent, xssLDName, xssPrice+" "+xssCurr, xssSKU, false)
		// A page without a title is listed by its URL, as text. Live
		// updates carry no pages (only opening a conversation fetches
		// them), so the agent opens it afresh.
		agent.do(chromedp.Reload())
		waitTrue(t, "desk online after reload", func() (bool, error) { return tryEval[bool](agent, deskOnline) })
		agent.poll("inbox row", `!!document.querySelector('[id^="row-"]')`)
		agent.clickCSS(`[id^="row-"]`)
		agent.poll("the untitled page listed by its URL", `[...document.querySelectorAll('.pages li')].some(e => e.textContent === `+jsString(ldURL)+`)`)
		noMarkup(t, frame)
		noMarkup(t, "")
	})
}

// waitTrue polls get until it answers true, ignoring errors meanwhile (a
// page that is navigating has no context to evaluate in).
func waitTrue(t *testing.T, what string, get func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		ok, err := get()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still false after %v (error %v)", what, waitFor, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkContextPanel checks the product card: name and price as text, the
// SKU when given, an image only from an http(s) URL (with the name as its
// text alternative) and no link from a script URL.
func checkContextPanel(t *testing.T, agent *tab, name, price, sku string, image bool) {
	t.Helper()
	agent.poll("product card", `document.querySelector('.product .product-name')?.textContent === `+jsString(name))
	if got := eval[string](agent, `document.querySelector('.product .product-price')?.textContent ?? ''`); got != price {
		t.Errorf("product price = %q, want %q", got, price)
	}
	if sku != "" {
		if got := eval[string](agent, `document.querySelector('.product').textContent`); !strings.Contains(got, sku) {
			t.Errorf("product card %q lacks the SKU %q", got, sku)
		}
	}
	imgs := eval[[]string](agent, `[...document.querySelectorAll('.product img')].map(i => i.getAttribute('src') + ' alt=' + i.alt)`)
	switch {
	case image && (len(imgs) != 1 || !strings.HasPrefix(imgs[0], "http://") || !strings.HasSuffix(imgs[0], " alt="+name)):
		t.Errorf("product images = %q, want one from the shop with alt %q", imgs, name)
	case !image && len(imgs) != 0:
		t.Errorf("product images = %q, want none (the image URL is javascript:)", imgs)
	}
	if links := eval[[]string](agent, `[...document.querySelectorAll('.product a')].map(a => a.getAttribute('href'))`); len(links) != 0 {
		t.Errorf("product links = %q, want none (the product URL is javascript:)", links)
	}
}

// checkVisitorCard checks who the shopper said they are: name, email (a
// mailto: link) and every attribute key and value, as text.
func checkVisitorCard(t *testing.T, agent *tab) {
	t.Helper()
	agent.poll("visitor card", `document.querySelector('.visitor .visitor-name')?.textContent === `+jsString(xssName))
	type link struct {
		Href string `json:"href"`
		Text string `json:"text"`
	}
	links := eval[[]link](agent, `[...document.querySelectorAll('.visitor a')].map(a => ({href: a.getAttribute('href'), text: a.textContent}))`)
	if len(links) != 1 || links[0].Text != xssEmail || links[0].Href != "mailto:"+xssEmail {
		t.Errorf("visitor links = %+v, want one mailto: link reading %q", links, xssEmail)
	}
	want := xssAttributesWant()
	agent.poll("every attribute", fmt.Sprintf(`document.querySelectorAll('.visitor .attributes dt').length === %d`, len(want)))
	pairs := eval[[][]string](agent, `[...document.querySelectorAll('.visitor .attributes dt')].map(dt => [dt.textContent, dt.nextElementSibling?.textContent ?? ''])`)
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i >= len(pairs) || pairs[i][0] != k || pairs[i][1] != want[k] {
			t.Errorf("attributes = %q, want %q", pairs, want)
			break
		}
	}
}
