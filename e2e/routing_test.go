package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// What the routing screens show.
const (
	// widgetQueue is the shopper's place in line, "" when not waiting.
	widgetQueue = `(document.querySelector('.cpt-queue')?.textContent ?? '')`
	// deskAvailability is the agent's own availability in the header.
	deskAvailability = `(document.querySelector('#availability .av-label')?.textContent ?? '')`
	// deskRouting is who has the open conversation, from the agent's side.
	deskRouting = `(document.querySelector('#routing-status')?.textContent ?? '')`
)

// TestRoutingToTheFreeAgentAndPlaceInLine is issue 5's proof in real
// browsers: two agents with room for one conversation each; a conversation
// goes to the free agent while the other is full; when nobody is free the
// shoppers see their place in line, which moves as agents free up.
func TestRoutingToTheFreeAgentAndPlaceInLine(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startShop(t, srv, true) + "/tote"
	newAgent(t, srv, "Ann", "ann@shop.test", 1)
	newAgent(t, srv, "Bob", "bob@shop.test", 1)

	browser := startBrowser(t)
	ann := newTab(t, browser, "ann")
	bob := newTab(t, browser, "bob")
	first := newTab(t, browser, "first shopper")
	second := newTab(t, browser, "second shopper")
	third := newTab(t, browser, "third shopper")
	step := steps(t, nil, ann, bob, first, second, third)
	var f1, f2, f3 cdp.FrameID

	const (
		q1 = "Is the tote waterproof?"
		q2 = "Do you ship to Belgium?"
		q3 = "Can I change my order?"
	)

	step("both agents sign in and are online", func(t *testing.T) {
		signIn(ann, srv.URL, "ann@shop.test", "password-Ann")
		signIn(bob, srv.URL, "bob@shop.test", "password-Bob")
		ann.poll("Ann online", deskAvailability+` === 'Online'`)
		bob.poll("Bob online", deskAvailability+` === 'Online'`)

	})

	step("the first shopper's conversation goes to Ann, who is then full", func(t *testing.T) {
		f1 = openWidget(first, srv.URL, shopURL)
		sendFromWidget(first, f1, q1)
		openRow(ann, q1)
		ann.poll("assigned to Ann", deskRouting+` === 'Assigned to you'`)
		if q, _ := frameEval[string](first, f1, widgetQueue); q != "" {
			t.Errorf("the first shopper was told %q; an agent was free", q)
		}
	})

	step("Bob switches himself to away with the header switch", func(t *testing.T) {
		bob.click(bob.ax("", "button", "Online: switch to away"))
		bob.poll("Bob away", deskAvailability+` === 'Away'`)
	})

	step("with Ann full and Bob away, the second shopper waits and sees their place", func(t *testing.T) {
		f2 = openWidget(second, srv.URL, shopURL)
		sendFromWidget(second, f2, q2)
		framePoll[bool](second, f2, "first in line", widgetQueue+` === 'All our agents are busy. You are next in line.'`)
	})

	step("a third shopper is second in line", func(t *testing.T) {
		f3 = openWidget(third, srv.URL, shopURL)
		sendFromWidget(third, f3, q3)
		framePoll[bool](third, f3, "second in line", widgetQueue+` === 'All our agents are busy. You are 2nd in line.'`)
	})

	step("Bob comes back: the first in line goes to him, the free agent, not to Ann who is full", func(t *testing.T) {
		bob.click(bob.ax("", "button", "Away: switch to online"))
		framePoll[bool](second, f2, "no longer waiting", widgetQueue+` === ''`)
		framePoll[bool](third, f3, "now first in line", widgetQueue+` === 'All our agents are busy. You are next in line.'`)
		openRow(bob, q2)
		bob.poll("assigned to Bob", deskRouting+` === 'Assigned to you'`)
	})

	step("Bob escalates his conversation with a note: an agents-only line and a mark in the inboxes", func(t *testing.T) {
		bob.click(bob.ax("", "button", "Escalate"))
		bob.typeInto(bob.ax("", "textbox", "Why? (for the admins)"), "Asks for a refund over my limit")
		bob.click(bob.ax("", "button", "Escalate to admins"))
		bob.poll("event line", `[...document.querySelectorAll('#messages .msg-event')].some(e => e.textContent.includes('Bob escalated it to the admins') && e.textContent.includes('Asks for a refund over my limit'))`)
		find := `[...document.querySelectorAll('[id^="row-"]')].find(r => r.querySelector('.row-preview')?.textContent === ` + jsString(q2) + `)`
		ann.poll("escalated mark in Ann's inbox", find+`?.querySelector('.badge-escalated')?.textContent === 'Escalated'`)
		if n, _ := frameEval[int](second, f2, `document.querySelectorAll('#cpt-log .cpt-msg').length`); n != 1 {
			t.Errorf("the shopper's widget shows %d messages; the event line is for agents only", n)
		}
	})

	step("Ann resolves her conversation and gets the next in line", func(t *testing.T) {
		ann.click(ann.ax("", "button", "Resolve"))
		framePoll[bool](third, f3, "no longer waiting", widgetQueue+` === ''`)
		openRow(ann, q3)
		ann.poll("assigned to Ann", deskRouting+` === 'Assigned to you'`)
	})
}

