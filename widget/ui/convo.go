package ui

import (
	"strings"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/comptoir/comptoir/wire/browser"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The conversation tools on the shopper's side (docs/agents.md): the
// agent's typing indicator, "Seen" under the shopper's last message, the
// typing frames the shopper's own typing sends, the follow-up an agent
// promised, the "Did this solve your problem?" prompt, and the emoji picker.

// typingEvery is how often a shopper still typing says so again; the
// other side shows the indicator for typingShown after the last one.
const (
	typingEvery = 3 * time.Second
	typingShown = 6 * time.Second
)

// convoState is the Chat's state for these tools.
type convoState struct {
	// convs are the shopper's views of their conversations: status,
	// promise, how far the agents have read.
	convs map[string]wire.Conversation
	// typing is who types in typingConv ("" nobody); typingGen makes an
	// older timer leave a newer indicator alone.
	typing, typingConv string
	typingGen          int
	// typingOn and typingAt are the shopper's own typing frames.
	typingOn  bool
	typingAt  time.Time
	emojiOpen bool
	// answered is the conversation whose prompt was just answered, until
	// the server's conversation frame comes back.
	answered string
}

// setConversation records the shopper's view of one conversation.
func (c *Chat) setConversation(w wire.Conversation) {
	if c.convo.convs == nil {
		c.convo.convs = map[string]wire.Conversation{}
	}
	if old, ok := c.convo.convs[w.ID]; ok && old.ReadByAgents > w.ReadByAgents {
		w.ReadByAgents = old.ReadByAgents
	}
	c.convo.convs[w.ID] = w
	if c.convo.answered == w.ID && w.Status != wire.StatusAwaiting {
		c.convo.answered = ""
	}
}

// onPresence applies a typing or read frame from the agents' side.
func (c *Chat) onPresence(ctx app.Context, f wire.Frame) {
	if f.Author == nil || f.Author.Kind == wire.AuthorVisitor {
		return
	}
	if f.Type == wire.TypeRead {
		w := c.convo.convs[f.Conv]
		w.ID = f.Conv
		w.ReadByAgents = max(w.ReadByAgents, f.Seq)
		c.setConversation(w)
		return
	}
	if !f.Typing {
		c.convo.typing = ""
		return
	}
	name := f.Author.Name
	if name == "" {
		name = T(c.lang, KeySupport)
	}
	c.convo.typing, c.convo.typingConv = name, f.Conv
	c.convo.typingGen++
	gen := c.convo.typingGen
	ctx.After(typingShown, func(app.Context) {
		if c.convo.typingGen == gen {
			c.convo.typing = ""
		}
	})
}

// agentSpoke clears the typing indicator when the agent's message arrives.
func (c *Chat) agentSpoke(m wire.Message) {
	if m.Author.Kind == wire.AuthorAgent && m.Conv == c.convo.typingConv {
		c.convo.typing = ""
	}
}

// onComposerInput tells the agents the shopper is typing, at most every
// typingEvery; the panel is not redrawn.
func (c *Chat) onComposerInput(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if c.conv == "" || !c.welcomed {
		return
	}
	if now := time.Now(); !c.convo.typingOn || now.Sub(c.convo.typingAt) >= typingEvery {
		c.convo.typingOn, c.convo.typingAt = c.ws.Send(wire.Frame{Type: wire.TypeTyping, Conv: c.conv, Typing: true}), now
	}
}

// stopTyping says the shopper stopped (sent, or left the text box).
func (c *Chat) stopTyping() {
	if c.convo.typingOn && c.welcomed {
		c.ws.Send(wire.Frame{Type: wire.TypeTyping, Conv: c.conv, Typing: false})
	}
	c.convo.typingOn = false
}

// seenKey is the key of the shopper's last message when the agents have
// read it, else "".
func (c *Chat) seenKey(rows []Row) string {
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if r.Author.Kind != wire.AuthorVisitor {
			continue
		}
		if r.Pending {
			return ""
		}
		read := c.convo.convs[c.conv].ReadByAgents
		if t := c.threads[c.conv]; t != nil && read > 0 {
			for _, m := range t.Messages {
				if (m.CID == r.Key || "s"+uitoa(m.Seq) == r.Key) && m.Seq <= read {
					return r.Key
				}
			}
		}
		return ""
	}
	return ""
}

