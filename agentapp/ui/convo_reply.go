package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire/browser"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The reply box's conversation tools: reply or private note, the typing
// frames, and the emoji picker.

// replyTools is the reply box's state for them.
type replyTools struct {
	note      bool // the box writes a private note
	typingOn  bool
	typingAt  time.Time
	emojiOpen bool
}

func (r *ReplyBox) formClass() string {
	if r.tools.note {
		return "reply reply-note"
	}
	return "reply"
}

func (r *ReplyBox) inputLabel() string {
	if r.tools.note {
		return r.Lang.T(KNote)
	}
	return r.Lang.T(KReply)
}

func (r *ReplyBox) hint() string {
	if r.tools.note {
		return r.Lang.T(KNoteHint)
	}
	return r.Lang.T(KReplyHint)
}

func (r *ReplyBox) submitText() string {
	if r.tools.note {
		return r.Lang.T(KAddNote)
	}
	return r.Lang.T(KSend)
}

// renderMode is the reply / private note switch: two toggle buttons.
func (r *ReplyBox) renderMode() app.UI {
	button := func(note bool, k Key, id string) app.UI {
		return app.Button().Type("button").ID(id).Class("segment").
			Aria("pressed", r.tools.note == note).
			OnClick(func(ctx app.Context, e app.Event) {
				if note {
					r.stopTyping(ctx) // a note is nothing the shopper should see coming
				}
				r.tools.note = note
				focusElement("reply")
			}).
			Text(r.Lang.T(k))
	}
	return app.Div().Class("segmented", "reply-mode").Role("group").Aria("label", r.Lang.T(KReply)).Body(
		button(false, KReplyMode, "mode-reply"),
		button(true, KNoteMode, "mode-note"),
	)
}

// typed tells the shopper the agent is typing, at most every typingEvery,
// and never while a note is written.
func (r *ReplyBox) typed(ctx app.Context) {
	if r.tools.note || r.OnTyping == nil {
		return
	}
	if now := time.Now(); !r.tools.typingOn || now.Sub(r.tools.typingAt) >= typingEvery {
		r.tools.typingOn, r.tools.typingAt = true, now
		r.OnTyping(ctx, true)
	}
}

// stopTyping says the agent stopped (sent, left the box, or a note).
func (r *ReplyBox) stopTyping(ctx app.Context) {
	if r.tools.typingOn && r.OnTyping != nil {
		r.OnTyping(ctx, false)
	}
	r.tools.typingOn = false
}

// renderEmoji is the emoji button and, when open, its list; Escape or a
// pick closes it and gives the focus back.
func (r *ReplyBox) renderEmoji() app.UI {
	return app.Span().Class("reply-emoji").
		OnKeyDown(func(ctx app.Context, e app.Event) {
			if e.Get("key").String() == "Escape" && r.tools.emojiOpen {
				r.tools.emojiOpen = false
				focusElement("reply-emoji")
			}
		}).Body(
		app.Button().Type("button").ID("reply-emoji").Class("ghost").
			Aria("label", r.Lang.T(KEmoji)).Title(r.Lang.T(KEmoji)).
			Aria("expanded", r.tools.emojiOpen).Aria("controls", "reply-emojis").
			OnClick(func(ctx app.Context, e app.Event) { r.tools.emojiOpen = !r.tools.emojiOpen }).
			Text("😊"),
		app.If(r.tools.emojiOpen, func() app.UI {
			// A small non-modal dialog: while it is open the desk's
			// shortcuts stand aside, so Escape only closes it.
			return app.Div().ID("reply-emojis").Class("emoji-list").Role("dialog").Aria("label", r.Lang.T(KEmojis)).
				Body(app.Range(browser.Emojis).Slice(func(i int) app.UI {
					em := browser.Emojis[i]
					return app.Button().Type("button").Class("emoji").Text(em).
						OnClick(func(ctx app.Context, e app.Event) {
							r.tools.emojiOpen = false
							browser.InsertAtCaret("reply", em)
						})
				}))
		}),
	)
}
