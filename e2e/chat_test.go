package e2e

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/comptoir/comptoir/server/testserver"
)

// What is read off the screen. A pending message is reported with a suffix
// so that "sent but not yet acknowledged" never passes for "stored".
const (
	// widgetBodies lists the message bubbles of the widget's log.
	widgetBodies = `[...document.querySelectorAll('#cpt-log .cpt-msg')].map(m =>
		(m.querySelector('.cpt-body')?.textContent ?? '') + (m.classList.contains('cpt-msg--pending') ? ' (pending)' : ''))`
	// deskBodies lists the messages of the conversation open in the agent app.
	deskBodies = `[...document.querySelectorAll('#messages li.msg')].map(m =>
		(m.querySelector('.msg-body')?.textContent ?? '') + (m.matches('.msg-pending, .msg-failed') ? ' (pending)' : ''))`
	widgetOnline = `!!document.querySelector('.cpt-status--online')`
	deskOnline   = `!!document.querySelector('#connection.banner-hidden')`
)

// TestChatBetweenShopperAndAgent is the foundation's whole path in real
// browsers: a shop page on its own origin loads the widget, a shopper
// writes, an agent signed in to the desk sees it live and answers, and the
// conversation survives a page reload and a server restart with nothing
// lost and nothing doubled.
func TestChatBetweenShopperAndAgent(t *testing.T) {
	needBrowser(t)
	began := time.Now()

	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startShop(t, srv, true) + "/tote"
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")
	widgetURL := srv.URL + "/w/"

	const (
		question = "Hello! Is the Linen Tote Bag machine washable?"
		answer   = "Yes, at 30 °C, inside out. Hang it to dry."
		followUp = "Great, and does it fit a 15-inch laptop?"
		lastWord = "It does, with room to spare."
		nudge    = "Anything else I can help with?"
		// Sent as the server restarts.
		inFlightAsk   = "Also, is the strap adjustable?"
		inFlightReply = "Sure, I am checking the strap for you."
	)

	// step runs one part of the story; a failed part ends the test, since
	// every later part builds on it.
	step := steps(t, nil, shopper, agent)
	var frame cdp.FrameID // the widget's iframe in the shopper's tab
	var want []string     // the conversation so far, once the restarts begin

	step("the shop page on another origin shows the launcher and no iframe", func(t *testing.T) {
		shopper.do(chromedp.Navigate(shopURL))
		b := shopper.ax("", "button", "Open chat")
		if b.props["expanded"] == "true" {
			t.Error("the launcher is expanded before any click")
		}
		if n := countChildFrames(t, shopper); n != 0 {
			t.Errorf("%d frames before the shopper asked for the chat", n)
		}
	})

	step("the agent signs in through the form to an empty inbox", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
		agent.poll("empty inbox", `!!document.querySelector('.inbox-empty')`)
		// Stays set as long as the page is not reloaded.
		eval[bool](agent, `window.e2eNoReload = true`)
	})

	step("the shopper opens the chat and sends a question", func(t *testing.T) {
		shopper.click(shopper.ax("", "button", "Open chat"))
		shopper.ax("", "button", "Close chat")
		frame = shopper.frame(widgetURL)
		framePoll[bool](shopper, frame, "widget online", widgetOnline)
		shopper.typeInto(shopper.ax(frame, "textbox", "Message"), question)
		shopper.click(shopper.ax(frame, "button", "Send"))
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) },
			question)
		if v, _ := frameEval[string](shopper, frame, `document.getElementById('cpt-input').value`); v != "" {
			t.Errorf("the message box still holds %q after sending", v)
		}
	})

	step("the question appears live in the agent's inbox with its preview", func(t *testing.T) {
		agent.poll("inbox row with the preview", `[...document.querySelectorAll('[id^="row-"] .row-preview')].some(e => e.textContent === `+jsString(question)+`)`)
		if !eval[bool](agent, `window.e2eNoReload === true`) {
			t.Error("the agent app reloaded to show the conversation")
		}
		if n := eval[int](agent, `document.querySelectorAll('[id^="row-"]').length`); n != 1 {
			t.Errorf("%d inbox rows, want 1", n)
		}
	})

	step("the agent opens it and sees the product the shopper is looking at", func(t *testing.T) {
		agent.clickCSS(`[id^="row-"]`)
		agent.poll("product card", `document.querySelector('.product .product-name')?.textContent === `+jsString(productName))
		if got := eval[string](agent, `document.querySelector('.product .product-price')?.textContent ?? ''`); got != productPrice {
			t.Errorf("product price = %q, want %q", got, productPrice)
		}
		if got := eval[string](agent, `document.querySelector('.product').textContent`); !strings.Contains(got, productSKU) {
			t.Errorf("product card %q lacks the SKU %s", got, productSKU)
		}
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, question)
	})

	step("the agent replies", func(t *testing.T) {
		agent.typeInto(agent.ax("", "textbox", "Reply"), answer)
		agent.do(chromedp.KeyEvent(kb.Enter))
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, question, answer)
	})

	step("the shopper sees the reply in the widget", func(t *testing.T) {
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) },
			question, answer)
	})

	step("after reloading the page the shopper finds the whole conversation", func(t *testing.T) {
		shopper.do(chromedp.Reload())
		shopper.click(shopper.ax("", "button", "Open chat"))
		frame = shopper.frame(widgetURL)
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) },
			question, answer)
		framePoll[bool](shopper, frame, "widget online", widgetOnline)
	})

	step("after a server restart both sides reconnect by themselves and keep everything", func(t *testing.T) {
		_, shopperSockets := shopper.seen()
		_, agentSockets := agent.seen()
		srv.Restart(t)
		waitCount(t, "shopper's sockets", func() int { _, s := shopper.seen(); return len(s) }, len(shopperSockets)+1)
		waitCount(t, "agent's sockets", func() int { _, s := agent.seen(); return len(s) }, len(agentSockets)+1)
		framePoll[bool](shopper, frame, "widget online again", widgetOnline)
		agent.poll("desk online again", deskOnline)
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) },
			question, answer)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, question, answer)
		if !eval[bool](agent, `window.e2eNoReload === true`) {
			t.Error("the agent app reloaded to recover from the restart")
		}
	})

	step("messages after the restart arrive once on each side", func(t *testing.T) {
		shopper.typeInto(shopper.ax(frame, "textbox", "Message"), followUp)
		shopper.click(shopper.ax(frame, "button", "Send"))
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) },
			question, answer, followUp)
		agent.typeInto(agent.ax("", "textbox", "Reply"), lastWord)
		agent.do(chromedp.KeyEvent(kb.Enter))
		want = []string{question, answer, followUp, lastWord}
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, want...)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, want...)
		if n := eval[int](agent, `document.querySelectorAll('[id^="row-"]').length`); n != 1 {
			t.Errorf("%d inbox rows, want 1", n)
		}

		// And the store, which is what survives everything, agrees.
		if got := storedBodies(t, srv); !slices.Equal(got, want) {
			t.Errorf("stored messages = %q, want %q", got, want)
		}
	})

	if os.Getenv("UPDATE_SCREENSHOT") == "1" {
		step("the screenshot shows both sides of the conversation", func(t *testing.T) {
			// Taken before the in-flight and unread parts, which leave
			// a longer thread than fits. Any fade of the panel has ended
			// and the latest message is in view.
			shopper.poll("panel shown", `document.getAnimations().length === 0`)
			framePoll[bool](shopper, frame, "widget scrolled down",
				`(l => l.scrollTop + l.clientHeight >= l.scrollHeight - 2)(document.getElementById('cpt-log'))`)
			writeScreenshot(t, "../docs/screenshot.png", shopper.screenshot(), agent.screenshot())
		})
	}

	step("messages sent just as the server restarts arrive exactly once", func(t *testing.T) {
		// Neither side waits for its ack: whether the server stored the
		// message before stopping or not, the client's retry with the same
		// cid must end with one copy.
		agent.typeInto(agent.ax("", "textbox", "Reply"), inFlightReply)
		agent.do(chromedp.KeyEvent(kb.Enter))
		shopper.typeInto(shopper.ax(frame, "textbox", "Message"), inFlightAsk)
		shopper.click(shopper.ax(frame, "button", "Send"))
		srv.Restart(t)
		// The store decides the order of the two (by seq); both screens
		// must show exactly what it holds, in its order.
		deadline := time.Now().Add(waitFor)
		stored := storedBodies(t, srv)
		for len(stored) != len(want)+2 || !slices.Equal(stored[:len(want)], want) ||
			!slices.Contains(stored[len(want):], inFlightAsk) || !slices.Contains(stored[len(want):], inFlightReply) {
			if time.Now().After(deadline) {
				t.Fatalf("stored messages = %q, want %q then the two in-flight messages once each", stored, want)
			}
			time.Sleep(50 * time.Millisecond)
			stored = storedBodies(t, srv)
		}
		want = stored
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, want...)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, want...)
		framePoll[bool](shopper, frame, "widget online again", widgetOnline)
		agent.poll("desk online again", deskOnline)
	})

	step("a reply to a closed panel shows on the launcher until the shopper opens it", func(t *testing.T) {
		shopper.click(shopper.ax("", "button", "Close chat"))
		shopper.ax("", "button", "Open chat")
		agent.typeInto(agent.ax("", "textbox", "Reply"), nudge)
		agent.do(chromedp.KeyEvent(kb.Enter))
		launcher := shopper.axWhere("", "button", "Open chat", func(n axNode) bool { return n.description == "1 unread message" })
		shopper.click(launcher)
		shopper.axWhere("", "button", "Close chat", func(n axNode) bool { return n.description == "" })
		want = append(want, nudge)
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, want...)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, want...)
		if got := storedBodies(t, srv); !slices.Equal(got, want) {
			t.Errorf("stored messages = %q, want %q", got, want)
		}
	})

	t.Logf("end-to-end chat took %v", time.Since(began).Round(time.Millisecond))
}

