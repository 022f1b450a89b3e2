package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// Issue 5's proofs for the conversation itself, in real browsers: typing
// indicators and seen receipts both ways (with a private note the shopper
// never sees, and the emoji picker), and the confirm-to-close flow both
// ways (No reopens for the same agent, Yes resolves with a thank-you).

const (
	widgetTyping = `(document.querySelector('.cpt-typing')?.textContent ?? '')`
	deskTyping   = `(document.querySelector('.typing-indicator')?.textContent ?? '')`
	// widgetSeen is the text under the shopper's last message.
	widgetSeen = `([...document.querySelectorAll('#cpt-log .cpt-msg--mine')].at(-1)?.querySelector('.cpt-seen')?.textContent ?? '')`
	// deskReceipt is the receipt on the agent's last reply.
	deskReceipt = `(document.querySelector('#messages .receipt')?.textContent ?? '')`
)

func TestTypingAndSeenReceipts(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startShop(t, srv, true) + "/tote"
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")
	step := steps(t, nil, shopper, agent)
	var frame cdp.FrameID

	const (
		question = "Hi, does the tote have an inner pocket?"
		note     = "Checked with the workshop: yes, one zipped pocket"
		answer   = "Yes, a zipped one inside."
	)

	step("the agent signs in; the shopper asks a question", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
		frame = openWidget(shopper, srv.URL, shopURL)
		sendFromWidget(shopper, frame, question)
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, question)
		if got, _ := frameEval[string](shopper, frame, widgetSeen); got != "" {
			t.Fatalf("Seen before any agent opened it: %q", got)
		}
	})

	step("the agent opens it: the shopper reads Seen under their message", func(t *testing.T) {
		agent.poll("inbox row", `!!document.querySelector('[id^="row-"]')`)
		agent.clickCSS(`[id^="row-"]`)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, question)
		framePoll[bool](shopper, frame, "Seen", widgetSeen+` === 'Seen'`)
	})

	step("the shopper types: the agent reads who is typing, politely announced", func(t *testing.T) {
		shopper.typeInto(shopper.ax(frame, "textbox", "Message"), "And is it")
		agent.poll("typing indicator", deskTyping+`.endsWith('is typing…')`)
		if live := eval[string](agent, `document.querySelector('.typing-indicator').getAttribute('aria-live')`); live != "polite" {
			t.Errorf("aria-live %q", live)
		}
		sendFromWidget(shopper, frame, " lined?")
		agent.poll("the indicator clears when the message arrives", deskTyping+` === ''`)
	})

	step("a private note stays with the agents and sends no typing", func(t *testing.T) {
		agent.click(agent.ax("", "button", "Private note"))
		agent.typeInto(agent.ax("", "textbox", "Private note"), note)
		agent.click(agent.ax("", "button", "Add note"))
		agent.poll("the note, marked", `[...document.querySelectorAll('#messages li.msg-note')].some(m => m.textContent.includes(`+jsString(note)+`) && m.textContent.includes('Private note'))`)
		if got, _ := frameEval[string](shopper, frame, widgetTyping); got != "" {
			t.Errorf("writing a note showed the shopper %q", got)
		}
		agent.click(agent.ax("", "button", "Reply"))
	})

	step("the agent types: the shopper reads Admin is typing…", func(t *testing.T) {
		agent.typeInto(agent.ax("", "textbox", "Reply"), answer)
		framePoll[bool](shopper, frame, "typing indicator", widgetTyping+` === 'Admin is typing…'`)
		if role, _ := frameEval[string](shopper, frame, `document.querySelector('.cpt-typing').getAttribute('role') + ' ' + document.querySelector('.cpt-typing').getAttribute('aria-live')`); role != "status polite" {
			t.Errorf("indicator role and aria-live: %q", role)
		}
		agent.click(agent.ax("", "button", "Send"))
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, question, "And is it lined?", answer)
		framePoll[bool](shopper, frame, "the indicator clears with the reply", widgetTyping+` === ''`)
	})

	step("the shopper has the chat open: the agent's reply shows Seen; the note never reached the widget", func(t *testing.T) {
		agent.poll("Seen receipt", deskReceipt+` === 'Seen'`)
		bodies, err := frameEval[[]string](shopper, frame, widgetBodies)
		if err != nil || strings.Contains(strings.Join(bodies, "|"), note) {
			t.Fatalf("widget shows %q (%v)", bodies, err)
		}
	})

	step("the emoji picker inserts at the caret, and Escape closes it", func(t *testing.T) {
		shopper.click(shopper.ax(frame, "button", "Insert an emoji"))
		shopper.ax(frame, "group", "Emoji")
		shopper.click(shopper.ax(frame, "button", "👍"))
		// The value, the focus and the closed list may land in separate
		// renders: wait for all three (CI once read the list still open).
		framePoll[bool](shopper, frame, "the emoji in the box, the focus back in it and the list closed",
			`document.getElementById('cpt-input').value === '👍' && document.activeElement.id === 'cpt-input' && !document.getElementById('cpt-emojis')`)
		shopper.click(shopper.ax(frame, "button", "Insert an emoji"))
		shopper.ax(frame, "group", "Emoji")
		shopper.do(chromedp.KeyEvent(kb.Escape))
		framePoll[bool](shopper, frame, "Escape closes the list, not the chat", `!document.getElementById('cpt-emojis') && document.activeElement.id === 'cpt-emoji' && !!document.getElementById('cpt-log')`)

		agent.click(agent.ax("", "button", "Insert an emoji"))
		agent.click(agent.ax("", "button", "🎉"))
		agent.poll("emoji in the reply box", `document.getElementById('reply').value === '🎉' && !document.getElementById('reply-emojis')`)
		agent.click(agent.ax("", "button", "Insert an emoji"))
		agent.ax("", "dialog", "Emoji")
		agent.do(chromedp.KeyEvent(kb.Escape))
		agent.poll("Escape closes the list, and only the list", `!document.getElementById('reply-emojis') && document.activeElement.id === 'reply-emoji' && !!document.getElementById('reply')`)
	})
}

