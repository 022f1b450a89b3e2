package ui

import (
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ReplyBox is the agent's reply form: Enter sends, Shift+Enter starts a new
// line. The draft lives in the textarea itself; CompoID ties the component
// to its conversation so a half-written reply never follows the agent into
// another conversation.
type ReplyBox struct {
	app.Compo

	Lang Lang
	Conv string
	// OnSend sends a reply with the files uploaded for it (none: nil).
	OnSend func(ctx app.Context, body string, files []wire.Attachment)
	// Rest uploads the files attached (attach_reply.go).
	Rest *restClient
	// Canned is the site's library of canned replies (canned_menu.go);
	// CannedLang and CannedVars fill in the one chosen.
	Canned     []wire.CannedReply
	CannedLang string
	CannedVars map[string]string

	// OnNote adds a private note instead (note mode); OnTyping tells the
	// shopper the agent types, never while writing a note (convo_reply.go).
	OnNote   func(ctx app.Context, body string, files []wire.Attachment)
	OnTyping func(ctx app.Context, typing bool)
	tools    replyTools

	menu  cannedMenu
	files replyFiles
	// keyGuard, listening on guarded, stops the keys the list uses from
	// acting on the text (canned_menu.go).
	keyGuard app.Func
	guarded  app.Value
}

// CompoID makes go-app mount a fresh box per conversation.
func (r *ReplyBox) CompoID() string { return "reply-" + r.Conv }

// Render draws the form.
func (r *ReplyBox) Render() app.UI {
	return app.Form().Class(r.formClass()).OnSubmit(func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		r.send(ctx)
	}).Body(
		r.renderDrafts(),
		// The textarea comes first and the list after it (drawn above by
		// CSS): the list coming and going must never remount the textarea,
		// which would lose its focus and text.
		app.Div().Class("reply-field").Body(
			r.textareaCanned(app.Textarea().ID("reply").Class("reply-input").
				Aria("label", r.inputLabel()).
				Aria("describedby", "reply-hint").
				Rows(2).
				Attr("maxlength", 5000).
				OnKeyDown(r.keyDown).
				OnInput(func(ctx app.Context, e app.Event) { r.updateCanned(ctx); r.typed(ctx) }).
				OnBlur(func(ctx app.Context, e app.Event) { r.closeCanned(); r.stopTyping(ctx) }).
				OnPaste(r.pasteFiles)),
			r.renderCanned(),
		),
		app.Div().Class("reply-actions").Body(
			r.renderMode(),
			app.Span().ID("reply-hint").Class("muted", "reply-hint").Text(r.hint()),
			r.renderEmoji(),
			r.renderAttach(),
			app.Button().Type("submit").Class("primary").Text(r.submitText()),
		),
	)
}

func (r *ReplyBox) keyDown(ctx app.Context, e app.Event) {
	if r.cannedKey(ctx, e) {
		return
	}
	if e.Get("key").String() != "Enter" || e.Get("shiftKey").Bool() || e.Get("isComposing").Bool() {
		ctx.PreventUpdate() // typing changes nothing on screen but the textarea
		return
	}
	e.PreventDefault()
	r.send(ctx)
}

func (r *ReplyBox) send(ctx app.Context) {
	ta := app.Window().GetElementByID("reply")
	if !ta.Truthy() {
		return
	}
	body := strings.TrimSpace(ta.Get("value").String())
	files, ready := r.readyFiles()
	if !ready || (body == "" && len(files) == 0) || r.OnSend == nil {
		return
	}
	ta.Set("value", "")
	r.filesSent()
	r.stopTyping(ctx)
	if r.tools.note && r.OnNote != nil {
		r.OnNote(ctx, body, files)
	} else {
		r.OnSend(ctx, body, files)
	}
	ta.Call("focus")
}
