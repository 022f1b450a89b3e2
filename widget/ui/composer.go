package ui

import (
	"strings"

	"github.com/comptoir/comptoir/wire"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

const composerID = "cpt-input"

// renderComposer draws the text box and the send button. The textarea is
// left uncontrolled (its value lives in the DOM, not in component state) so
// typing does not re-render the whole panel at every key.
func (c *Chat) renderComposer() app.UI {
	stopped := c.notice == KeyErrUnavailable || c.notice == KeyErrReload
	input := app.Textarea().
		ID(composerID).
		Class("cpt-input").
		Name("message").
		Rows(1).
		Aria("label", T(c.lang, KeyMessage)).
		Placeholder(T(c.lang, KeyPlaceholder)).
		MaxLength(wire.MaxBodyRunes).
		OnKeyDown(c.onKeyDown).
		OnInput(c.onComposerInput).
		OnBlur(func(ctx app.Context, e app.Event) { c.stopTyping(); ctx.PreventUpdate() }).
		OnPaste(c.onPaste)
	button := app.Button().
		Type("submit").
		Class("cpt-send").
		Aria("label", T(c.lang, KeySend)).
		Title(T(c.lang, KeySend)).
		Body(iconSend())
	// Set only when true: go-app prerenders Disabled(false) as
	// disabled="false", which HTML reads as disabled.
	if stopped {
		input = input.Disabled(true)
		button = button.Disabled(true)
	}
	return app.Form().
		Class("cpt-composer").
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			c.submit(ctx)
		}).
		Body(c.renderDrafts(), c.renderAttach(), c.renderEmoji(), input, button)
}

// onKeyDown: Enter sends, Shift+Enter inserts a newline. Enter while an
// input method is composing (Japanese, Chinese…) belongs to the IME.
func (c *Chat) onKeyDown(ctx app.Context, e app.Event) {
	if e.Get("key").String() != "Enter" || e.Get("shiftKey").Bool() || e.Get("isComposing").Bool() {
		return
	}
	e.PreventDefault()
	c.submit(ctx)
}

func (c *Chat) submit(ctx app.Context) {
	el := app.Window().GetElementByID(composerID)
	if !el.Truthy() {
		return
	}
	if c.send(ctx, el.Get("value").String()) {
		el.Set("value", "")
		c.stopTyping()
	}
	el.Call("focus")
}

// focusComposer puts the caret in the text box when the panel opens, except
// on touch screens, where it would pop the keyboard over the conversation.
func focusComposer() {
	win := app.Window()
	if mq := win.Call("matchMedia", "(pointer: coarse)"); mq.Truthy() && mq.Get("matches").Bool() {
		return
	}
	if el := win.GetElementByID(composerID); el.Truthy() {
		el.Call("focus")
	}
}

// trimBody drops surrounding blank space; a message of only spaces and
// newlines is no message.
func trimBody(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}
