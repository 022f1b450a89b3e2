package ui

import (
	"github.com/comptoir/comptoir/wire"
	"github.com/comptoir/comptoir/wire/wsclient"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// startLive opens the agent WebSocket. Its callbacks run on the JavaScript
// event loop, so each one hops onto the UI goroutine with Dispatch.
func (d *Desk) startLive() {
	if d.live != nil {
		d.live.Close()
	}
	ctx := d.ctx
	var c *wsclient.Client
	c = wsclient.New(wsclient.URLFor("/ws/agent"),
		func(f wire.Frame) {
			ctx.Dispatch(func(app.Context) {
				if d.live == c {
					d.apply(f)
				}
			})
		},
		func(st wsclient.State) {
			ctx.Dispatch(func(app.Context) {
				if d.live == c {
					d.connChanged(st)
				}
			})
		},
		// Only the hello goes out from onOpen: it runs off the UI goroutine
		// and must not read the desk's state. Subscriptions follow once
		// Online is reported (connChanged), in order on the same socket.
		func() []wire.Frame { return []wire.Frame{{Type: wire.TypeHello, V: wire.Version}} },
	)
	d.live = c
	d.conn = connConnecting
	c.Start()
}

// connChanged follows the connection's phase. On every (re)connection it
// subscribes again to each conversation held, after the last seq held, and
// resends replies that were never acknowledged (same cid: never doubled).
func (d *Desk) connChanged(st wsclient.State) {
	switch st.Phase {
	case wsclient.Online:
		d.conn = connOnline
		for id, t := range d.threads {
			t.Synced = false
			d.send(wire.Frame{Type: wire.TypeSubscribe, Conv: id, Seq: t.LastSeq()})
			for _, p := range t.Unacked() {
				d.send(p.frame(id))
			}
		}
	case wsclient.Connecting:
		if d.conn != connConnecting {
			d.conn = connReconnecting
		}
	case wsclient.Offline:
		d.conn = connReconnecting
	case wsclient.Stopped:
		d.conn = connStopped
		if st.Code == wire.CloseUnauthorized {
			reason := d.lang.T(KSessionEnded)
			if d.signingOut {
				reason = ""
			}
			d.signedOut(reason)
		}
	}
}

// apply folds one server frame into the desk's state.
func (d *Desk) apply(f wire.Frame) {
	switch f.Type {
	case wire.TypeWelcome:
		if f.Agent != nil {
			d.session.Agent = *f.Agent
		}
		d.inbox, d.inboxLoaded = ReplaceInbox(d.inbox, f.Conversations), true
		d.loadTeams()
		setTitle(d.lang, UnreadTotal(d.inbox))
		d.applyRouting(f)

	case wire.TypeAgents, wire.TypeEscalation:
		d.applyRouting(f)

	case wire.TypeConversation:
		for _, c := range f.Conversations {
			old, known := FindConversation(d.inbox, c.ID)
			d.inbox = MergeConversation(d.inbox, c)
			if c.Unread > old.Unread || (!known && c.Unread > 0) {
				d.alert(c)
			}
		}
		d.markRead()
		setTitle(d.lang, UnreadTotal(d.inbox))

	case wire.TypeMessage:
		if f.Message == nil {
			return
		}
		m := *f.Message
		if m.Conv == "" {
			m.Conv = f.Conv
		}
		d.visitorSpoke(m)
		if d.thread(m.Conv).Add(m) && m.Conv == d.selected {
			d.markRead()
			d.ctx.Defer(func(app.Context) { scrollToBottom() })
		}

	case wire.TypeSynced:
		if f.Conv != "" {
			d.thread(f.Conv).Synced = true
			if f.Conv == d.selected {
				d.markRead()
				d.ctx.Defer(func(app.Context) { scrollToBottom() })
			}
		}

	case wire.TypeAck:
		me := wire.Author{Kind: wire.AuthorAgent, ID: d.session.Agent.ID, Name: d.session.Agent.Name}
		d.thread(f.Conv).Ack(f.Conv, f.CID, f.Seq, me)

	case wire.TypeTyping, wire.TypeRead:
		d.onPresence(f)

	case wire.TypeError:
		if f.Error == nil {
			return
		}
		if f.Error.CID != "" {
			for _, t := range d.threads {
				if t.Fail(f.Error.CID, f.Error.Message) {
					return
				}
			}
		}
		d.flash = f.Error.Message
	}
}

// alert tells the agent about a visitor message that arrived while the
// desk is in the background: a system notification and a short chime.
func (d *Desk) alert(c wire.Conversation) {
	if !documentHidden() {
		return
	}
	notify(d.lang.F(KNewMessageFrom, VisitorLabel(d.lang, c)), c.Preview, "conv-"+c.ID,
		d.ctx.ResolveStaticResource("/web/icon-192.png"))
	d.sound.beep()
}
