package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ConversationPane shows one conversation: who and what it is about, the
// messages, the reply box and the resolve/reopen action.
type ConversationPane struct {
	app.Compo

	Lang Lang
	Now  time.Time
	Conv wire.Conversation
	// Thread is nil until the conversation was opened once.
	Thread *Thread
	// AgentID is the signed-in agent, whose messages read "You".
	AgentID  string
	OnSend   func(ctx app.Context, body string, files []wire.Attachment)
	OnRetry  func(ctx app.Context, cid string)
	OnStatus func(ctx app.Context, status string)
	OnBack   func(ctx app.Context)

	// AgentName signs canned replies ({{agent.name}}); Canned is the
	// site's library, nil until loaded.
	AgentName string
	Canned    []wire.CannedReply
	// Rest uploads the reply box's attachments.
	Rest *restClient

	// History is the contact's other conversations, newest first, for
	// the context panel; OnOpen opens one of them.
	History      []wire.Conversation
	HistoryState historyState
	OnOpen       func(ctx app.Context, id string)
	// The conversation tools (convo_desk.go): who is typing, the site's
	// labels and reasons, and what the agent does with them.
	Typing    string
	Options   *wire.LabelOptions
	OnNote    func(ctx app.Context, body string, files []wire.Attachment)
	OnTyping  func(ctx app.Context, typing bool)
	OnLabels  func(ctx app.Context, labels []string)
	OnReason  func(ctx app.Context, reason string)
	OnPromise func(ctx app.Context, req wire.PromiseRequest)
	OnKeep    func(ctx app.Context)
	// Routing is who has the conversation and the transfer actions
	// (routing_bar.go).
	Routing app.UI
}

// Render draws the pane.
func (p *ConversationPane) Render() app.UI {
	c := p.Conv
	resolved := c.Status == wire.StatusResolved
	next, action := wire.StatusResolved, KResolve
	if resolved {
		next, action = wire.StatusOpen, KReopen
	}
	return app.Main().ID("conversation").Class("conversation").Aria("labelledby", "conv-title").Body(
		app.Div().Class("conv-head").Body(
			app.Button().Class("ghost", "back").
				Aria("label", p.Lang.T(KBack)).
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, p.OnBack) }).
				Text("←"),
			app.H1().ID("conv-title").Class("conv-title").Text(VisitorLabel(p.Lang, c)),
			app.Span().Class("status", "status-"+c.Status).Text(statusLabel(p.Lang, c.Status)),
			app.Button().ID("status-toggle").Class("secondary").
				OnClick(func(ctx app.Context, e app.Event) {
					if p.OnStatus != nil {
						p.OnStatus(ctx, next)
					}
				}).
				Text(p.Lang.T(action)),
			p.renderConfirmAction(),
		),
		p.Routing,
		app.Div().Class("conv-body").Body(
			app.Div().Class("conv-thread").Body(
				p.renderMessages(),
				// Always there, so screen readers follow it as it changes.
				app.P().Class("typing-indicator").Role("status").Aria("live", "polite").
					Text(typingText(p.Lang, p.Typing)),
				&ReplyBox{
					Lang:       p.Lang,
					Conv:       c.ID,
					OnSend:     p.OnSend,
					OnNote:     p.OnNote,
					OnTyping:   p.OnTyping,
					Rest:       p.Rest,
					Canned:     p.Canned,
					CannedLang: ConversationLang(c),
					CannedVars: CannedVars(c, p.AgentName, ConversationLang(c)),
				},
			),
			&ContextPanel{Lang: p.Lang, Now: p.Now, Conv: c, History: p.History, HistoryState: p.HistoryState, OnOpen: p.OnOpen, Tools: &ConvoPanel{
				Lang: p.Lang, Now: p.Now, Conv: c, Options: p.Options,
				OnLabels: p.OnLabels, OnReason: p.OnReason, OnPromise: p.OnPromise, OnKeep: p.OnKeep,
			}},
		),
	)
}

func (p *ConversationPane) renderMessages() app.UI {
	t := p.Thread
	var items []app.UI
	switch {
	case t == nil || (len(t.Messages) == 0 && len(t.Pending) == 0 && !t.Synced):
		items = append(items, app.Li().Class("thread-state").Text(p.Lang.T(KLoadingMessages)))
	case len(t.Messages) == 0 && len(t.Pending) == 0:
		items = append(items, app.Li().Class("thread-state").Text(p.Lang.T(KNoMessages)))
	default:
		receipt := lastAgentReply(t.Messages)
		for _, m := range t.Messages {
			items = append(items, p.renderMessage(m, m.Seq == receipt))
		}
		for _, pr := range t.Pending {
			items = append(items, p.renderPending(pr))
		}
	}
	// role=log: new messages are announced politely, in order.
	return app.Ol().ID("messages").Class("messages").Role("log").
		Aria("live", "polite").Aria("label", VisitorLabel(p.Lang, p.Conv)).
		TabIndex(0).Body(items...)
}

func (p *ConversationPane) renderMessage(m wire.Message, receipt bool) app.UI {
	if m.Event != nil {
		return renderEventLine(p.Lang, p.Now, m) // routing_bar.go
	}
	who := m.Author.Name
	side := "msg-visitor"
	switch m.Author.Kind {
	case wire.AuthorAgent:
		side = "msg-agent"
		if m.Author.ID == p.AgentID {
			who = p.Lang.T(KYou)
		}
	case wire.AuthorSystem:
		side = "msg-system"
	default:
		if who == "" {
			who = VisitorLabel(p.Lang, p.Conv)
		}
	}
	at := Millis(m.At)
	if m.Private {
		side += " msg-note"
	}
	return app.Li().Class("msg", side).DataSet("seq", m.Seq).Body(
		app.Div().Class("msg-meta").Body(
			app.Span().Class("msg-author").Text(who),
			app.If(m.Private, func() app.UI { return app.Span().Class("note-badge").Text(p.Lang.T(KNote)) }),
			app.Time().Class("msg-time").
				DateTime("%s", at.UTC().Format(time.RFC3339)).
				Text(ClockTime(p.Now, at)),
			app.If(receipt, func() app.UI { return p.renderReceipt(m) }),
		),
		// Text, never Raw: what people type is shown as typed.
		app.P().Class("msg-body").Text(m.Body),
		renderFiles(p.Lang, m.Attachments),
	)
}

func (p *ConversationPane) renderPending(pr PendingReply) app.UI {
	cid := pr.CID
	state := app.Span().Class("msg-time").Text(p.Lang.T(KSending))
	class := "msg-pending"
	if pr.Failed != "" {
		class = "msg-failed"
		state = app.Span().Class("msg-error").Role("alert").Body(
			app.Text(p.Lang.F(KNotSent, pr.Failed)+" "),
			app.Button().Class("link").
				OnClick(func(ctx app.Context, e app.Event) {
					if p.OnRetry != nil {
						p.OnRetry(ctx, cid)
					}
				}).
				Text(p.Lang.T(KRetry)),
		)
	}
	if pr.Private {
		class += " msg-note"
	}
	return app.Li().Class("msg", "msg-agent", class).DataSet("cid", cid).Body(
		app.Div().Class("msg-meta").Body(
			app.Span().Class("msg-author").Text(p.Lang.T(KYou)),
			app.If(pr.Private, func() app.UI { return app.Span().Class("note-badge").Text(p.Lang.T(KNote)) }),
			state,
		),
		app.P().Class("msg-body").Text(pr.Body),
		renderFiles(p.Lang, pr.Files),
	)
}