func TestConfirmToClose(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startShop(t, srv, true) + "/tote"
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")
	step := steps(t, nil, shopper, agent)
	var frame cdp.FrameID
	const prompt = `(document.querySelector('.cpt-confirm p')?.textContent ?? '')`
	status := `(document.querySelector('.conv-head .status')?.textContent ?? '')`

	step("a shopper asks; the agent answers and asks to confirm", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
		frame = openWidget(shopper, srv.URL, shopURL)
		sendFromWidget(shopper, frame, "My discount code does not work")
		agent.poll("inbox row", `!!document.querySelector('[id^="row-"]')`)
		agent.clickCSS(`[id^="row-"]`)
		agent.typeInto(agent.ax("", "textbox", "Reply"), "Here is a new one: THANKS10")
		agent.click(agent.ax("", "button", "Send"))
		agent.click(agent.ax("", "button", "Ask to confirm"))
		agent.poll("awaiting", status+` === 'Awaiting confirmation'`)
		framePoll[bool](shopper, frame, "the question", prompt+` === 'Did this solve your problem?'`)
		shopper.ax(frame, "group", "Did this solve your problem?")
	})

	step("No: the prompt goes, the conversation is open again for the same agent", func(t *testing.T) {
		shopper.click(shopper.ax(frame, "button", "No, I still need help"))
		framePoll[bool](shopper, frame, "the prompt goes", prompt+` === ''`)
		agent.poll("open again", status+` === 'Open'`)
		conv := srv.DB()
		convs, err := conv.ConversationsOfSite(srv.Site.ID, 0)
		if err != nil || len(convs) != 1 || convs[0].Assignee == 0 || convs[0].Reopens != 1 {
			t.Fatalf("stored: %+v %v", convs, err)
		}
	})

	step("Yes: resolved and confirmed, with a thank-you", func(t *testing.T) {
		agent.typeInto(agent.ax("", "textbox", "Reply"), "Sorry, try THANKS15 instead.")
		agent.click(agent.ax("", "button", "Send"))
		agent.click(agent.ax("", "button", "Ask to confirm"))
		framePoll[bool](shopper, frame, "asked again", prompt+` === 'Did this solve your problem?'`)
		shopper.click(shopper.ax(frame, "button", "Yes, solved"))
		framePoll[bool](shopper, frame, "thank-you", `[...document.querySelectorAll('#cpt-log .cpt-msg--system')].some(m => m.textContent.startsWith('Glad we could help!'))`)
		framePoll[bool](shopper, frame, "the prompt goes", prompt+` === ''`)
		agent.poll("resolved and confirmed", status+` === 'Resolved' && document.querySelector('.resolution')?.textContent === 'Confirmed by the shopper'`)
		convs, _ := srv.DB().ConversationsOfSite(srv.Site.ID, 0)
		if convs[0].Resolution != "confirmed" || convs[0].FirstContact {
			t.Fatalf("stored: %+v", convs[0])
		}
	})
}