// TestWidgetStaysLightUntilAsked loads the shop page and touches nothing:
// the page must not load the widget's app or open a socket, and must carry
// no iframe, until the shopper comes near the launcher.
func TestWidgetStaysLightUntilAsked(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startShop(t, srv, true) + "/tote"
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")

	shopper.do(chromedp.Navigate(shopURL))
	shopper.ax("", "button", "Open chat")
	// Wait for the network to be quiet for half a second: whatever the
	// loader would fetch on its own has been asked for by then.
	var requests []string
	deadline := time.Now().Add(waitFor)
	for last, quietSince := -1, time.Now(); ; time.Sleep(50 * time.Millisecond) {
		requests, _ = shopper.seen()
		if len(requests) != last {
			last, quietSince = len(requests), time.Now()
		} else if time.Since(quietSince) >= 500*time.Millisecond {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page never stops making requests: %q", requests)
		}
	}
	_, sockets := shopper.seen()

	for _, u := range requests {
		if strings.HasPrefix(u, srv.URL+"/w/") || strings.HasPrefix(u, srv.URL+"/ws/") {
			t.Errorf("request to %s before any hover or click", u)
		}
	}
	if len(sockets) != 0 {
		t.Errorf("WebSockets opened before any hover or click: %q", sockets)
	}
	if n := countChildFrames(t, shopper); n != 0 {
		t.Errorf("%d iframes before any hover or click", n)
	}
	// The page itself, widget.js, and the browser's favicon probe at most.
	allowed := func(u string) bool {
		return u == shopURL || u == srv.URL+"/widget.js" || strings.HasSuffix(u, "/favicon.ico")
	}
	for _, u := range requests {
		if !allowed(u) {
			t.Errorf("unexpected request %s", u)
		}
	}
	t.Logf("the shop page made %d requests before any interaction: %q", len(requests), requests)
	shopper.noExceptions()
}

