package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// TestInboxSearchViewsAndShortcuts is issue 5's proof for the agents'
// inbox: a shopper writes a word; the agent, from the keyboard, goes to the
// search box with /, searches that word, sees the passage with the word
// marked, opens the conversation from the result and finds the contact
// panel with the shopper's attributes and history; then switches views,
// walks the list with j/k and opens a row with Enter, and reads the help.
func TestInboxSearchViewsAndShortcuts(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startIdentifiedShop(t, srv, "Ana Lima", "ana@example.com")
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")

	const (
		question = "My parcel 4471 never arrived, can I get a refund please?"
		// The same shopper's earlier, resolved conversation.
		earlier = "Earlier question about gift wrapping"
		other   = "Do you ship to Belgium?"
	)
	step := steps(t, nil, shopper, agent)
	var frame cdp.FrameID
	var conv string

	step("another shopper wrote earlier about something else", func(t *testing.T) {
		v, _ := srv.Visitor(t, wire.Frame{})
		v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "other", Body: other})
		v.Expect(t, wire.TypeAck)
	})
	step("the shopper asks for a refund from the shop page, and has an older conversation", func(t *testing.T) {
		frame = openWidget(shopper, srv.URL, shopURL)
		sendFromWidget(shopper, frame, question)
		conv = storedConversation(t, srv, question)
		// An older conversation of the same contact, already resolved (the
		// widget itself always writes into its open conversation).
		admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		setStatus := func(id, status string) {
			if code := admin.Do(t, "POST", "/api/v1/conversations/"+id+"/status", wire.StatusRequest{Status: status}, nil); code != 200 {
				t.Fatalf("status %s of %s: %d", status, id, code)
			}
		}
		setStatus(conv, wire.StatusResolved)
		c, err := srv.DB().Conversation(atoi(t, conv))
		if err != nil {
			t.Fatal(err)
		}
		a, err := srv.DB().AppendMessage(store.NewMessage{SiteID: srv.Site.ID, VisitorID: c.VisitorID, CID: "earlier", Author: store.Author{Kind: store.AuthorVisitor}, Body: earlier})
		if err != nil || !a.Created {
			t.Fatalf("older conversation: %+v %v", a, err)
		}
		setStatus(fmt.Sprint(a.Conversation.ID), wire.StatusResolved)
		setStatus(conv, wire.StatusOpen)
	})
	step("the agent signs in and the inbox lists the open conversations", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
		agent.poll("two open rows", `document.querySelectorAll('[id^="row-"]').length === 2 && !!document.getElementById('row-`+conv+`')`)
	})
	step("/ goes to the search box, and a word the shopper wrote finds the conversation", func(t *testing.T) {
		agent.do(chromedp.KeyEvent("/"))
		agent.poll("search box focused", `document.activeElement?.id === 'inbox-search'`)
		if v := eval[string](agent, `document.getElementById('inbox-search').value`); v != "" {
			t.Fatalf("the / was typed into the box: %q", v)
		}
		agent.typeInto(agent.ax("", "searchbox", "Search messages and contacts"), "refund")
		agent.poll("one result", `document.querySelectorAll('[id^="result-"]').length === 1 && !!document.getElementById('result-`+conv+`')`)
		if got := eval[string](agent, `[...document.querySelectorAll('#result-`+conv+` mark')].map(m => m.textContent).join(',')`); got != "refund" {
			t.Errorf("marked words %q, want refund", got)
		}
		if got := eval[string](agent, `document.getElementById('search-status').textContent`); !strings.Contains(got, "1 conversations match") && !strings.Contains(got, "refund") {
			t.Errorf("status line %q", got)
		}
		if eval[bool](agent, `document.body.textContent.includes(`+jsString(other)+`)`) {
			t.Error("a conversation without the word is listed")
		}
	})
	step("typing j or k in the search box is typing, not a shortcut", func(t *testing.T) {
		agent.typeInto(agent.ax("", "searchbox", "Search messages and contacts"), " j")
		if v := eval[string](agent, `document.getElementById('inbox-search').value`); v != "refund j" {
			t.Fatalf("search box holds %q", v)
		}
		agent.poll("no result for refund j", `document.querySelectorAll('[id^="result-"]').length === 0 && document.getElementById('search-status').textContent.includes('No conversation matches')`)
		agent.do(chromedp.KeyEvent(kb.Backspace), chromedp.KeyEvent(kb.Backspace))
		agent.poll("the result again", `!!document.getElementById('result-`+conv+`')`)
	})
	step("opening the result shows the thread and the contact panel", func(t *testing.T) {
		agent.clickCSS("#result-" + conv)
		agent.poll("the question in the thread", `[...document.querySelectorAll('#messages .msg-body')].some(e => e.textContent === `+jsString(question)+`)`)
		agent.poll("the contact", `document.querySelector('.visitor-name')?.textContent === 'Ana Lima'`)
		agent.poll("the previous conversation", `[...document.querySelectorAll('.history-item')].some(e => e.textContent.includes(`+jsString(earlier)+`))`)
		if got := eval[string](agent, `document.activeElement?.id`); got != "reply" {
			t.Errorf("focus after opening: %q, want the reply box", got)
		}
	})
	step("in the reply box, e and Escape are typing; out of it, Escape leaves the search", func(t *testing.T) {
		agent.typeInto(agent.ax("", "textbox", "Reply"), "e")
		if v := eval[string](agent, `document.getElementById('reply').value`); v != "e" {
			t.Fatalf("reply holds %q", v)
		}
		if eval[bool](agent, `document.querySelector('.conv-head .status')?.textContent === 'Resolved'`) {
			t.Fatal("typing e in the reply resolved the conversation")
		}
		eval[bool](agent, `(document.getElementById('reply').value = '', document.activeElement.blur(), true)`)
		agent.do(chromedp.KeyEvent(kb.Escape))
		agent.poll("the inbox again", `!document.getElementById('search-status') && document.querySelectorAll('[id^="row-"]').length === 2`)
	})
	step("the views show their counts and switch the list", func(t *testing.T) {
		admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		for _, view := range []string{wire.ViewMine, wire.ViewUnassigned, wire.ViewAll} {
			var list wire.ConversationList
			admin.Do(t, "GET", "/api/v1/conversations?status=open&view="+view, nil, &list)
			want := len(list.Conversations)
			agent.clickCSS("#view-" + view)
			agent.poll(view+" pressed", `document.getElementById('view-`+view+`').getAttribute('aria-pressed') === 'true'`)
			agent.poll(fmt.Sprintf("%s lists %d", view, want), fmt.Sprintf(`document.querySelectorAll('[id^="row-"]').length === %d`, want))
			if got := eval[string](agent, `document.querySelector('#view-`+view+` .count').textContent`); got != fmt.Sprint(want) {
				t.Errorf("%s count %q, want %d", view, got, want)
			}
			if want == 0 && !eval[bool](agent, `document.querySelector('.inbox-nomatch')?.textContent.includes('No conversation matches these filters')`) {
				t.Errorf("%s: no empty state", view)
			}
		}
		choose(agent, "filter-status", "resolved")
		agent.poll("the resolved conversation", `document.querySelectorAll('[id^="row-"]').length === 1 && document.querySelector('[id^="row-"]').textContent.includes(`+jsString(earlier)+`)`)
		choose(agent, "filter-status", "active")
		agent.poll("open ones again", `document.querySelectorAll('[id^="row-"]').length === 2`)
	})
	step("j and k walk the list and Enter opens the row", func(t *testing.T) {
		eval[bool](agent, `(document.activeElement.blur(), true)`)
		first := eval[string](agent, `document.querySelectorAll('[id^="row-"]')[0].id`)
		second := eval[string](agent, `document.querySelectorAll('[id^="row-"]')[1].id`)
		focused := func(id string) string { return `document.activeElement?.id === ` + jsString(id) }
		agent.do(chromedp.KeyEvent("k"), chromedp.KeyEvent("k"))
		agent.poll("the top row", focused(first))
		agent.do(chromedp.KeyEvent("j"))
		agent.poll("the next row", focused(second))
		agent.do(chromedp.KeyEvent("j"))
		agent.do(chromedp.KeyEvent("k"))
		agent.poll("back up", focused(first))
		// The row has the focus: Enter is the button's own click. Leave it
		// and Enter opens the row under the cursor.
		agent.do(chromedp.KeyEvent("j"))
		agent.poll("the second row again", focused(second))
		eval[bool](agent, `(document.activeElement.blur(), true)`)
		agent.do(chromedp.KeyEvent(kb.Enter))
		agent.poll("the row opened", `document.getElementById(`+jsString(second)+`).getAttribute('aria-current') === 'true'`)
	})
	step("r goes to the reply box and e resolves the open conversation", func(t *testing.T) {
		eval[bool](agent, `(document.activeElement.blur(), true)`)
		agent.do(chromedp.KeyEvent("r"))
		agent.poll("reply focused", `document.activeElement?.id === 'reply'`)
		if v := eval[string](agent, `document.getElementById('reply').value`); v != "" {
			t.Fatalf("the r was typed: %q", v)
		}
		eval[bool](agent, `(document.activeElement.blur(), true)`)
		agent.do(chromedp.KeyEvent("e"))
		agent.poll("resolved", `document.querySelector('.conv-head .status')?.textContent === 'Resolved'`)
	})
	step("? shows the shortcuts and Escape closes them", func(t *testing.T) {
		eval[bool](agent, `(document.activeElement.blur(), true)`)
		agent.do(chromedp.KeyEvent("?"))
		agent.ax("", "dialog", "Keyboard shortcuts")
		agent.poll("help focused", `document.activeElement?.id === 'help-close'`)
		if !eval[bool](agent, `[...document.querySelectorAll('#help kbd')].some(k => k.textContent === 'j')`) {
			t.Error("the help does not list j")
		}
		agent.do(chromedp.KeyEvent(kb.Escape))
		agent.poll("help closed", `!document.getElementById('help')`)
	})
}

// choose picks value in the select with id, as a person does (the change
// event follows).
func choose(tb *tab, id, value string) {
	tb.t.Helper()
	eval[bool](tb, fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.focus(); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id, value))
}

// storedConversation waits until a conversation of the demo site has
// preview as its newest message, and returns its id.
func storedConversation(t *testing.T, srv *testserver.Server, preview string) string {
	t.Helper()
	id := ""
	waitTrue(t, "conversation with "+preview, func() (bool, error) {
		convs, err := srv.DB().ConversationsOfSite(srv.Site.ID, 0)
		for _, c := range convs {
			if c.Preview == preview {
				id = fmt.Sprint(c.ID)
			}
		}
		return id != "", err
	})
	return id
}

func atoi(t *testing.T, s string) uint64 {
	t.Helper()
	var n uint64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}
