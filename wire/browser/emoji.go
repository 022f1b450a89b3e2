package browser

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Emojis is the fixed set both composers' emoji pickers offer: no library,
// and screen readers name each character themselves.
var Emojis = []string{"😊", "😂", "😍", "👍", "🙏", "👋", "🎉", "❤️", "😢", "😮", "🤔", "👌", "✅", "📦", "🚚", "💳"}

// InsertAtCaret puts text at the caret of the text box with element id
// (replacing a selection), moves the caret after it and focuses the box.
func InsertAtCaret(id, text string) {
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	el.Call("setRangeText", text, el.Get("selectionStart"), el.Get("selectionEnd"), "end")
	el.Call("focus")
	// Tell listeners (the agents' canned-reply list, typing) the text changed.
	el.Call("dispatchEvent", app.Window().Get("Event").New("input", map[string]any{"bubbles": true}))
}
