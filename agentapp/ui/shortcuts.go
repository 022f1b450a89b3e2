package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Shortcut is a keyboard command of the desk.
type Shortcut int

// The desk's shortcuts.
const (
	ScNone    Shortcut = iota
	ScNext             // j: the next conversation of the list
	ScPrev             // k: the previous one
	ScOpen             // Enter: open the conversation under the cursor
	ScReply            // r: to the reply box
	ScResolve          // e: resolve the open conversation
	ScBack             // Escape: close the help, leave the search, or back to the list
	ScHelp             // ?: the list of shortcuts
	ScSearch           // /: to the search box
)

// KeyPress is what the dispatcher needs to know of a keydown.
type KeyPress struct {
	Key             string
	Ctrl, Meta, Alt bool
	Composing       bool
	// InField is true when the key goes to a text field, a menu or an
	// editable element: shortcuts never fire while the agent types.
	InField bool
	// OnControl is true when a button or link has the focus: Enter is
	// then that control's own (it clicks it).
	OnControl bool
}

// ShortcutFor decides which shortcut a key press is, if any. helpOpen is
// whether the help dialog shows: then only Escape and ? (closing it) count.
func ShortcutFor(k KeyPress, helpOpen bool) Shortcut {
	if k.Ctrl || k.Meta || k.Alt || k.Composing || k.InField {
		return ScNone
	}
	if helpOpen {
		if k.Key == "Escape" || k.Key == "?" {
			return ScHelp
		}
		return ScNone
	}
	switch k.Key {
	case "j", "J":
		return ScNext
	case "k", "K":
		return ScPrev
	case "Enter":
		if k.OnControl {
			return ScNone
		}
		return ScOpen
	case "r", "R":
		return ScReply
	case "e", "E":
		return ScResolve
	case "Escape":
		return ScBack
	case "?":
		return ScHelp
	case "/":
		return ScSearch
	}
	return ScNone
}

// ShortcutHelp lists the shortcuts as the help dialog shows them: the keys,
// then the text key of what they do.
var ShortcutHelp = []struct {
	Keys []string
	What Key
}{
	{[]string{"j", "k"}, KShortcutNextPrev},
	{[]string{"Enter"}, KShortcutOpen},
	{[]string{"r"}, KShortcutReply},
	{[]string{"e"}, KShortcutResolve},
	{[]string{"/"}, KShortcutSearch},
	{[]string{"Esc"}, KShortcutBack},
	{[]string{"?"}, KShortcutHelp},
}

// keyPressOf reads a browser keydown event.
func keyPressOf(e app.Value) KeyPress {
	k := KeyPress{
		Key:       e.Get("key").String(),
		Ctrl:      e.Get("ctrlKey").Bool(),
		Meta:      e.Get("metaKey").Bool(),
		Alt:       e.Get("altKey").Bool(),
		Composing: e.Get("isComposing").Bool(),
	}
	if t := e.Get("target"); t.Truthy() {
		tag := ""
		if n := t.Get("tagName"); n.Truthy() {
			tag = strings.ToUpper(n.String())
		}
		editable := t.Get("isContentEditable")
		k.InField = tag == "INPUT" || tag == "TEXTAREA" || tag == "SELECT" || (editable.Truthy() && editable.Bool())
		k.OnControl = tag == "BUTTON" || tag == "A" || tag == "SUMMARY"
	}
	return k
}

