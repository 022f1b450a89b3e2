package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// identifiedAs is the snippet a shop puts before the script tag to name its
// signed-in customer (the queue the loader drains when it arrives).
const identifiedAs = `<script>window.Comptoir=window.Comptoir||function(){(Comptoir.q=Comptoir.q||[]).push(arguments)};` +
	`Comptoir('identify', {name: %q, email: %q});</script>
<script src="%%s/widget.js"`

// startIdentifiedShop serves the product page with the shopper identified
// as name, from an origin the demo site allows.
func startIdentifiedShop(t *testing.T, srv *testserver.Server, name, email string) string {
	t.Helper()
	page := strings.Replace(productPage, `<script src="%s/widget.js"`, fmt.Sprintf(identifiedAs, name, email), 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tote", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, page, html.EscapeString(srv.URL), html.EscapeString(srv.SiteKey))
	})
	shop := httptest.NewServer(mux)
	t.Cleanup(shop.Close)
	if _, err := srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) { s.AllowedOrigins = append(s.AllowedOrigins, shop.URL) }); err != nil {
		t.Fatalf("allow the shop's origin: %v", err)
	}
	return shop.URL + "/tote"
}

// TestCannedReplyWithVariables is issue 5's proof "a canned reply with
// variables": an admin adds /thanks with three variables; the agent types
// /tha in the reply box, picks it from the list with the keyboard and
// sends it; the shopper reads it with their name, the product they are
// looking at and the agent's name filled in.
func TestCannedReplyWithVariables(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startIdentifiedShop(t, srv, "Ana", "ana@example.com")
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")

	const (
		question = "Is the tote in stock? I need it this week."
		template = "Thank you {{contact.name}}, the {{product.name}} ships tomorrow. — {{agent.name}}"
		expanded = "Thank you Ana, the Linen Tote Bag ships tomorrow. — Admin"
	)
	step := steps(t, nil, shopper, agent)
	var frame cdp.FrameID

	step("an admin adds /thanks through the API", func(t *testing.T) {
		admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		var created wire.CannedReply
		body := wire.CannedChange{Shortcut: ptr("thanks"), Title: ptr("Thanks, ships tomorrow"), Texts: map[string]string{
			"en": template,
			"fr": "Merci {{contact.name}}, le {{product.name}} part demain. — {{agent.name}}",
		}}
		if status := admin.Do(t, "POST", fmt.Sprintf("/api/v1/sites/%d/canned", srv.Site.ID), body, &created); status != 201 {
			t.Fatalf("create: %d %+v", status, created)
		}
		// One reply /tha must not match, and one it matches by title only.
		for s, title := range map[string]string{"delay": "Delivery delayed", "ship": "Shipping, thanks"} {
			b := wire.CannedChange{Shortcut: ptr(s), Title: ptr(title), Texts: map[string]string{"en": s}}
			if status := admin.Do(t, "POST", fmt.Sprintf("/api/v1/sites/%d/canned", srv.Site.ID), b, nil); status != 201 {
				t.Fatalf("create %s: %d", s, status)
			}
		}
	})

	step("the agent signs in", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
	})

	step("Ana writes from the product page", func(t *testing.T) {
		frame = openWidget(shopper, srv.URL, shopURL)
		sendFromWidget(shopper, frame, question)
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, question)
	})

	step("the agent opens the conversation and sees who and what", func(t *testing.T) {
		agent.poll("inbox row", `!!document.querySelector('[id^="row-"]')`)
		agent.clickCSS(`[id^="row-"]`)
		agent.poll("product card", `document.querySelector('.product .product-name')?.textContent === `+jsString(productName))
		agent.poll("visitor name", `document.querySelector('.visitor .visitor-name')?.textContent === 'Ana'`)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, question)
	})

	step("typing /tha lists the matching replies, accessibly", func(t *testing.T) {
		reply := agent.ax("", "textbox", "Reply")
		if reply.props["expanded"] == "true" {
			t.Error("the reply box is expanded before any slash")
		}
		agent.typeInto(reply, "/tha")
		agent.poll("the list opens", `document.getElementById('reply').getAttribute('aria-expanded') === 'true'`)
		options := waitOptions(t, agent, "/thanks", "/ship")
		if got := eval[string](agent, `document.activeElement.id + ' ' + document.getElementById('reply').value`); got != "reply /tha" {
			t.Fatalf("focus and text after the list opened: %q, want the reply box holding /tha", got)
		}
		if options[0] != "/thanks" {
			t.Fatalf("options %q: /thanks must come first (shortcut before title match)", options)
		}
		if got := eval[string](agent, `document.getElementById('reply').getAttribute('aria-activedescendant') ?? ''`); got == "" ||
			!eval[bool](agent, `document.getElementById(document.getElementById('reply').getAttribute('aria-activedescendant'))?.getAttribute('aria-selected') === 'true'`) {
			t.Errorf("aria-activedescendant %q does not name the selected option", got)
		}
		if got := eval[string](agent, `document.getElementById('reply').getAttribute('aria-controls') ?? ''`); got != "canned-list" ||
			!eval[bool](agent, `document.getElementById('canned-list')?.getAttribute('role') === 'listbox'`) {
			t.Errorf("aria-controls = %q, want the listbox", got)
		}
		agent.ax("", "listbox", "Canned replies")
	})

	step("ArrowDown and ArrowUp move, Escape closes, a new slash reopens", func(t *testing.T) {
		active := `document.querySelector('#canned-list [aria-selected="true"] .canned-shortcut')?.textContent`
		agent.do(chromedp.KeyEvent(kb.ArrowDown))
		agent.poll("second option active", active+` === '/ship'`)
		agent.do(chromedp.KeyEvent(kb.ArrowUp))
		eval[bool](agent, `(() => { window.__ev = []; for (const k of ['keydown','keypress','beforeinput','input','textInput','keyup']) document.addEventListener(k, e => window.__ev.push(k + ':' + (e.key ?? '') + ':' + (e.inputType ?? '') + ':' + e.defaultPrevented + ':' + document.getElementById('reply').getAttribute('aria-expanded')), false); return true })()`)
		agent.poll("first option active", active+` === '/thanks'`)
		agent.do(chromedp.KeyEvent(kb.Escape))
		agent.poll("the list closes", `document.getElementById('reply').getAttribute('aria-expanded') === 'false' && !document.getElementById('canned-list')`)
		if v := eval[string](agent, `document.getElementById('reply').value`); v != "/tha" {
			t.Errorf("Escape changed the reply to %q", v)
		}
		agent.typeInto(agent.ax("", "textbox", "Reply"), "n")
		agent.poll("the list reopens on the next key", `document.getElementById('reply').getAttribute('aria-expanded') === 'true'`)
		agent.typeInto(agent.ax("", "textbox", "Reply"), "zz")
		agent.poll("empty state", `document.querySelector('.canned-none')?.textContent === 'No canned reply matches'`)
		if n := eval[int](agent, `document.querySelectorAll('#canned-list [role="option"]').length`); n != 0 {
			t.Errorf("%d options for /thanzz", n)
		}
		// Select all and type over it, as a person would.
		eval[bool](agent, `(e => { e.select(); return true })(document.getElementById('reply'))`)
		agent.typeInto(agent.ax("", "textbox", "Reply"), "/tha")
		waitOptions(t, agent, "/thanks", "/ship")
	})

	step("Enter inserts the reply with its variables filled in, Enter again sends it", func(t *testing.T) {
		agent.do(chromedp.KeyEvent(kb.Enter))
		agent.poll("expanded text in the reply box", `document.getElementById('reply').value === `+jsString(expanded))
		agent.poll("the list closes after inserting", `document.getElementById('reply').getAttribute('aria-expanded') === 'false' && !document.getElementById('canned-list')`)
		if got := eval[[]string](agent, deskBodies); len(got) != 1 {
			t.Fatalf("Enter on the list sent something: %q", got)
		}
		agent.do(chromedp.KeyEvent(kb.Enter))
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, question, expanded)
	})

	step("Ana reads it in the widget", func(t *testing.T) {
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, question, expanded)
		if got := storedBodies(t, srv); len(got) != 2 || got[1] != expanded {
			t.Fatalf("stored %q", got)
		}
	})

	step("the admin's panel lists the library and creates a reply the list then offers", func(t *testing.T) {
		agent.click(agent.ax("", "button", "Canned replies"))
		agent.ax("", "dialog", "Canned replies")
		agent.poll("the library", `[...document.querySelectorAll('.canned-admin-list .canned-shortcut')].map(e => e.textContent).join(' ') === '/delay /ship /thanks'`)
		agent.click(agent.ax("", "button", "New canned reply"))
		agent.typeInto(agent.ax("", "textbox", "Shortcut"), "bye")
		agent.typeInto(agent.ax("", "textbox", "Title"), "Goodbye")
		agent.typeInto(agent.ax("", "textbox", "English"), "Bye {{contact.nickname}}")
		saveButton(agent)
		agent.poll("the server's refusal, naming the variable", `document.getElementById('canned-error').textContent.includes('{{contact.nickname}}')`)
		eval[bool](agent, `(e => { e.value = ''; return true })(document.getElementById('canned-text-en'))`)
		agent.typeInto(agent.ax("", "textbox", "English"), "Have a good day, {{contact.name}}!")
		saveButton(agent)
		agent.poll("saved and listed", `[...document.querySelectorAll('.canned-admin-list .canned-shortcut')].map(e => e.textContent).join(' ') === '/bye /delay /ship /thanks'`)
		eval[bool](agent, `(h => { h.scrollIntoView(); return true })(document.getElementById('canned-title'))`)
		agent.click(agent.ax("", "button", "Close"))
		agent.poll("the panel closes", `!document.getElementById('canned-panel')`)
		agent.typeInto(agent.ax("", "textbox", "Reply"), "/by")
		waitOptions(t, agent, "/bye")
		agent.do(chromedp.KeyEvent(kb.Tab))
		agent.poll("Tab inserts too", `document.getElementById('reply').value === 'Have a good day, Ana!'`)
	})
}

// waitOptions waits until the canned list shows exactly these shortcuts.
func waitOptions(t *testing.T, agent *tab, want ...string) []string {
	t.Helper()
	var got []string
	waitList(t, "canned options", func() ([]string, error) {
		var err error
		got, err = tryEval[[]string](agent, `[...document.querySelectorAll('#canned-list [role="option"] .canned-shortcut')].map(e => e.textContent)`)
		return got, err
	}, want...)
	return got
}

func ptr(s string) *string { return &s }

// saveButton clicks the panel's Save button, first scrolled into the
// sheet's view as a person would scroll to it.
func saveButton(agent *tab) {
	agent.t.Helper()
	eval[bool](agent, `(b => { b.scrollIntoView({block: 'center'}); return true })(document.getElementById('canned-save'))`)
	agent.click(agent.ax("", "button", "Save"))
}
