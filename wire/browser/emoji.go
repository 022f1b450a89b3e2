package browser

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Emojis is the fixed set both composers' emoji pickers offer: no library,
// and screen readers name each character themselves.
var Emojis = []string{"😊", "😂", "😍", "👍", "🙏", "👋", "🎉", "❤️", "😢", "😮", "🤔", "👌", "✅", "📦", "🚚", "💳"}

// InsertAtCaret puts text at the caret of the text box with element id
// (replacing a selection), moves the caret after it and focuses the box.
// The caret counts UTF-16 units: the cut is done in JavaScript.
func InsertAtCaret(id, text string) {
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	v := el.Get("value")
	start, end := el.Get("selectionStart").Int(), el.Get("selectionEnd").Int()
	el.Set("value", v.Call("slice", 0, start).String()+text+v.Call("slice", end).String())
	pos := start + utf16Len(text)
	el.Call("setSelectionRange", pos, pos)
	el.Call("focus")
	// Tell listeners (the agents' canned-reply list, typing) the text changed.
	el.Call("dispatchEvent", app.Window().Get("Event").New("input", map[string]any{"bubbles": true}))
}

// utf16Len is how many UTF-16 units JavaScript counts in s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}