// newAgent creates an agent of the demo site whose password is
// "password-" + name, taking capacity conversations at once.
func newAgent(t *testing.T, srv *testserver.Server, name, email string, capacity int) uint64 {
	t.Helper()
	hash, err := auth.HashPassword("password-" + name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := srv.DB().CreateAgent(store.Agent{Email: email, Name: name, Role: wire.RoleAgent, Sites: []uint64{srv.Site.ID}, PasswordHash: hash, Capacity: capacity})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// openRow waits for the inbox row whose preview is preview, opens it and
// waits for its messages.
func openRow(agent *tab, preview string) {
	agent.t.Helper()
	find := `[...document.querySelectorAll('[id^="row-"]')].find(r => r.querySelector('.row-preview')?.textContent === ` + jsString(preview) + `)`
	agent.poll("inbox row "+preview, `!!`+find)
	agent.clickCSS("#" + eval[string](agent, find+`.id`))
	agent.poll("conversation "+preview, `[...document.querySelectorAll('#messages .msg-body')].some(e => e.textContent === `+jsString(preview)+`)`)
}

// TestPreChatForm: a site with the pre-chat form on; the shopper must give
// a name, a valid email and a topic (errors in words, tied to the field,
// with the focus on it), then writes; the agent sees the name and topic,
// and the topic sent the conversation to its team.
func TestPreChatForm(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startShop(t, srv, true) + "/tote"
	newAgent(t, srv, "Ann", "ann@shop.test", 3)
	bobID := newAgent(t, srv, "Bob", "bob@shop.test", 3)
	team, err := srv.DB().SaveTeam(0, store.Team{SiteID: srv.Site.ID, Name: "Technical", Members: []uint64{bobID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Chat().Router().TeamsChanged(); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB().SetSiteRouting(0, srv.Site.ID, store.SiteRouting{
		Rules:   []store.RoutingRule{{Field: store.RuleTopic, Pattern: "Technical question", Team: team.ID}},
		PreChat: store.PreChat{Enabled: true, Topics: []string{"Order", "Technical question"}},
	}); err != nil {
		t.Fatal(err)
	}
	browser := startBrowser(t)
	bob := newTab(t, browser, "bob")
	shopper := newTab(t, browser, "shopper")
	step := steps(t, nil, bob, shopper)
	var frame cdp.FrameID

	step("Bob signs in", func(t *testing.T) {
		signIn(bob, srv.URL, "bob@shop.test", "password-Bob")
		bob.poll("Bob online", deskAvailability+` === 'Online'`)
	})
	step("the shopper sees the form instead of the message box", func(t *testing.T) {
		frame = openWidget(shopper, srv.URL, shopURL)
		shopper.ax(frame, "textbox", "Your name")
		if n, _ := frameEval[int](shopper, frame, `document.querySelectorAll('#cpt-input').length`); n != 0 {
			t.Error("the message box shows before the form is filled in")
		}
	})
	step("an empty name and a wrong email are refused in words", func(t *testing.T) {
		shopper.click(shopper.ax(frame, "button", "Start the chat"))
		framePoll[bool](shopper, frame, "name error", `document.getElementById('cpt-pc-name-err')?.textContent === 'Please enter your name.' && document.activeElement.id === 'cpt-pc-name'`)
		shopper.typeInto(shopper.ax(frame, "textbox", "Your name"), "Chloé")
		shopper.typeInto(shopper.ax(frame, "textbox", "Your email"), "chloe@")
		shopper.click(shopper.ax(frame, "button", "Start the chat"))
		framePoll[bool](shopper, frame, "email error", `document.getElementById('cpt-pc-email')?.getAttribute('aria-invalid') === 'true' && document.activeElement.id === 'cpt-pc-email'`)
	})
	step("with a valid email and a topic, the message box comes and the first message goes", func(t *testing.T) {
		shopper.typeInto(shopper.ax(frame, "textbox", "Your email"), "example.com")
		if _, err := frameEval[bool](shopper, frame, `(() => { const s = document.getElementById('cpt-pc-topic'); s.value = 'Technical question'; return true; })()`); err != nil {
			t.Fatal(err)
		}
		shopper.click(shopper.ax(frame, "button", "Start the chat"))
		sendFromWidget(shopper, frame, "The size guide page is blank")
	})
	step("the conversation went to the technical team with its topic and the shopper's name", func(t *testing.T) {
		openRow(bob, "The size guide page is blank")
		bob.poll("assigned to Bob", deskRouting+` === 'Assigned to you'`)
		bob.poll("topic", `document.querySelector('.routing-topic')?.textContent === 'Topic: Technical question'`)
		bob.poll("name", `document.getElementById('conv-title')?.textContent === 'Chloé'`)
	})
}

// TestRoutingSettingsScreen: an admin makes a team, puts an agent in it,
// writes a rule, turns the pre-chat form on, sets the waiting limit and a
// capacity, all from the agents' app; the server has it all.
func TestRoutingSettingsScreen(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	annID := newAgent(t, srv, "Ann", "ann@shop.test", 3)
	browser := startBrowser(t)
	admin := newTab(t, browser, "admin")
	step := steps(t, nil, admin)

	step("the admin opens the routing screen", func(t *testing.T) {
		signIn(admin, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
		admin.click(admin.ax("", "button", "Routing"))
		admin.ax("", "dialog", "Routing")
		admin.poll("no team yet", `document.getElementById('routing-panel')?.textContent.includes('No teams yet')`)
	})
	step("a new team Sales with Ann in it", func(t *testing.T) {
		admin.typeInto(admin.ax("", "textbox", "New team"), "Sales")
		admin.do(chromedp.KeyEvent(kb.Enter))
		admin.poll("team listed", `[...document.querySelectorAll('#routing-panel legend')].some(l => l.textContent === 'Sales')`)
		admin.click(admin.ax("", "checkbox", "Ann"))
		waitUntil(t, "Ann in Sales", func() bool {
			teams, _ := srv.DB().Teams(srv.Site.ID)
			return len(teams) == 1 && teams[0].Name == "Sales" && len(teams[0].Members) == 1 && teams[0].Members[0] == annID
		})
	})
	step("a rule, the pre-chat form and the waiting limit are saved", func(t *testing.T) {
		// The sheet scrolls: each control is brought into view first.
		show := func(id string) {
			eval[bool](admin, `(document.getElementById('`+id+`').scrollIntoView({block: 'center'}), true)`)
		}
		show("rule-add")
		admin.click(admin.ax("", "button", "Add a rule"))
		admin.typeInto(admin.ax("", "textbox", "Matches"), "*/tote*")
		show("prechat-on")
		admin.click(admin.ax("", "checkbox", "Ask for name, email and topic before the first message"))
		admin.typeInto(admin.ax("", "textbox", "Topics, one per line"), "Order\nProduct question")
		show("escalate-after")
		eval[bool](admin, `(document.getElementById('escalate-after').select(), true)`)
		admin.typeInto(admin.ax("", "spinbutton", "Escalate to admins after a shopper waits (minutes, 0: never)"), "5")
		admin.do(chromedp.KeyEvent(kb.Tab))
		show("routing-save")
		admin.click(admin.ax("", "button", "Save"))
		waitUntil(t, "settings stored", func() bool {
			s, _ := srv.DB().Site(srv.Site.ID)
			r := s.Routing
			return len(r.Rules) == 1 && r.Rules[0].Pattern == "*/tote*" && r.PreChat.Enabled &&
				len(r.PreChat.Topics) == 2 && r.PreChat.Topics[1] == "Product question" && r.EscalateAfterSeconds == 300
		})
	})
	step("Ann's capacity is raised to 4", func(t *testing.T) {
		box := admin.ax("", "spinbutton", "Capacity of Ann")
		eval[bool](admin, `(document.getElementById('capacity-`+strconv.FormatUint(annID, 10)+`').scrollIntoView({block: 'center'}), true)`)
		eval[bool](admin, `(document.getElementById('capacity-`+strconv.FormatUint(annID, 10)+`').select(), true)`)
		admin.typeInto(box, "4")
		admin.do(chromedp.KeyEvent(kb.Tab))
		waitUntil(t, "capacity stored", func() bool {
			a, _ := srv.DB().Agent(annID)
			return a.Capacity == 4
		})
	})
}

// waitUntil polls cond until it holds, failing the test after 10 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10 s", what)
		}
	}
}
