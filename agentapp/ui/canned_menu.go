package ui

import (
	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The reply box's canned-reply list: typing / at the start of the reply or
// after a space opens it, what follows filters it, ArrowUp/ArrowDown move,
// Enter or Tab inserts, Escape closes. The textarea stays focused all along
// (the ARIA combobox pattern: aria-expanded, aria-controls and
// aria-activedescendant on the textbox, role=listbox/option on the list).

// cannedListID is the listbox's element id.
const cannedListID = "canned-list"

// cannedMenu is the list's state, owned by the ReplyBox.
type cannedMenu struct {
	open    bool
	query   string
	matches []wire.CannedReply
	active  int
	// hadLibrary is set once the box has seen a non-empty library.
	hadLibrary bool
}

func cannedOptionID(r wire.CannedReply) string { return "canned-opt-" + r.ID }

// replyCaret returns the reply text before the caret and after the
// selection's end, or ok false when there is no reply box. The browser
// counts the selection in UTF-16 units; Go strings are UTF-8.
func replyCaret() (ta app.Value, before, after string, ok bool) {
	ta = app.Window().GetElementByID("reply")
	if !ta.Truthy() {
		return ta, "", "", false
	}
	value := ta.Get("value").String()
	before = value[:byteOffset(value, ta.Get("selectionStart").Int())]
	after = value[byteOffset(value, ta.Get("selectionEnd").Int()):]
	return ta, before, after, true
}

// updateCanned opens, filters or closes the list after the text or the
// caret moved.
func (r *ReplyBox) updateCanned(ctx app.Context) {
	if !r.refreshCanned() {
		ctx.PreventUpdate() // typing changes nothing on screen but the textarea
	}
}

// OnUpdate catches the library arriving while the agent is already typing
// a /query: the list opens without waiting for another key. Only then: a
// list closed with Escape stays closed until the text changes.
func (r *ReplyBox) OnUpdate(ctx app.Context) {
	if r.menu.hadLibrary || len(r.Canned) == 0 {
		return
	}
	r.menu.hadLibrary = true
	if !r.menu.open && app.Window().Get("document").Get("activeElement").Get("id").String() == "reply" {
		r.refreshCanned()
	}
}

// refreshCanned recomputes the list from the text before the caret; it
// reports whether anything on screen changes.
func (r *ReplyBox) refreshCanned() bool {
	ta, before, _, ok := replyCaret()
	query, found := "", false
	if ok && len(r.Canned) > 0 && ta.Get("selectionStart").Int() == ta.Get("selectionEnd").Int() {
		_, query, found = SlashQuery(before)
	}
	if !found {
		if !r.menu.open {
			return false
		}
		r.closeCanned()
		return true
	}
	if !r.menu.open || query != r.menu.query {
		r.menu.active = 0
	}
	r.menu.open, r.menu.query = true, query
	r.menu.matches = FilterCanned(r.Canned, query)
	return true
}

// OnMount adds the list's keyboard guard to the textarea. go-app runs
// event handlers on its UI goroutine, after the browser has already done
// the key's default action, so their PreventDefault comes too late: Enter
// would add a line break and Tab move the focus. This listener is plain
// JavaScript-side Go, called synchronously, and reads the open state from
// the textarea's own aria-expanded.
func (r *ReplyBox) OnMount(ctx app.Context) {
	ta := r.JSValue().Call("querySelector", "textarea")
	if !ta.Truthy() {
		return
	}
	// swallowed is the key whose keydown was stopped: its keypress and
	// line break, which some input paths (DevTools' key events among
	// them) deliver separately, are stopped too, until the key comes up.
	swallowed := ""
	r.keyGuard = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		e := args[0]
		key := e.Get("key").String()
		switch e.Get("type").String() {
		case "keypress":
			if key == swallowed {
				e.Call("preventDefault")
			}
			return nil
		case "beforeinput":
			if t := e.Get("inputType").String(); swallowed == "Enter" && (t == "insertLineBreak" || t == "insertParagraph") {
				e.Call("preventDefault")
			}
			return nil
		case "keyup":
			swallowed = ""
			return nil
		}
		if this.Call("getAttribute", "aria-expanded").String() != "true" {
			return nil
		}
		switch key {
		case "ArrowDown", "ArrowUp":
			e.Call("preventDefault")
		case "Escape":
			// Not stopPropagation: in the capture phase it would also keep
			// the key from the list's own handler on this textarea, which
			// closes the list and stops it there.
			e.Call("preventDefault")
		case "Enter", "Tab":
			if !e.Get("shiftKey").Bool() && !e.Get("isComposing").Bool() {
				e.Call("preventDefault")
				swallowed = key
			}
		}
		return nil
	})
	// Capture: the guard must run before go-app's own keydown listener on
	// the textarea, which may handle Enter synchronously, insert the reply
	// and close the list; a guard running after it saw a closed list and
	// let the browser add a line break to the inserted reply.
	for _, ev := range guardedEvents {
		ta.Call("addEventListener", ev, r.keyGuard, true)
	}
	r.guarded = ta
}