// TestWidgetRefusedOnUnlistedShop puts the site's script tag on a shop
// origin the site does not list: the browser must refuse to show the widget
// page there, and no chat socket may open.
func TestWidgetRefusedOnUnlistedShop(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startShop(t, srv, false) + "/tote"
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")

	shopper.do(chromedp.Navigate(shopURL))
	shopper.click(shopper.ax("", "button", "Open chat"))
	// Chrome replaces a frame refused by frame-ancestors with its error
	// page; the widget's own page never runs.
	frame := shopper.frame("chrome-error://")
	if n, err := frameEval[int](shopper, frame, `document.querySelectorAll('#cpt-input').length`); err == nil && n != 0 {
		t.Error("the widget's message box is shown on a shop the site does not list")
	}
	if _, sockets := shopper.seen(); len(sockets) != 0 {
		t.Errorf("sockets opened from an unlisted shop: %q", sockets)
	}
	shopper.noExceptions()
}

// storedBodies is the bodies of the site's only conversation, in seq order,
// read from the store.
func storedBodies(t *testing.T, srv *testserver.Server) []string {
	t.Helper()
	convs, err := srv.DB().ConversationsOfSite(srv.Site.ID, 10)
	if err != nil || len(convs) != 1 {
		t.Fatalf("conversations of the site: %d, %v; want 1", len(convs), err)
	}
	msgs, err := srv.DB().Messages(convs[0].ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, m := range msgs {
		bodies = append(bodies, m.Body)
	}
	return bodies
}

// countChildFrames is how many frames the page holds besides itself.
func countChildFrames(t *testing.T, tb *tab) int {
	t.Helper()
	res, err := chromedp.Call(tb.ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	var count func(ft *page.FrameTree) int
	count = func(ft *page.FrameTree) int {
		n := len(ft.ChildFrames)
		for _, c := range ft.ChildFrames {
			n += count(c)
		}
		return n
	}
	return count(res.FrameTree)
}

// tryEval evaluates js in the top page, returning the error instead of
// failing, for use in polling loops.
func tryEval[T any](tb *tab, js string) (T, error) {
	return chromedp.Run(tb.ctx, chromedp.Evaluate[T](js))
}

// waitList polls get until it returns exactly want, in order: every
// message once, none pending.
func waitList(t *testing.T, what string, get func() ([]string, error), want ...string) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		got, err := get()
		if err == nil && slices.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s = %q (error %v), want %q", what, got, err, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitCount polls get until it reaches at least want.
func waitCount(t *testing.T, what string, get func() int, want int) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for get() < want {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d, want at least %d", what, get(), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// jsString quotes s as a JavaScript string literal (JSON is a subset).
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
