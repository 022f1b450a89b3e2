package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The desk's side of the conversation tools (docs/agents.md): the shopper's
// typing and seen receipts, private notes, labels, complaint reasons,
// promises and asking the shopper to confirm.

// Typing: a frame at most every typingEvery while typing; an indicator is
// shown typingShown after the last frame.
const (
	typingEvery = 3 * time.Second
	typingShown = 6 * time.Second
)

// convoDesk is the desk's state for these tools.
type convoDesk struct {
	// typing is who types in each conversation; typingGen lets an older
	// timer leave a newer indicator alone.
	typing    map[string]string
	typingGen map[string]int
	// options are each site's label suggestions and reasons, by site id.
	options map[string]*wire.LabelOptions
}

// onPresence applies a shopper's typing or read frame.
func (d *Desk) onPresence(f wire.Frame) {
	if f.Author == nil || f.Author.Kind != wire.AuthorVisitor {
		return
	}
	if f.Type == wire.TypeRead {
		for i := range d.inbox {
			if d.inbox[i].ID == f.Conv {
				d.inbox[i].ReadByVisitor = max(d.inbox[i].ReadByVisitor, f.Seq)
			}
		}
		return
	}
	if d.convo.typing == nil {
		d.convo.typing, d.convo.typingGen = map[string]string{}, map[string]int{}
	}
	if !f.Typing {
		delete(d.convo.typing, f.Conv)
		return
	}
	who := f.Author.Name
	if c, ok := FindConversation(d.inbox, f.Conv); ok || who == "" {
		who = VisitorLabel(d.lang, c)
	}
	d.convo.typing[f.Conv] = who
	d.convo.typingGen[f.Conv]++
	gen, conv := d.convo.typingGen[f.Conv], f.Conv
	d.ctx.After(typingShown, func(app.Context) {
		if d.convo.typingGen[conv] == gen {
			delete(d.convo.typing, conv)
		}
	})
}

// visitorSpoke clears the indicator when the shopper's message arrives.
func (d *Desk) visitorSpoke(m wire.Message) {
	if m.Author.Kind == wire.AuthorVisitor {
		delete(d.convo.typing, m.Conv)
	}
}

// sendTyping tells the shopper the agent is typing (or stopped).
func (d *Desk) sendTyping(_ app.Context, typing bool) {
	if d.selected != "" {
		d.send(wire.Frame{Type: wire.TypeTyping, Conv: d.selected, Typing: typing})
	}
}

// sendNote posts a private note: shown at once as pending, like a reply,
// and sent with private set (again on retries and reconnects).
func (d *Desk) sendNote(ctx app.Context, body string, files []wire.Attachment) {
	conv := d.selected
	if conv == "" {
		return
	}
	p := PendingReply{CID: NewCID(), Body: body, At: time.Now().UnixMilli(), Files: files, Private: true}
	d.thread(conv).AddPending(p)
	d.send(p.frame(conv))
	ctx.Defer(func(app.Context) { scrollToBottom() })
}

// frame is the send frame of a pending reply or note.
func (p PendingReply) frame(conv string) wire.Frame {
	return wire.Frame{Type: wire.TypeSend, CID: p.CID, Conv: conv, Body: p.Body, Attachments: wire.AttachmentIDs(p.Files), Private: p.Private}
}

// loadLabelOptions fetches a site's label suggestions and reasons once.
func (d *Desk) loadLabelOptions(site string) {
	if site == "" {
		return
	}
	if d.convo.options == nil {
		d.convo.options = map[string]*wire.LabelOptions{}
	}
	if _, ok := d.convo.options[site]; ok {
		return
	}
	d.convo.options[site] = nil // loading
	var opts wire.LabelOptions
	d.rest.call("GET", "/sites/"+site+"/labels", nil, &opts, func(status int, err *wire.Error) {
		d.ctx.Dispatch(func(app.Context) {
			if err != nil || status != 200 {
				delete(d.convo.options, site) // try again next time
				return
			}
			d.convo.options[site] = &opts
		})
	})
}

// changeConversation sends a REST change of the open conversation and
// shows the answer at once (the inbox frame that follows agrees).
func (d *Desk) changeConversation(method, path string, body any) {
	conv := d.selected
	if conv == "" {
		return
	}
	var got wire.Conversation
	d.rest.call(method, "/conversations/"+conv+path, body, &got, func(status int, err *wire.Error) {
		d.ctx.Dispatch(func(app.Context) {
			switch {
			case err != nil:
				d.flash = err.Message
			case status == 0:
				d.flash = d.lang.T(KNetworkError)
			default:
				if old, ok := FindConversation(d.inbox, got.ID); ok {
					// The REST answer is a summary: keep the pages seen.
					got.Pages = old.Pages
				}
				d.inbox = MergeConversation(d.inbox, got)
			}
		})
	})
}

func (d *Desk) setLabels(_ app.Context, labels []string) {
	d.changeConversation("PUT", "/labels", wire.LabelsRequest{Labels: labels})
	if c, ok := FindConversation(d.inbox, d.selected); ok {
		if o := d.convo.options[c.Site]; o != nil {
			for _, l := range labels {
				if !containsFold(o.Labels, l) {
					o.Labels = append(o.Labels, l)
				}
			}
		}
	}
}

func (d *Desk) setReason(_ app.Context, reason string) {
	d.changeConversation("PUT", "/reason", wire.ReasonRequest{Reason: reason})
}

func (d *Desk) setPromise(_ app.Context, req wire.PromiseRequest) {
	d.changeConversation("PUT", "/promise", req)
}

func (d *Desk) keepPromise(app.Context) {
	d.changeConversation("POST", "/promise/kept", nil)
}

// PromiseLate says whether c has a promise still due whose time is past.
func PromiseLate(c wire.Conversation, now time.Time) bool {
	return c.Promise.Late(now.UnixMilli())
}

// promiseBadge marks an inbox row whose promise is late.
func promiseBadge(l Lang, now time.Time, c wire.Conversation) app.UI {
	if !PromiseLate(c, now) {
		return nil
	}
	return app.Span().Class("badge-late").Title("%s", c.Promise.What).Text(l.T(KLate))
}