// guardedEvents are the events the keyboard guard listens to.
var guardedEvents = []string{"keydown", "keypress", "beforeinput", "keyup"}

// OnDismount removes the keyboard guard.
func (r *ReplyBox) OnDismount() {
	if r.guarded != nil {
		for _, ev := range guardedEvents {
			r.guarded.Call("removeEventListener", ev, r.keyGuard, true)
		}
		r.keyGuard.Release()
		r.guarded, r.keyGuard = nil, nil
	}
}

// cannedKey handles a key while the list is open; it reports whether the
// key was the list's.
func (r *ReplyBox) cannedKey(ctx app.Context, e app.Event) bool {
	if !r.menu.open {
		return false
	}
	n := len(r.menu.matches)
	switch e.Get("key").String() {
	case "ArrowDown":
		if n > 0 {
			r.menu.active = (r.menu.active + 1) % n
		}
	case "ArrowUp":
		if n > 0 {
			r.menu.active = (r.menu.active + n - 1) % n
		}
	case "Enter", "Tab":
		if e.Get("shiftKey").Bool() || e.Get("isComposing").Bool() {
			return false
		}
		if n > 0 {
			r.insertCanned(r.menu.matches[r.menu.active])
		}
		// With no match, Enter only closes the list: "/xyz" typed by
		// mistake is not sent.
		r.closeCanned()
	case "Escape":
		r.closeCanned()
		e.Call("stopPropagation")
	default:
		return false
	}
	e.PreventDefault()
	return true
}

// insertCanned replaces the /query before the caret with the reply's text
// in the conversation's language, variables filled in, and puts the caret
// after it.
func (r *ReplyBox) insertCanned(reply wire.CannedReply) {
	ta, before, after, ok := replyCaret()
	if !ok {
		return
	}
	start, _, found := SlashQuery(before)
	if !found {
		return
	}
	head := before[:start] + ExpandCanned(CannedText(reply, r.CannedLang), r.CannedVars)
	ta.Set("value", head+after)
	caret := utf16Len(head)
	ta.Call("setSelectionRange", caret, caret)
	ta.Call("focus")
}

// textareaCanned adds the combobox attributes to the reply textarea.
func (r *ReplyBox) textareaCanned(ta app.HTMLTextarea) app.HTMLTextarea {
	ta = ta.Aria("autocomplete", "list").Aria("expanded", r.menu.open)
	if r.menu.open {
		ta = ta.Aria("controls", cannedListID)
		if len(r.menu.matches) > 0 {
			ta = ta.Aria("activedescendant", cannedOptionID(r.menu.matches[r.menu.active]))
		}
	}
	return ta
}

// renderCanned draws the open list above the reply box.
func (r *ReplyBox) renderCanned() app.UI {
	if !r.menu.open {
		return nil
	}
	m := r.menu
	return app.Div().Class("canned-popup").Body(
		app.Ul().ID(cannedListID).Class("canned-list").Role("listbox").
			Aria("label", r.Lang.T(KCanned)).
			Body(app.Range(m.matches).Slice(func(i int) app.UI {
				reply := m.matches[i]
				class := "canned-option"
				if i == m.active {
					class += " canned-active"
				}
				return app.Li().ID(cannedOptionID(reply)).Class(class).Role("option").
					Aria("selected", i == m.active).
					// mousedown, not click: the textarea keeps focus and
					// its caret, which insertCanned needs.
					OnMouseDown(func(ctx app.Context, e app.Event) {
						e.PreventDefault()
						r.insertCanned(reply)
						r.closeCanned()
					}).
					Body(
						app.Span().Class("canned-shortcut").Text("/"+reply.Shortcut),
						app.Span().Class("canned-title").Text(reply.Title),
					)
			})),
		app.If(len(m.matches) == 0, func() app.UI {
			return app.P().Class("canned-none", "muted").Role("status").Text(r.Lang.T(KCannedNoMatch))
		}),
	)
}

// closeCanned closes the list.
func (r *ReplyBox) closeCanned() {
	r.menu = cannedMenu{hadLibrary: r.menu.hadLibrary}
}
