package browser

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Emojis is the fixed set both composers' emoji pickers offer: no library,
// and screen readers name each character themselves.
var Emojis = []string{"😊", "😂", "😍", "👍", "🙏", "👋", "🎉", "❤️", "😢", "😮", "🤔", "👌", "✅", "📦", "🚚", "💳"}

// InsertAtCaret puts text at the caret of the text box with element id
// (replacing a selection), moves the caret after it and focuses the box.
// The caret counts UTF-16 units, so the cut and the measure are done in
// JavaScript.
func InsertAtCaret(id, text string) {
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	v := el.Get("value")
	start, end := el.Get("selectionStart").Int(), el.Get("selectionEnd").Int()
	el.Set("value", v.Call("slice", 0, start).String()+text+v.Call("slice", end).String())
	pos := start + app.ValueOf(text).Get("length").Int()
	el.Call("setSelectionRange", pos, pos)
	el.Call("focus")
	// Tell listeners (the agents' canned-reply list, typing) the text changed.
	el.Call("dispatchEvent", app.Window().Get("Event").New("input", map[string]any{"bubbles": true}))
}