// renderConvo draws, under the messages: who is typing (a polite live
// region, always there so that screen readers follow it), the promise, and
// the confirmation prompt.
func (c *Chat) renderConvo() app.UI {
	t := ct(c.lang)
	typing := ""
	if c.convo.typing != "" && c.convo.typingConv == c.conv {
		typing = strings.Replace(t.Typing, "{name}", c.convo.typing, 1)
	}
	w := c.convo.convs[c.conv]
	return app.Div().Class("cpt-convo").Body(
		app.P().Class("cpt-typing").Attr("role", "status").Aria("live", "polite").Text(typing),
		app.If(w.Promise != nil && w.Promise.DoneAt == 0 && !app.IsServer, func() app.UI {
			return c.renderPromise(t, w.Promise)
		}),
		app.If(w.Status == wire.StatusAwaiting, func() app.UI {
			busy := c.convo.answered == c.conv
			yes := app.Button().Type("button").Class("cpt-confirm-yes").Text(t.Yes).
				OnClick(func(ctx app.Context, e app.Event) { c.answer(wire.AnswerYes) })
			no := app.Button().Type("button").Class("cpt-confirm-no").Text(t.No).
				OnClick(func(ctx app.Context, e app.Event) { c.answer(wire.AnswerNo) })
			if busy {
				yes, no = yes.Disabled(true), no.Disabled(true)
			}
			return app.Div().Class("cpt-confirm").Attr("role", "group").Aria("labelledby", "cpt-confirm-q").Body(
				app.P().ID("cpt-confirm-q").Text(t.Confirm),
				app.Div().Class("cpt-confirm-buttons").Body(yes, no),
			)
		}),
	)
}

func (c *Chat) renderPromise(t convoTexts, p *wire.Promise) app.UI {
	name := p.By
	if name == "" {
		name = T(c.lang, KeySupport)
	}
	due := t.DueChat
	if p.Channel == wire.ChannelEmail {
		due = t.DueEmail
	}
	date := app.Window().Get("Date").New(p.Due).Call("toLocaleString", c.lang,
		map[string]any{"dateStyle": "medium", "timeStyle": "short"}).String()
	return app.Div().Class("cpt-promise").Attr("role", "note").Body(
		app.P().Text(strings.Replace(strings.Replace(t.Promise, "{name}", name, 1), "{what}", p.What, 1)),
		app.P().Class("cpt-meta").Text(strings.Replace(due, "{date}", date, 1)),
	)
}

// answer sends the shopper's yes or no to the proposed solution.
func (c *Chat) answer(a string) {
	if c.welcomed && c.ws.Send(wire.Frame{Type: wire.TypeConfirm, Conv: c.conv, Answer: a}) {
		c.convo.answered = c.conv
	}
}

// renderEmoji draws the emoji button and, when open, the list above the
// composer. The slot is always there so the text box is never replaced.
func (c *Chat) renderEmoji() app.UI {
	t := ct(c.lang)
	return app.Div().Class("cpt-emoji-slot").Body(
		app.Button().Type("button").ID("cpt-emoji").Class("cpt-attach").
			Aria("label", t.Emoji).Title(t.Emoji).
			Aria("expanded", c.convo.emojiOpen).Aria("controls", "cpt-emojis").
			OnClick(func(ctx app.Context, e app.Event) { c.convo.emojiOpen = !c.convo.emojiOpen }).
			Text("😊"),
		app.If(c.convo.emojiOpen, func() app.UI {
			return app.Div().ID("cpt-emojis").Class("cpt-emojis").Attr("role", "group").Aria("label", t.Emojis).Body(
				app.Range(browser.Emojis).Slice(func(i int) app.UI {
					e := browser.Emojis[i]
					return app.Button().Type("button").Class("cpt-emoji").Text(e).
						OnClick(func(ctx app.Context, _ app.Event) { c.insertEmoji(e) })
				}),
			)
		}),
	)
}

// insertEmoji puts e at the caret of the text box and gives it the focus.
func (c *Chat) insertEmoji(e string) {
	c.convo.emojiOpen = false
	browser.InsertAtCaret(composerID, e)
}

// closeEmoji closes the emoji list (Escape), reporting whether it was open.
func (c *Chat) closeEmoji() bool {
	if !c.convo.emojiOpen {
		return false
	}
	c.convo.emojiOpen = false
	if b := app.Window().GetElementByID("cpt-emoji"); b.Truthy() {
		b.Call("focus")
	}
	return true
}