// TestLabelsReasonAndLatePromise drives the conversation tools' card: a
// label with the site's suggestions, a complaint reason, and a follow-up
// promise the shopper sees and the desk flags as late. The server's clock
// runs a day behind the browser's, so a promise due in an hour for the
// server is already late for the agent's app, with nothing waiting.
func TestLabelsReasonAndLatePromise(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t, testserver.WithClock(func() time.Time { return time.Now().Add(-24 * time.Hour) }))
	needApps(t, srv)
	shopURL := startShop(t, srv, true) + "/tote"
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")
	step := steps(t, nil, shopper, agent)
	var frame cdp.FrameID
	stored := func() store.Conversation {
		convs, err := srv.DB().ConversationsOfSite(srv.Site.ID, 0)
		if err != nil || len(convs) != 1 {
			t.Fatalf("%+v %v", convs, err)
		}
		return convs[0]
	}

	step("a shopper asks; the agent opens the conversation", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
		frame = openWidget(shopper, srv.URL, shopURL)
		sendFromWidget(shopper, frame, "Where is my parcel?")
		agent.poll("inbox row", `!!document.querySelector('[id^="row-"]')`)
		agent.clickCSS(`[id^="row-"]`)
		agent.ax("", "textbox", "Reply")
	})

	step("a label and a complaint reason", func(t *testing.T) {
		agent.typeInto(agent.ax("", "combobox", "Add a label"), "carrier late")
		agent.click(agent.ax("", "button", "Add"))
		agent.poll("label chip", `[...document.querySelectorAll('.label-chip')].some(c => c.textContent.startsWith('carrier late'))`)
		agent.ax("", "button", "Remove label carrier late")
		eval[bool](agent, `(() => { const s = document.getElementById('reason-select'); s.value = 'delivery'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
		agent.poll("reason kept", `document.getElementById('reason-select').value === 'delivery'`)
		waitCount(t, "stored", func() int {
			c := stored()
			if c.Reason == "delivery" && len(c.Labels) == 1 && c.Labels[0] == "carrier late" {
				return 1
			}
			return 0
		}, 1)
	})

	step("a promise the shopper reads, late on the desk", func(t *testing.T) {
		agent.typeInto(agent.ax("", "textbox", "What will you send?"), "the tracking number")
		// An hour ahead for the server, 23 hours ago for the browser.
		eval[bool](agent, `(() => { const d = new Date(Date.now() - 23 * 3600e3); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); document.getElementById('promise-due').value = d.toISOString().slice(0, 16); return true })()`)
		agent.click(agent.visible(agent.ax("", "button", "Promise")))
		framePoll[bool](shopper, frame, "the shopper sees it", `document.querySelector('.cpt-promise')?.textContent.startsWith('Admin will send you: the tracking number')`)
		agent.poll("late in the conversation", `document.querySelector('.promise.promise-late')?.textContent.includes('Admin promised: the tracking number')`)
		agent.poll("late on the inbox row", `document.querySelector('[id^="row-"] .badge-late')?.textContent === 'Late'`)
	})

	step("kept: no longer due anywhere", func(t *testing.T) {
		agent.click(agent.visible(agent.ax("", "button", "Mark as kept")))
		agent.poll("the promise card goes", `!document.querySelector('.promise') && !document.querySelector('.badge-late')`)
		framePoll[bool](shopper, frame, "the widget drops it", `!document.querySelector('.cpt-promise')`)
		if c := stored(); c.Promise == nil || c.Promise.DoneAt.IsZero() {
			t.Fatalf("%+v", c.Promise)
		}
	})
}

// visible scrolls n into view (the context column scrolls on its own) so
// that a click, which goes through hit testing, reaches it.
func (tb *tab) visible(n axNode) axNode {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, dom.ScrollIntoViewIfNeeded, dom.ScrollIntoViewIfNeededParams{BackendNodeID: n.backend}); err != nil {
		tb.fatalf("scroll to %s %q: %v", n.role, n.name, err)
	}
	return n
}

// TestConversationSettingsPanel: an admin sets the complaint reasons, turns
// the automatic acknowledgement on with a French text and shortens the
// confirmation delay; a French shopper's new conversation is acknowledged.
func TestConversationSettingsPanel(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	browser := startBrowser(t)
	agent := newTab(t, browser, "agent")
	step := steps(t, nil, agent)

	step("the admin fills the panel and saves", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
		agent.click(agent.ax("", "button", "Conversation settings"))
		agent.ax("", "dialog", "Conversation settings")
		reasons := agent.ax("", "textbox", "Complaint reasons, one per line")
		eval[bool](agent, `(() => { document.getElementById('reasons').value = ''; return true })()`)
		agent.typeInto(reasons, "delivery\ngift wrapping")
		agent.click(agent.ax("", "checkbox", "Acknowledge a new conversation automatically"))
		agent.typeInto(agent.ax("", "textbox", "Acknowledgement in FR (empty: the default text)"), "Merci ! On vous répond vite.")
		eval[bool](agent, `(() => { document.getElementById('confirm-hours').value = '6'; return true })()`)
		agent.click(agent.visible(agent.ax("", "button", "Save")))
		agent.poll("saved", `[...document.querySelectorAll('#convo-settings [role=status]')].some(p => p.textContent === 'Saved')`)
		site, err := srv.DB().Site(srv.Site.ID)
		if err != nil || len(site.Reasons) != 2 || site.Reasons[1] != "gift wrapping" || !site.AutoAck.On || site.AutoAck.Texts["fr"] != "Merci ! On vous répond vite." || site.ConfirmHours != 6 {
			t.Fatalf("%+v %v", site, err)
		}
	})

	step("Escape closes the panel and gives the focus back", func(t *testing.T) {
		agent.do(chromedp.KeyEvent(kb.Escape))
		agent.poll("closed", `!document.getElementById('convo-settings') && document.activeElement.id === 'convo-settings-open'`)
	})

	step("a French shopper's first message is acknowledged with that text", func(t *testing.T) {
		v, _ := srv.Visitor(t, wire.Frame{Page: &wire.PageContext{URL: "https://shop.test/", Lang: "fr"}})
		v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "v1", Body: "Bonjour"})
		v.Expect(t, wire.TypeAck)
		v.Expect(t, wire.TypeMessage)
		if m := v.Expect(t, wire.TypeMessage).Message; m.Body != "Merci ! On vous répond vite." || m.Author.Kind != wire.AuthorSystem {
			t.Fatalf("%+v", m)
		}
	})
}