// listenShortcuts routes the desk's keyboard shortcuts. The listener runs
// synchronously in the browser's event, so it can stop the key's default
// action (the page scrolling, "/" typed into the search box it focuses);
// the command itself runs on the UI goroutine. Some input paths deliver a
// key's character separately from its keydown (DevTools' key events among
// them): the character of a key taken as a shortcut is stopped too, until
// the key comes up.
func (d *Desk) listenShortcuts(ctx app.Context) {
	doc := document()
	if !doc.Truthy() {
		return
	}
	swallowed := ""
	listener := app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		e := args[0]
		switch e.Get("type").String() {
		case "keypress":
			if swallowed != "" && e.Get("key").String() == swallowed {
				e.Call("preventDefault")
			}
			return nil
		case "beforeinput":
			t := e.Get("inputType").String()
			if swallowed != "" && (e.Get("data").String() == swallowed ||
				swallowed == "Enter" && (t == "insertLineBreak" || t == "insertParagraph")) {
				e.Call("preventDefault")
			}
			return nil
		case "keyup":
			swallowed = ""
			return nil
		}
		// This runs outside the UI goroutine: it reads the page, never the
		// desk's state. No shortcut acts outside the desk, or behind a panel
		// of its own (security, canned replies, agents).
		if !doc.Call("querySelector", ".desk").Truthy() || doc.Call("querySelector", "[role=dialog]:not(#help)").Truthy() {
			return nil
		}
		helpOpen := app.Window().GetElementByID("help").Truthy()
		k := keyPressOf(e)
		sc := ShortcutFor(k, helpOpen)
		if sc == ScNone {
			return nil
		}
		e.Call("preventDefault")
		// Enter too: it opens a conversation and focuses its reply box,
		// where its line break must not land.
		if len([]rune(k.Key)) == 1 || k.Key == "Enter" {
			swallowed = k.Key
		}
		if sc == ScSearch {
			focusElement("inbox-search") // now, before the key's character arrives
			return nil
		}
		ctx.Dispatch(func(ctx app.Context) { d.runShortcut(ctx, sc) })
		return nil
	})
	for _, ev := range []string{"keydown", "keypress", "beforeinput", "keyup"} {
		doc.Call("addEventListener", ev, listener, true)
	}
}

// runShortcut does what sc says.
func (d *Desk) runShortcut(ctx app.Context, sc Shortcut) {
	switch sc {
	case ScNext, ScPrev:
		delta := 1
		if sc == ScPrev {
			delta = -1
		}
		d.ui.cursor = MoveCursor(d.listedIDs(), d.cursorStart(), delta)
		if id := d.ui.cursor; id != "" {
			ctx.Defer(func(app.Context) { focusRow(id) })
		}
	case ScOpen:
		if id := d.cursorStart(); id != "" {
			d.openConversation(ctx, id)
		}
	case ScReply:
		if d.selected != "" {
			focusElement("reply")
		}
	case ScResolve:
		if conv, ok := FindConversation(d.inbox, d.selected); ok && conv.Status != StatusResolved {
			d.setStatus(ctx, StatusResolved)
		}
	case ScBack:
		switch {
		case d.ui.search.query != "":
			d.clearSearch(ctx)
		case d.selected != "":
			d.back(ctx)
		}
	case ScHelp:
		d.toggleHelp(ctx)
	case ScSearch:
		focusElement("inbox-search")
	}
}

// cursorStart is where j/k and Enter start from: the cursor, else the open
// conversation.
func (d *Desk) cursorStart() string {
	if d.ui.cursor != "" {
		return d.ui.cursor
	}
	return d.selected
}

// focusRow moves focus to the row of conversation id in the list shown
// (a search result or an inbox row) and brings it into view.
func focusRow(id string) {
	for _, prefix := range []string{"result-", "row-"} {
		if e := app.Window().GetElementByID(prefix + id); e.Truthy() {
			e.Call("focus")
			e.Call("scrollIntoView", map[string]any{"block": "nearest"})
			return
		}
	}
}

// HelpDialog lists the keyboard shortcuts.
type HelpDialog struct {
	app.Compo

	Lang    Lang
	OnClose func(app.Context)
}

// Render draws the dialog.
func (h *HelpDialog) Render() app.UI {
	return app.Div().Class("overlay").Body(
		app.Section().ID("help").Class("sheet", "help").Role("dialog").Aria("modal", true).Aria("labelledby", "help-title").Body(
			app.H2().ID("help-title").Text(h.Lang.T(KShortcutsTitle)),
			app.Dl().Class("shortcuts").Body(
				app.Range(ShortcutHelp).Slice(func(i int) app.UI {
					s := ShortcutHelp[i]
					return app.Div().Class("shortcut").Body(
						app.Dt().Body(app.Range(s.Keys).Slice(func(j int) app.UI {
							return app.Kbd().Text(s.Keys[j])
						})),
						app.Dd().Text(h.Lang.T(s.What)),
					)
				}),
			),
			app.P().Class("muted").Text(h.Lang.T(KShortcutsNote)),
			app.Button().ID("help-close").Class("secondary").
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnClose) }).
				Text(h.Lang.T(KClose)),
		),
	)
}

// toggleHelp shows or hides the shortcuts dialog; focus goes to its close
// button, and back to the page when it closes.
func (d *Desk) toggleHelp(ctx app.Context) {
	d.ui.helpOpen = !d.ui.helpOpen
	if d.ui.helpOpen {
		ctx.Defer(func(app.Context) { focusElement("help-close") })
		return
	}
	ctx.Defer(func(app.Context) { focusElement("help-open") })
}
